// GET /tenants/:tid/events (tenant admin) and GET /events (platform admin): the audit trail.
import { Type } from 'typebox';
import type { App } from '../app.js';
import type { RouteDeps } from './index.js';
import { Event, Id, ListOf, PageQuery, TenantParams } from '../schemas.js';
import { describeRoute, json } from '../openapi.js';
import { requirePrincipal } from '../auth.js';
import { listPlatformEvents, listTenantEvents } from '../../services/events.js';

// An event type is a dotted lowercase word (`key.verify_failed`); `key.*` matches by prefix.
const TYPE_ITEM = '[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*(\\.\\*|\\*)?';

const EventQuery = Type.Object({
  type: Type.Optional(Type.String({ pattern: `^${TYPE_ITEM}(,${TYPE_ITEM})*$`, maxLength: 2000, description: 'Comma-separated event types; `key.*` matches every key event.' })),
  keyId: Type.Optional(Id('key')),
  actor: Type.Optional(Type.String({ pattern: '^(system|[a-z]+_[0-9a-z]{1,64})$', maxLength: 80, description: 'An actor id (`usr_…`, `key_…`), or `system`.' })),
  since: Type.Optional(Type.String({ format: 'date-time', description: 'Inclusive, ISO-8601.' })),
  until: Type.Optional(Type.String({ format: 'date-time', description: 'Exclusive, ISO-8601.' })),
  ...PageQuery,
}, { additionalProperties: false });

export function eventRoutes(api: App, { ctx }: RouteDeps) {
  api.get('/tenants/:tid/events', {
    schema: describeRoute({
      operationId: 'listEvents', summary: "List a tenant's events", description: 'Tenant admins; newest first.',
      tag: 'events', security: 'signedIn', params: TenantParams, querystring: EventQuery,
      response: { 200: json('A page of events.', ListOf(Event)) }, errors: [403, 404],
    }),
  }, async (request) => listTenantEvents(ctx, requirePrincipal(request), request.params.tid, { ...request.query, limit: request.query.limit ?? 50 }));

  api.get('/events', {
    schema: describeRoute({
      operationId: 'listPlatformEvents', summary: 'List platform events',
      description: 'Platform admins; events outside any tenant (`user.created`, `auth.*`, throttling), newest first.',
      tag: 'events', security: 'signedIn', querystring: EventQuery,
      response: { 200: json('A page of events.', ListOf(Event)) }, errors: [403],
    }),
  }, async (request) => listPlatformEvents(ctx, requirePrincipal(request), { ...request.query, limit: request.query.limit ?? 50 }));
}
