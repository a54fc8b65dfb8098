// Keys: create (secret shown once), list, read, change, delete, revoke, bulk revoke, rotate, usage, stats.
import { Type } from 'typebox';
import type { App } from '../app.js';
import type { RouteDeps } from './index.js';
import { AllowedIps, component, DateTime, Email, Id, Key, KeyLimits, KeyMeta, KeyWithSecret, ListOf, Nullable, PageQuery, Ratelimit, Scope, TenantParams } from '../schemas.js';
import { describeRoute, json } from '../openapi.js';
import { originOf, requirePrincipal } from '../auth.js';
import { fieldInvalid } from '../../errors.js';
import { assertMayCreateIn, createKey, rotateKey, updateKey } from '../../services/keys.js';
import { bulkRevoke, deleteKey, deleteOwnKeys, revokeKey } from '../../services/key-removal.js';
import { getKey, keyStats, keyUsage, listKeys } from '../../services/key-queries.js';

const KeyParams = Type.Object({ tid: Id('ten'), kid: Id('key') });
const Description = Type.String({ minLength: 1, maxLength: 1000 });
const KeyName = Type.String({ minLength: 1, maxLength: 200 });
const Scopes = Type.Array(Scope, { minItems: 1, maxItems: 100 });
const Credits = Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 });

const CreateKeyBody = Type.Object({
  name: Type.Optional(KeyName),
  description: Type.Optional(Description),
  email: Type.Optional(Email),
  expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  expiresAt: Type.Optional(DateTime),
  scopes: Type.Optional(Scopes),
  management: Type.Optional(Type.Boolean()),
  ownerId: Type.Optional(Id('usr')),
  ratelimit: Type.Optional(Nullable(Ratelimit)),
  remaining: Type.Optional(Nullable(Credits)),
  meta: Type.Optional(Nullable(KeyMeta)),
  allowedIps: Type.Optional(Nullable(AllowedIps)),
  limits: Type.Optional(KeyLimits),
}, {
  additionalProperties: false,
  // Neither name nor description, or both expiry forms, is a schema error (DESIGN "Creating a key").
  // The anyOf sits in an allOf so that type generators keep the object's fields (openapi-typescript
  // turns an anyOf beside properties into a union with `unknown`).
  allOf: [{ anyOf: [{ required: ['name'] }, { required: ['description'] }] }],
  not: { properties: { expiresInDays: {}, expiresAt: {} }, required: ['expiresInDays', 'expiresAt'] },
});

const PatchKeyBody = Type.Object({
  name: Type.Optional(KeyName),
  description: Type.Optional(Nullable(Description)),
  email: Type.Optional(Nullable(Email)),
  scopes: Type.Optional(Scopes),
  management: Type.Optional(Type.Boolean()),
  ratelimit: Type.Optional(Nullable(Ratelimit)),
  remaining: Type.Optional(Nullable(Credits)),
  meta: Type.Optional(Nullable(KeyMeta)),
  allowedIps: Type.Optional(Nullable(AllowedIps)),
  limits: Type.Optional(KeyLimits),
  limitBalances: Type.Optional(Type.Array(Type.Object({
    name: Type.String({ pattern: '^[a-z0-9_-]{1,32}$' }), remaining: Credits,
  }, { additionalProperties: false }), { maxItems: 20, description: 'Sets the balances of the key\'s own credits limits. A tenant limit (the plan) is 403 for anyone but a platform admin.' })),
}, { additionalProperties: false, minProperties: 1 });

const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: "Case-insensitive substring of the key's name, description or id, or its owner's email or name." })),
  status: Type.Optional(Type.String({ maxLength: 50, description: 'Comma-separated statuses: `active,expired`.' })),
  owner: Type.Optional(Type.Union([Type.Literal('me'), Id('usr')], { description: '`me`, or a user id (tenant admins).' })),
  resource: Type.Optional({ ...Id('res'), description: 'Keys with a scope that covers this resource: on it, on one of its ancestors, or on the whole tenant.' }),
  sort: Type.Optional(Type.String({ maxLength: 20, description: 'A field (`name`, `createdAt`, `updatedAt`, `expiresAt`, `lastUsedAt`, `status`, `usage24h`), `-field` for descending; default `-createdAt`.' })),
  ...PageQuery,
}, { additionalProperties: false });

/**
 * Both expiry forms break the schema's `not` above, whose error points at the body's root; this
 * names the field and the reason first, still as the 400 that precedes every policy check.
 */
function assertOneExpiryForm(body: unknown): void {
  const b = body as Record<string, unknown> | null;
  if (b && typeof b === 'object' && b.expiresInDays !== undefined && b.expiresAt !== undefined) {
    throw fieldInvalid('/expiresAt', 'cannot be sent together with expiresInDays');
  }
}

const KeyStats = component('KeyStats', Type.Object({ active: Type.Integer(), expiringSoon: Type.Integer(), expired: Type.Integer(), revoked: Type.Integer() }, {
  description: '`expiringSoon` counts active keys expiring within `expiryReminderDays`, and is included in `active`.',
  example: { active: 4, expiringSoon: 1, expired: 2, revoked: 3 },
}));
const KeyUsage = component('KeyUsage', Type.Object({
  interval: Type.Unsafe<string>({ type: 'string', enum: ['hour', 'day'] }),
  items: Type.Array(Type.Object({ at: Type.String(), valid: Type.Integer(), failed: Type.Integer() })),
}, { example: { interval: 'hour', items: [{ at: '2026-11-24T10:00:00.000Z', valid: 120, failed: 3 }] } }));
const BulkRevokeResult = component('BulkRevokeResult', Type.Object({
  results: Type.Array(Type.Object({ id: Type.String(), ok: Type.Boolean(), code: Type.Optional(Type.String()) })),
}, { example: { results: [{ id: 'key_01jdx3p8s0u2w4y6a8c0e2g4i6', ok: true }, { id: 'key_01jdx3r2t4v6x8z0b2d4f6h8j0', ok: false, code: 'NOT_ACTIVE' }] } }));

export function keyRoutes(api: App, { ctx }: RouteDeps) {
  api.post('/tenants/:tid/keys', {
    // After the app's authentication and before the schema: 404 for an unseen tenant, then 400s.
    preValidation: async (request) => {
      await assertMayCreateIn(ctx, requirePrincipal(request), (request.params as { tid: string }).tid);
      assertOneExpiryForm(request.body);
    },
    schema: describeRoute({
      operationId: 'createKey', summary: 'Create a key',
      description: 'Send `name` or `description`, and at most one of `expiresInDays` and `expiresAt` (neither: the tenant\'s maximum expiry, or none). Without `scopes` the key reads the whole tenant. A tenant admin may create a key for a member with `ownerId`. The secret is in this answer only.',
      tag: 'keys', security: 'signedIn', params: TenantParams, body: CreateKeyBody,
      response: { 201: json('The key, and its secret shown this once.', KeyWithSecret) },
      errors: [403, 404, 409, 422], codes: { 403: ['API_KEYS_DISABLED', 'NOT_DEVELOPER', 'NOT_LICENSED', 'FORBIDDEN', 'CSRF_FAILED'], 409: ['KEY_LIMIT_REACHED'] },
    }),
  }, async (request, reply) => {
    const created = await createKey(ctx, requirePrincipal(request), request.params.tid, request.body, originOf(request));
    return reply.status(201).send(created);
  });

  api.get('/tenants/:tid/keys', {
    schema: describeRoute({
      operationId: 'listKeys', summary: 'List keys',
      description: 'A member sees their own keys, a tenant admin every key. Another user\'s `owner` from a non-admin is 403.',
      tag: 'keys', security: 'signedIn', params: TenantParams, querystring: ListQuery,
      response: { 200: json('A page of keys.', ListOf(Key)) }, errors: [403, 404],
    }),
  }, async (request) => listKeys(ctx, requirePrincipal(request), request.params.tid, { ...request.query, limit: request.query.limit ?? 50 }));

  api.delete('/tenants/:tid/keys', {
    schema: describeRoute({
      operationId: 'deleteOwnKeys', summary: 'Delete all your own keys in a tenant', description: 'Developers; `owner=me` is required, so that no one deletes every key by mistake.', tag: 'keys', security: 'signedIn', params: TenantParams,
      querystring: Type.Object({ owner: Type.Literal('me') }, { additionalProperties: false }),
      response: { 204: Type.Null({ description: 'Deleted.' }) }, errors: [403, 404],
    }),
  }, async (request, reply) => {
    await deleteOwnKeys(ctx, requirePrincipal(request), request.params.tid, originOf(request));
    return reply.status(204).send(null);
  });

  api.post('/tenants/:tid/keys/revoke', {
    schema: describeRoute({
      operationId: 'revokeKeys', summary: 'Revoke many keys at once',
      description: 'Answers one result per id, in request order; one key\'s failure (`NOT_ACTIVE`, `NOT_FOUND`) does not stop the others.',
      tag: 'keys', security: 'signedIn', params: TenantParams,
      body: Type.Object({ keyIds: Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false }),
      response: { 200: json('Each key\'s outcome.', BulkRevokeResult) }, errors: [403, 404],
    }),
  }, async (request) => bulkRevoke(ctx, requirePrincipal(request), request.params.tid, request.body.keyIds, originOf(request)));

  api.get('/tenants/:tid/keys/:kid', {
    schema: describeRoute({
      operationId: 'getKey', summary: 'Get a key', description: 'Its owner, or a tenant admin; anyone else gets 404.', tag: 'keys', security: 'signedIn', params: KeyParams,
      response: { 200: json('The key.', Key) }, errors: [403, 404],
    }),
  }, async (request) => getKey(ctx, requirePrincipal(request), request.params.tid, request.params.kid));

  api.patch('/tenants/:tid/keys/:kid', {
    schema: describeRoute({
      operationId: 'updateKey', summary: 'Change a key',
      description: 'Scopes may only narrow and `management` only turn off; only a tenant admin changes `ratelimit`, `remaining`, `limits` (replaces the key\'s own named limits) and `limitBalances`. `meta` is set by the owner or a tenant admin; the owner may only narrow `allowedIps` (measured against the key\'s own list, else the tenant\'s, else any address), a tenant admin sets it freely.',
      tag: 'keys', security: 'signedIn', params: KeyParams, body: PatchKeyBody,
      response: { 200: json('The changed key.', Key) }, errors: [403, 404],
    }),
  }, async (request) => updateKey(ctx, requirePrincipal(request), request.params.tid, request.params.kid, request.body, originOf(request)));

  api.delete('/tenants/:tid/keys/:kid', {
    schema: describeRoute({
      operationId: 'deleteKey', summary: 'Delete a key',
      description: 'The owner (developer) deletes their own key; a tenant admin deletes any key that is expired or revoked.',
      tag: 'keys', security: 'signedIn', params: KeyParams,
      response: { 204: Type.Null({ description: 'Deleted.' }) }, errors: [403, 404],
    }),
  }, async (request, reply) => {
    await deleteKey(ctx, requirePrincipal(request), request.params.tid, request.params.kid, originOf(request));
    return reply.status(204).send(null);
  });

  api.post('/tenants/:tid/keys/:kid/revoke', {
    schema: describeRoute({
      operationId: 'revokeKey', summary: 'Revoke a key',
      description: 'Tenant admins; only an active key, including one in its rotation grace period. Irreversible.',
      tag: 'keys', security: 'signedIn', params: KeyParams, body: Type.Object({}, { additionalProperties: false }), optionalBody: true,
      response: { 200: json('The revoked key.', Key) }, errors: [403, 404, 409], codes: { 409: ['NOT_ACTIVE'] },
    }),
  }, async (request) => revokeKey(ctx, requirePrincipal(request), request.params.tid, request.params.kid, originOf(request)));

  api.post('/tenants/:tid/keys/:kid/rotate', {
    schema: describeRoute({
      operationId: 'rotateKey', summary: 'Rotate a key',
      description: 'The owner replaces an active key with a new one of the same settings; the old key keeps working for `gracePeriodSeconds` (default 0). The new secret is in this answer only.',
      tag: 'keys', security: 'signedIn', params: KeyParams, optionalBody: true,
      body: Type.Object({ gracePeriodSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_592_000 })) }, { additionalProperties: false }),
      response: { 201: json('The new key, and its secret shown this once.', KeyWithSecret) },
      errors: [403, 404, 409], codes: { 403: ['FORBIDDEN', 'API_KEYS_DISABLED', 'NOT_DEVELOPER', 'NOT_LICENSED', 'CSRF_FAILED'], 409: ['NOT_ACTIVE'] },
    }),
  }, async (request, reply) => {
    const rotated = await rotateKey(ctx, requirePrincipal(request), request.params.tid, request.params.kid, request.body, originOf(request));
    return reply.status(201).send(rotated);
  });

  api.get('/tenants/:tid/keys/:kid/usage', {
    schema: describeRoute({
      operationId: 'getKeyUsage', summary: 'Get a key\'s verifications over time',
      description: 'Buckets aligned to UTC, empty ones as zeros; by default the last 24 hours by hour (or 30 days by day). More than 1000 buckets is a 400.',
      tag: 'keys', security: 'signedIn', params: KeyParams,
      querystring: Type.Object({
        since: Type.Optional(DateTime), until: Type.Optional(DateTime),
        interval: Type.Optional(Type.Union([Type.Literal('hour'), Type.Literal('day')])),
      }, { additionalProperties: false }),
      response: { 200: json('Valid and failed verifications per bucket.', KeyUsage) }, errors: [403, 404],
    }),
  }, async (request) => keyUsage(ctx, requirePrincipal(request), request.params.tid, request.params.kid, request.query));

  api.get('/tenants/:tid/stats', {
    schema: describeRoute({
      operationId: 'getKeyStats', summary: 'Count keys by status',
      description: 'A member counts their own keys, a tenant admin every key.',
      tag: 'keys', security: 'signedIn', params: TenantParams,
      response: { 200: json('The counts.', KeyStats) }, errors: [403, 404],
    }),
  }, async (request) => keyStats(ctx, requirePrincipal(request), request.params.tid));
}
