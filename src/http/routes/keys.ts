// Keys: create (secret shown once), list, read, change, delete, revoke, bulk revoke, rotate, usage, stats.
import { Type } from 'typebox';
import type { App } from '../app.js';
import type { RouteDeps } from './index.js';
import { DateTime, Email, Id, Key, KeyWithSecret, ListOf, Nullable, PageQuery, Ratelimit, Scope, TenantParams, errors } from '../schemas.js';
import { originOf, requirePrincipal } from '../auth.js';
import { fieldInvalid } from '../../errors.js';
import { assertMayCreateIn, bulkRevoke, createKey, deleteKey, deleteOwnKeys, revokeKey, rotateKey, updateKey } from '../../services/keys.js';
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
}, {
  additionalProperties: false,
  // Neither name nor description, or both expiry forms, is a schema error (DESIGN "Creating a key").
  anyOf: [{ required: ['name'] }, { required: ['description'] }],
  not: { required: ['expiresInDays', 'expiresAt'] },
});

const PatchKeyBody = Type.Object({
  name: Type.Optional(KeyName),
  description: Type.Optional(Nullable(Description)),
  email: Type.Optional(Nullable(Email)),
  scopes: Type.Optional(Scopes),
  management: Type.Optional(Type.Boolean()),
  ratelimit: Type.Optional(Nullable(Ratelimit)),
  remaining: Type.Optional(Nullable(Credits)),
}, { additionalProperties: false, minProperties: 1 });

const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  status: Type.Optional(Type.String({ maxLength: 50 })),
  owner: Type.Optional(Type.Union([Type.Literal('me'), Id('usr')])),
  sort: Type.Optional(Type.String({ maxLength: 20 })),
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

export function keyRoutes(api: App, { ctx }: RouteDeps) {
  api.post('/tenants/:tid/keys', {
    // After the app's authentication and before the schema: 404 for an unseen tenant, then 400s.
    preValidation: async (request) => {
      await assertMayCreateIn(ctx, requirePrincipal(request), (request.params as { tid: string }).tid);
      assertOneExpiryForm(request.body);
    },
    schema: { tags: ['keys'], params: TenantParams, body: CreateKeyBody, response: { 201: KeyWithSecret, ...errors(400, 401, 403, 404, 409, 422) } },
  }, async (request, reply) => {
    const created = await createKey(ctx, requirePrincipal(request), request.params.tid, request.body, originOf(request));
    return reply.status(201).send(created);
  });

  api.get('/tenants/:tid/keys', {
    schema: { tags: ['keys'], params: TenantParams, querystring: ListQuery, response: { 200: ListOf(Key), ...errors(400, 401, 403, 404) } },
  }, async (request) => listKeys(ctx, requirePrincipal(request), request.params.tid, { ...request.query, limit: request.query.limit ?? 50 }));

  api.delete('/tenants/:tid/keys', {
    schema: {
      tags: ['keys'], params: TenantParams,
      querystring: Type.Object({ owner: Type.Literal('me') }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await deleteOwnKeys(ctx, requirePrincipal(request), request.params.tid, originOf(request));
    return reply.status(204).send(null);
  });

  api.post('/tenants/:tid/keys/revoke', {
    schema: {
      tags: ['keys'], params: TenantParams,
      body: Type.Object({ keyIds: Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false }),
      response: {
        200: Type.Object({ results: Type.Array(Type.Object({ id: Type.String(), ok: Type.Boolean(), code: Type.Optional(Type.String()) })) }),
        ...errors(400, 401, 403, 404),
      },
    },
  }, async (request) => bulkRevoke(ctx, requirePrincipal(request), request.params.tid, request.body.keyIds, originOf(request)));

  api.get('/tenants/:tid/keys/:kid', {
    schema: { tags: ['keys'], params: KeyParams, response: { 200: Key, ...errors(401, 403, 404) } },
  }, async (request) => getKey(ctx, requirePrincipal(request), request.params.tid, request.params.kid));

  api.patch('/tenants/:tid/keys/:kid', {
    schema: { tags: ['keys'], params: KeyParams, body: PatchKeyBody, response: { 200: Key, ...errors(400, 401, 403, 404) } },
  }, async (request) => updateKey(ctx, requirePrincipal(request), request.params.tid, request.params.kid, request.body, originOf(request)));

  api.delete('/tenants/:tid/keys/:kid', {
    schema: { tags: ['keys'], params: KeyParams, response: { 204: Type.Null(), ...errors(401, 403, 404) } },
  }, async (request, reply) => {
    await deleteKey(ctx, requirePrincipal(request), request.params.tid, request.params.kid, originOf(request));
    return reply.status(204).send(null);
  });

  api.post('/tenants/:tid/keys/:kid/revoke', {
    schema: {
      tags: ['keys'], params: KeyParams, body: Type.Object({}, { additionalProperties: false }),
      response: { 200: Key, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) => revokeKey(ctx, requirePrincipal(request), request.params.tid, request.params.kid, originOf(request)));

  api.post('/tenants/:tid/keys/:kid/rotate', {
    schema: {
      tags: ['keys'], params: KeyParams,
      body: Type.Object({ gracePeriodSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_592_000 })) }, { additionalProperties: false }),
      response: { 201: KeyWithSecret, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const rotated = await rotateKey(ctx, requirePrincipal(request), request.params.tid, request.params.kid, request.body, originOf(request));
    return reply.status(201).send(rotated);
  });

  api.get('/tenants/:tid/keys/:kid/usage', {
    schema: {
      tags: ['keys'], params: KeyParams,
      querystring: Type.Object({
        since: Type.Optional(DateTime), until: Type.Optional(DateTime),
        interval: Type.Optional(Type.Union([Type.Literal('hour'), Type.Literal('day')])),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          interval: Type.String(),
          items: Type.Array(Type.Object({ at: Type.String(), valid: Type.Integer(), failed: Type.Integer() })),
        }),
        ...errors(400, 401, 403, 404),
      },
    },
  }, async (request) => keyUsage(ctx, requirePrincipal(request), request.params.tid, request.params.kid, request.query));

  api.get('/tenants/:tid/stats', {
    schema: {
      tags: ['keys'], params: TenantParams,
      response: {
        200: Type.Object({ active: Type.Integer(), expiringSoon: Type.Integer(), expired: Type.Integer(), revoked: Type.Integer() }),
        ...errors(401, 403, 404),
      },
    },
  }, async (request) => keyStats(ctx, requirePrincipal(request), request.params.tid));
}
