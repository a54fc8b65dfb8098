// Webhook endpoints of a tenant and their delivery attempts (tenant admin).
import { Type } from 'typebox';
import type { App } from '../app.js';
import type { RouteDeps } from './index.js';
import { DateTime, Id, ListOf, Nullable, PageQuery, TenantParams, errors } from '../schemas.js';
import { originOf, requirePrincipal } from '../auth.js';
import {
  createWebhook, deleteWebhook, getWebhook, listDeliveries, listWebhooks, updateWebhook,
} from '../../services/webhooks.js';

// An event type (`key.revoked`), every event of an area (`key.*`), or every event (`*`).
const EventType = Type.String({ pattern: '^(\\*|[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*(\\.\\*)?)$', maxLength: 100 });
const EventTypes = Type.Array(EventType, { minItems: 1, maxItems: 100 });
const Url = Type.String({ minLength: 1, maxLength: 2000, description: '`https://`, or `http://` on a loopback address only.' });
const Description = Nullable(Type.String({ maxLength: 1000 }));

const Webhook = Type.Object({
  id: Type.String(), tenantId: Type.String(), url: Type.String(), description: Nullable(Type.String()),
  eventTypes: Type.Array(Type.String()), enabled: Type.Boolean(), createdAt: DateTime, updatedAt: DateTime,
});
const Delivery = Type.Object({
  id: Type.String(), eventId: Type.String(), at: DateTime, attempt: Type.Integer(),
  status: Type.String({ description: '`succeeded`, `failed` (retried at `nextAttemptAt`) or `gave_up`.' }),
  responseStatus: Nullable(Type.Integer()), error: Nullable(Type.String()), nextAttemptAt: Nullable(DateTime),
  durationMs: Type.Integer(),
});
const WebhookParams = Type.Object({ tid: Id('ten'), wid: Id('whk') });
const PageOnly = Type.Object({ ...PageQuery }, { additionalProperties: false });

export function webhookRoutes(api: App, { ctx }: RouteDeps) {
  api.post('/tenants/:tid/webhooks', {
    schema: {
      tags: ['webhooks'], params: TenantParams,
      body: Type.Object({ url: Url, eventTypes: EventTypes, description: Type.Optional(Description) }, { additionalProperties: false }),
      response: { 201: Type.Object({ webhook: Webhook, secret: Type.String({ description: 'The signing secret, shown once.' }) }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) =>
    reply.status(201).send(await createWebhook(ctx, requirePrincipal(request), request.params.tid, request.body, originOf(request))));

  api.get('/tenants/:tid/webhooks', {
    schema: { tags: ['webhooks'], params: TenantParams, querystring: PageOnly, response: { 200: ListOf(Webhook), ...errors(400, 401, 403, 404) } },
  }, async (request) => listWebhooks(ctx, requirePrincipal(request), request.params.tid, { ...request.query, limit: request.query.limit ?? 50 }));

  api.get('/tenants/:tid/webhooks/:wid', {
    schema: { tags: ['webhooks'], params: WebhookParams, response: { 200: Webhook, ...errors(401, 403, 404) } },
  }, async (request) => getWebhook(ctx, requirePrincipal(request), request.params.tid, request.params.wid));

  api.patch('/tenants/:tid/webhooks/:wid', {
    schema: {
      tags: ['webhooks'], params: WebhookParams,
      body: Type.Object({
        url: Type.Optional(Url), eventTypes: Type.Optional(EventTypes), description: Type.Optional(Description), enabled: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: Webhook, ...errors(400, 401, 403, 404) },
    },
  }, async (request) =>
    updateWebhook(ctx, requirePrincipal(request), request.params.tid, request.params.wid, request.body, originOf(request)));

  api.delete('/tenants/:tid/webhooks/:wid', {
    schema: { tags: ['webhooks'], params: WebhookParams, response: { 204: Type.Null(), ...errors(401, 403, 404) } },
  }, async (request, reply) => {
    await deleteWebhook(ctx, requirePrincipal(request), request.params.tid, request.params.wid, originOf(request));
    return reply.status(204).send(null);
  });

  api.get('/tenants/:tid/webhooks/:wid/deliveries', {
    schema: { tags: ['webhooks'], params: WebhookParams, querystring: PageOnly, response: { 200: ListOf(Delivery), ...errors(400, 401, 403, 404) } },
  }, async (request) =>
    listDeliveries(ctx, requirePrincipal(request), request.params.tid, request.params.wid, { ...request.query, limit: request.query.limit ?? 50 }));
}
