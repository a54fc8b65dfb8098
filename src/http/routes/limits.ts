// A tenant's named limits and their balances (DESIGN v1.1 "Named limits"): the plan itself is
// `settings.limits` (tenants.ts); these read the balances and let a platform admin set one.
import { Type } from 'typebox';
import type { App } from '../app.js';
import type { RouteDeps } from './index.js';
import { component, Id, Nullable, PageQuery, StringEnum } from '../schemas.js';
import { describeRoute, json } from '../openapi.js';
import { originOf, requirePrincipal } from '../auth.js';
import { listLimits, setTenantLimitBalance } from '../../services/limits.js';

const LimitState = component('LimitState', Type.Object({
  name: Type.String(), kind: StringEnum(['rate', 'credits']), per: StringEnum(['key', 'owner', 'tenant']), limit: Type.Integer(),
  ownerId: Nullable(Type.String({ description: 'The owner the balance counts for (per owner), or the key\'s owner (per key).' })),
  keyId: Nullable(Type.String({ description: 'The key the balance counts for (per key).' })),
  remaining: Nullable(Type.Integer({ description: 'Credits left (as last written by the usage flush), or tokens left in a rate\'s current window (as this node counts them: exact with Redis).' })),
  resetAt: Nullable(Type.String({ description: 'The next refill of credits, or the end of a rate\'s window; null for credits without refill.' })),
}, { example: { name: 'tokens', kind: 'credits', per: 'tenant', limit: 100000, ownerId: null, keyId: null, remaining: 81234, resetAt: '2027-01-01T00:00:00.000Z' } }));

const LimitStates = component('LimitStates', Type.Object({ items: Type.Array(LimitState), nextCursor: Nullable(Type.String()) }));
const LimitParams = Type.Object({ tid: Id('ten'), name: Type.String({ pattern: '^[a-z0-9_-]{1,32}$' }) });

export function limitRoutes(api: App, { ctx, verifier }: RouteDeps) {
  api.get('/tenants/:tid/limits', {
    schema: describeRoute({
      operationId: 'listLimits', summary: 'List a tenant\'s limits with their balances',
      description: 'Tenant admins and platform admins. With `keyId`: every per-key limit of that key (its own and the tenant\'s); with `ownerId`: the tenant\'s per-owner limits of that member; otherwise the per-tenant limits, then every per-owner and per-key credits balance written so far, paged. Rates show their current window.',
      tag: 'settings', security: 'signedIn', params: Type.Object({ tid: Id('ten') }),
      querystring: Type.Object({ keyId: Type.Optional(Id('key')), ownerId: Type.Optional(Id('usr')), ...PageQuery }, { additionalProperties: false }),
      response: { 200: json('The limits and their balances.', LimitStates) }, errors: [403, 404],
    }),
  }, async (request) => listLimits(ctx, requirePrincipal(request), request.params.tid, { ...request.query, limit: request.query.limit ?? 50 },
    // Rate windows are counted by the verifiers, not stored: this node's view (exact with Redis).
    (tenantId, def, subject) => verifier.rateWindowUsed(tenantId, def, subject)));

  api.patch('/tenants/:tid/limits/:name', {
    schema: describeRoute({
      operationId: 'setLimitBalance', summary: 'Set a balance of a tenant\'s credits limit',
      description: 'Platform admins. Sets (not adds) the balance of the owner (`ownerId`, per-owner limits), the key (`keyId`, per-key limits, a key\'s own included) or the tenant; spends made before it are not charged to it.',
      tag: 'settings', security: 'signedIn', params: LimitParams,
      body: Type.Object({ remaining: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 }), ownerId: Type.Optional(Id('usr')), keyId: Type.Optional(Id('key')) }, { additionalProperties: false }),
      response: { 200: json('The balance as set.', LimitState) }, errors: [403, 404],
    }),
  }, async (request) => setTenantLimitBalance(ctx, requirePrincipal(request), request.params.tid, request.params.name, request.body, originOf(request)));
}
