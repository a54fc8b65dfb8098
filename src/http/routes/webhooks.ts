// Webhook endpoints of a tenant and their delivery attempts (tenant admin).
import { Type } from 'typebox';
import type { App } from '../app.js';
import type { RouteDeps } from './index.js';
import { component, DateTime, Id, ListOf, Nullable, PageQuery, TenantParams } from '../schemas.js';
import { describeRoute, json } from '../openapi.js';
import { originOf, requirePrincipal } from '../auth.js';
import {
  createWebhook, deleteWebhook, getWebhook, listDeliveries, listWebhooks, updateWebhook,
} from '../../services/webhooks.js';

// An event type (`key.revoked`), every event of an area (`key.*`), or every event (`*`).
const EventType = Type.String({ pattern: '^(\\*|[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*(\\.\\*)?)$', maxLength: 100 });
const EventTypes = Type.Array(EventType, { minItems: 1, maxItems: 100 });
const Url = Type.String({
  minLength: 1, maxLength: 2000,
  description: '`https://` without user or password, to a host whose every address is globally reachable; an inner receiver, and `http://`, only where `KEYWARDEN_WEBHOOK_ALLOW` allows its address.',
});
const Description = Nullable(Type.String({ maxLength: 1000 }));

const EXAMPLE_WEBHOOK = {
  id: 'whk_01jdx3s4u6w8y0a2c4e6g8i0k2', tenantId: 'ten_01jdx3k2m4n6p8r0t2v4x6z8b0', url: 'https://hooks.example.com/keywarden',
  description: 'Alerts', eventTypes: ['key.revoked', 'key.leaked'], enabled: true, createdAt: '2026-11-24T10:00:00.000Z', updatedAt: '2026-11-24T10:00:00.000Z',
};
const Webhook = component('Webhook', Type.Object({
  id: Type.String(), tenantId: Type.String(), url: Type.String(), description: Nullable(Type.String()),
  eventTypes: Type.Array(Type.String()), enabled: Type.Boolean(), createdAt: DateTime, updatedAt: DateTime,
}, { example: EXAMPLE_WEBHOOK }));
const WebhookWithSecret = component('WebhookWithSecret', Type.Object({
  webhook: Webhook, secret: Type.String({ description: 'The signing secret, shown once.' }),
}, { example: { webhook: EXAMPLE_WEBHOOK, secret: 'whsec_3q9ZxV7mP2rT5vY8bN1cF4hJ6kL0sW2a' } }));
const Delivery = component('Delivery', Type.Object({
  id: Type.String(), eventId: Type.String(), at: DateTime, attempt: Type.Integer(),
  // Typed as a string: the store reads it as one; the enum documents the values.
  status: Type.Unsafe<string>({ type: 'string', enum: ['succeeded', 'failed', 'gave_up'], description: '`failed` is retried at `nextAttemptAt`.' }),
  responseStatus: Nullable(Type.Integer()),
  error: Nullable(Type.String({ description: '`timeout`, `dns`, `refused_address`, `connection_failed`, `tls` or `http_status` (see `responseStatus`); null on success.' })),
  nextAttemptAt: Nullable(DateTime),
  durationMs: Type.Integer(),
}));
const WebhookParams = Type.Object({ tid: Id('ten'), wid: Id('whk') });
const PageOnly = Type.Object({ ...PageQuery }, { additionalProperties: false });

export function webhookRoutes(api: App, { ctx }: RouteDeps) {
  api.post('/tenants/:tid/webhooks', {
    schema: describeRoute({
      operationId: 'createWebhook', summary: 'Create a webhook',
      description: "Tenant admins. Keywarden signs each delivery with the secret in this answer, shown once.",
      tag: 'webhooks', security: 'signedIn', params: TenantParams,
      body: Type.Object({ url: Url, eventTypes: EventTypes, description: Type.Optional(Description) }, { additionalProperties: false }),
      response: { 201: json('The webhook and its signing secret.', WebhookWithSecret) }, errors: [403, 404, 409], codes: { 409: ['QUOTA_REACHED'] },
    }),
  }, async (request, reply) =>
    reply.status(201).send(await createWebhook(ctx, requirePrincipal(request), request.params.tid, request.body, originOf(request))));

  api.get('/tenants/:tid/webhooks', {
    schema: describeRoute({
      operationId: 'listWebhooks', summary: "List a tenant's webhooks", description: 'Tenant admins.', tag: 'webhooks', security: 'signedIn',
      params: TenantParams, querystring: PageOnly, response: { 200: json('A page of webhooks.', ListOf(Webhook)) }, errors: [403, 404],
    }),
  }, async (request) => listWebhooks(ctx, requirePrincipal(request), request.params.tid, { ...request.query, limit: request.query.limit ?? 50 }));

  api.get('/tenants/:tid/webhooks/:wid', {
    schema: describeRoute({
      operationId: 'getWebhook', summary: 'Get a webhook', description: 'Tenant admins.', tag: 'webhooks', security: 'signedIn',
      params: WebhookParams, response: { 200: json('The webhook.', Webhook) }, errors: [403, 404],
    }),
  }, async (request) => getWebhook(ctx, requirePrincipal(request), request.params.tid, request.params.wid));

  api.patch('/tenants/:tid/webhooks/:wid', {
    schema: describeRoute({
      operationId: 'updateWebhook', summary: 'Change a webhook', description: 'Tenant admins.', tag: 'webhooks', security: 'signedIn', params: WebhookParams,
      body: Type.Object({
        url: Type.Optional(Url), eventTypes: Type.Optional(EventTypes), description: Type.Optional(Description), enabled: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: json('The changed webhook.', Webhook) }, errors: [403, 404],
    }),
  }, async (request) =>
    updateWebhook(ctx, requirePrincipal(request), request.params.tid, request.params.wid, request.body, originOf(request)));

  api.delete('/tenants/:tid/webhooks/:wid', {
    schema: describeRoute({
      operationId: 'deleteWebhook', summary: 'Delete a webhook', description: 'Tenant admins.', tag: 'webhooks', security: 'signedIn',
      params: WebhookParams, response: { 204: Type.Null({ description: 'Deleted.' }) }, errors: [403, 404],
    }),
  }, async (request, reply) => {
    await deleteWebhook(ctx, requirePrincipal(request), request.params.tid, request.params.wid, originOf(request));
    return reply.status(204).send(null);
  });

  api.get('/tenants/:tid/webhooks/:wid/deliveries', {
    schema: describeRoute({
      operationId: 'listDeliveries', summary: "List a webhook's delivery attempts", description: 'Tenant admins; newest first.',
      tag: 'webhooks', security: 'signedIn', params: WebhookParams, querystring: PageOnly,
      response: { 200: json('A page of delivery attempts.', ListOf(Delivery)) }, errors: [403, 404],
    }),
  }, async (request) =>
    listDeliveries(ctx, requirePrincipal(request), request.params.tid, request.params.wid, { ...request.query, limit: request.query.limit ?? 50 }));
}
