// POST /tenants/:tid/keys/import (DESIGN v1.1 "Importing keys"): keys of another system, by the
// SHA-256 of their secrets, checked like key creation, each item answered in request order.
import { Type } from 'typebox';
import type { App } from '../app.js';
import type { RouteDeps } from './index.js';
import { AllowedIps, component, DateTime, Id, KeyLimits, KeyMeta, Nullable, Ratelimit, Scope, TenantParams } from '../schemas.js';
import { describeRoute, json } from '../openapi.js';
import { originOf, requirePrincipal } from '../auth.js';
import { importKeys } from '../../services/key-import.js';
import { ImportBudget } from '../../throttle/import-budget.js';

/** This route takes bodies up to 1 MiB (1,000 items), whatever the instance's general body limit. */
export const IMPORT_BODY_LIMIT = 1 << 20;

const ImportItem = Type.Object({
  ownerId: Id('usr'),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  description: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  start: Type.Optional(Type.String({ maxLength: 32, pattern: '^[!-~]*$', description: 'What lists show to recognise the key (the old system\'s visible prefix); default `""`. Never the secret.' })),
  hash: Type.Object({
    algorithm: Type.Literal('sha256'),
    value: Type.String({ pattern: '^[0-9a-fA-F]{64}$', description: 'The hex SHA-256 of the secret the old system issued (that secret must be printable ASCII without spaces, 16..256 characters, to verify).' }),
  }, { additionalProperties: false }),
  expiresAt: Type.Optional(DateTime),
  scopes: Type.Optional(Type.Array(Scope, { minItems: 1, maxItems: 100 })),
  ratelimit: Type.Optional(Nullable(Ratelimit)),
  remaining: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 }))),
  // As in key creation: meta at most 4 KiB as JSON, the key's own limits (`per: "key"`, named unlike
  // the tenant's), an address list; a value those rules refuse is the item's VALIDATION_FAILED.
  meta: Type.Optional(Nullable(KeyMeta)),
  allowedIps: Type.Optional(Nullable(AllowedIps)),
  limits: Type.Optional(KeyLimits),
}, { additionalProperties: false });

const ImportBody = Type.Object({
  dryRun: Type.Optional(Type.Boolean()),
  keys: Type.Array(ImportItem, { minItems: 1, maxItems: 1000 }),
}, { additionalProperties: false });

const ImportResults = component('ImportResults', Type.Object({
  results: Type.Array(Type.Object({
    ok: Type.Boolean(),
    id: Type.Optional(Type.String({ description: 'The new key\'s id (not in a dry run).' })),
    code: Type.Optional(Type.String({
      description: 'Why the item was not imported: the code key creation would answer for its owner (`NOT_FOUND`, `NOT_DEVELOPER`, `NOT_LICENSED`, `KEY_LIMIT_REACHED`, `EXPIRY_TOO_LONG`, `VALIDATION_FAILED` for a scope outside the tenant, a past expiry, `meta` over 4 KiB, a bad `allowedIps` entry or `limits` that key creation would refuse, `FORBIDDEN`), or `KEY_EXISTS` when its hash is already imported on this instance.',
    })),
  })),
}, { example: { results: [{ ok: true, id: 'key_01jdx3p8s0u2w4y6a8c0e2g4i6' }, { ok: false, code: 'KEY_EXISTS' }, { ok: false, code: 'NOT_LICENSED' }] } }));

export function keyImportRoutes(api: App, { ctx, importBudget }: RouteDeps) {
  const budget = importBudget ?? new ImportBudget(ctx.config.importItems, null);
  api.post('/tenants/:tid/keys/import', {
    bodyLimit: Math.max(IMPORT_BODY_LIMIT, ctx.config.bodyLimit),
    schema: describeRoute({
      operationId: 'importKeys', summary: 'Import keys from another system',
      description: 'Tenant admins (or a management key with a tenant-wide `admin` scope). Each item is checked like key creation for its owner, in its own transaction, and answered in request order; a hash already imported anywhere on this instance is `KEY_EXISTS`, so a re-run imports nothing twice. `dryRun: true` checks every item without writing. The server stores HMAC(server secret, the lower-case hex SHA-256), never the SHA-256 itself. Imported keys are never management keys. Bodies up to 1 MiB. Every item, dry runs included, counts against the tenant\'s and the client address\'s hourly budget (`KEYWARDEN_IMPORT_ITEMS`, default 10,000 items), checked before any item: past it the request is 429 `RATE_LIMITED` with `Retry-After`. A hash held by a key of another tenant records `key.import_conflict` in that tenant\'s events (at most once an hour per key).',
      tag: 'keys', security: 'signedIn', params: TenantParams, body: ImportBody,
      response: { 200: json('Each item\'s outcome, in request order.', ImportResults) },
      errors: [403, 404, 429], codes: { 403: ['API_KEYS_DISABLED', 'FORBIDDEN', 'CSRF_FAILED'] },
    }),
  }, async (request) => importKeys(
    ctx, requirePrincipal(request), request.params.tid, request.body, originOf(request),
    (items) => budget.charge(request.params.tid, request.ip, items, ctx.now().getTime()),
  ));
}
