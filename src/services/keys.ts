// Key writes: create, change, rotate (revoke and delete are key-removal.ts). Each decides with domain/ and persists with
// its audit event in one transaction (DESIGN.md "Rules" for who may do what, in which order).
import { fieldInvalid, forbidden, notActive, notFound } from '../errors.js';
import { newId } from '../domain/ids.js';
import { generateKey } from '../domain/key-format.js';
import { hashKey } from '../domain/hashing.js';
import { deriveStatus } from '../domain/status.js';
import { DEFAULT_SCOPES, hasTenantWideScope, normalizeScopes, scopesWithin, type Scope } from '../domain/scopes.js';
import {
  assertMayHoldNewKey, assertUnderKeyLimit, graceExpiry, resolveExpiry, rotatedExpiry, type TenantSettings,
} from '../domain/policy.js';
import { isDeveloper, type MembershipFacts } from '../domain/roles.js';
import { appendEvents, type Origin } from '../audit/events.js';
import type { Trx } from '../store/store.js';
import type { ApiKeyTable } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { keyChange } from './revocation.js';
import { assertKeyPermission, isPlatformAdmin, tenantAccess, type Principal, type TenantAccess } from './access.js';
import { lockedSettings } from './tenant-lock.js';
import { searchText } from './key-views.js';
import { readKey, visibleKey } from './key-lookup.js';
import { ancestryLookup } from '../store/reads/resource-ancestry.js';
import { readMembership } from '../store/reads/membership.js';
import { balanceOf, lockBalanceKeys, setBalance } from './key-credits.js';
import {
  assertMayChange, assertMaySetOnCreate, assertRotatableByCaller, columnsOfNewKey, parseAllowedIps, restrictionColumns, type RestrictionInput,
} from './key-restrictions.js';
import type { LimitDefinition } from '../domain/limits.js';
import { assertKeyLimits, keyLimitsJson, parseKeyLimits, setLimitBalance } from './limits.js';

export interface Ratelimit {
  limit: number;
  durationMs: number;
}

export interface NewKeyInput extends RestrictionInput {
  name?: string;
  description?: string;
  email?: string;
  expiresInDays?: number;
  expiresAt?: string;
  scopes?: Scope[];
  management?: boolean;
  ownerId?: string;
  ratelimit?: Ratelimit | null;
  remaining?: number | null;
  limits?: LimitDefinition[];
}

export interface KeyPatch extends RestrictionInput {
  name?: string;
  description?: string | null;
  email?: string | null;
  scopes?: Scope[];
  management?: boolean;
  ratelimit?: Ratelimit | null;
  remaining?: number | null;
  /** Replaces the key's own named limits. */
  limits?: LimitDefinition[];
  /** Sets balances of the key's own credits limits (a platform admin: the tenant's per-key ones too). */
  limitBalances?: { name: string; remaining: number }[];
}

const NO_MEMBERSHIP: MembershipFacts = { roles: [], licensed: false };

/** Active keys that count against the limit: not revoked, not expired, not in a rotation grace period. */
async function countActiveKeys(trx: Trx, tenantId: string, ownerId: string, now: string): Promise<number> {
  const row = await trx.selectFrom('api_keys').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId).where('owner_id', '=', ownerId)
    .where('revoked_at', 'is', null).where('rotated_to', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A key may create or rotate only keys that its own scopes cover. */
async function assertWithinCallerKey(trx: Trx, access: TenantAccess, scopes: readonly Scope[]): Promise<void> {
  const key = access.principal.key;
  if (!key) return;
  const ancestry = await ancestryLookup(trx, access.tenant.id, scopes.map((s) => s.resourceId));
  if (!scopesWithin(scopes, key.scopes, ancestry)) throw forbidden('The new key may not have scopes wider than the calling key.');
}

async function assertScopesInTenant(trx: Trx, tenantId: string, scopes: readonly Scope[]): Promise<void> {
  const ancestry = await ancestryLookup(trx, tenantId, scopes.map((s) => s.resourceId));
  scopes.forEach((s, i) => {
    if (s.resourceId !== null && ancestry(s.resourceId) === null) {
      throw fieldInvalid(`/scopes/${i}/resourceId`, 'is not a resource of this tenant');
    }
  });
}

export type NewKeyRow = Omit<ApiKeyTable, 'id' | 'hash' | 'start' | 'search_lc' | 'name_lc' | 'usage_count' | 'last_used_at' | 'revoked_at' | 'revoked_by' | 'rotated_to' | 'expiry_reminded_at' | 'credits_id' | 'credits_version'
  | 'imported' | 'meta' | 'allowed_ips' | 'rotation_reminded_at' | 'unused_warned_at' | 'limits'>
  & Partial<Pick<ApiKeyTable, 'credits_id' | 'credits_version' | 'meta' | 'allowed_ips' | 'limits'>>;

/**
 * Writes a key row whose hash is known: a new secret's (insertKey), or an imported one's. Null when
 * a key with this hash exists, committed or committing (the unique index decides, so two imports of
 * one hash race safely, and on PostgreSQL the transaction stays usable for the next statement).
 */
export async function insertKeyRow(trx: Trx, values: NewKeyRow, secret: { hash: string; start: string; imported: boolean }): Promise<ApiKeyTable | null> {
  const id = newId('key');
  const row: ApiKeyTable = {
    // A new key has a balance of its own unless it takes one over (a rotation).
    credits_id: id, credits_version: 0, meta: null, allowed_ips: null, limits: null,
    ...values, id, start: secret.start, hash: secret.hash, imported: secret.imported ? 1 : 0, name_lc: values.name.toLowerCase(),
    search_lc: searchText({ id, name: values.name, description: values.description }),
    usage_count: 0, last_used_at: null, revoked_at: null, revoked_by: null, rotated_to: null, expiry_reminded_at: null,
    rotation_reminded_at: null, unused_warned_at: null,
  };
  const inserted = await trx.insertInto('api_keys').values(row).onConflict((oc) => oc.column('hash').doNothing()).executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1 ? row : null;
}

async function insertKey(ctx: ServiceContext, trx: Trx, values: NewKeyRow): Promise<{ row: ApiKeyTable; secret: string }> {
  const { secret, start } = generateKey(ctx.config.keyPrefix);
  const row = await insertKeyRow(trx, values, { hash: hashKey(ctx.serverSecret, secret), start, imported: false });
  // ≈178 random bits: a collision is a broken random source, not a case to answer.
  if (!row) throw new Error('a new key\'s hash collided with a stored one');
  return { row, secret };
}

/**
 * The rest of DESIGN "Creating a key" once the caller's own checks passed, in the contract's order:
 * scopes within the calling key, 404 for an owner who is not a member, scopes in the tenant, the
 * key limit, the expiry. Key creation and import share it (one rule, one place). Runs inside the
 * write that inserts the key, after `lockedSettings`, so the key limit holds under concurrency.
 */
export async function checkNewKeyOf(
  trx: Trx, access: TenantAccess, settings: TenantSettings, owner: { ownerId: string; owner: MembershipFacts | null },
  input: { scopes?: Scope[]; expiresInDays?: number; expiresAt?: string; limits?: LimitDefinition[] }, now: Date,
): Promise<{ scopes: Scope[]; expiresAt: string | null }> {
  const tenantId = access.tenant.id;
  const scopes = normalizeScopes(input.scopes ?? DEFAULT_SCOPES);
  await assertWithinCallerKey(trx, access, scopes);
  if (!owner.owner) throw notFound('member');
  await assertScopesInTenant(trx, tenantId, scopes);
  if (input.limits) assertKeyLimits(settings.limits, input.limits);
  assertUnderKeyLimit(settings, await countActiveKeys(trx, tenantId, owner.ownerId, now.toISOString()));
  return { scopes, expiresAt: resolveExpiry(settings, input, now) };
}

/** DESIGN "Creating a key": a tenant the caller cannot see is 404 before any 400 of the body. */
export async function assertMayCreateIn(ctx: ServiceContext, principal: Principal, tenantId: string): Promise<void> {
  await tenantAccess(ctx.store.db, principal, tenantId);
}

export async function createKey(ctx: ServiceContext, principal: Principal, tenantId: string, input: NewKeyInput, origin: Origin) {
  const access = await tenantAccess(ctx.store.db, principal, tenantId);
  assertKeyPermission(access, 'write');
  const now = ctx.now();
  if (input.expiresAt !== undefined && Date.parse(input.expiresAt) <= now.getTime()) {
    throw fieldInvalid('/expiresAt', 'must lie in the future');
  }
  const ownerId = input.ownerId ?? principal.user.id;
  const forOther = ownerId !== principal.user.id;
  const restrictions = restrictionColumns(input);
  return ctx.store.write(async (trx, changed) => {
    // Settings and the owner's membership are read under their row locks (PostgreSQL; DESIGN's
    // order: tenant, then member), so a concurrent "keys off", lower limit or second create of the
    // same owner is seen here, not missed.
    const settings = await lockedSettings(ctx, trx, tenantId);
    const owner = await readMembership(trx, tenantId, ownerId, ctx.store);
    // The policy judges the owner named by a tenant admin, else the caller: a developer naming a
    // colleague gets FORBIDDEN below, and learns nothing of the colleague's role or licence.
    const judged = forOther && !access.isAdmin ? access.membership : owner;
    if (judged || !forOther) assertMayHoldNewKey(settings, judged ?? NO_MEMBERSHIP);
    else if (!settings.apiKeysEnabled) assertMayHoldNewKey(settings, NO_MEMBERSHIP);
    const setsLimits = input.ratelimit != null || input.remaining != null || (input.limits !== undefined && input.limits.length > 0);
    if ((forOther || setsLimits) && principal.key && !hasTenantWideScope(principal.key.scopes, 'admin')) {
      throw forbidden('Setting ownerId, ratelimit, remaining or limits with an API key needs a tenant-wide admin scope.');
    }
    assertMaySetOnCreate(access, restrictions, settings);
    if (forOther && !access.isAdmin) throw forbidden('Only a tenant admin may create a key for someone else.');
    // A management key acts as its owner on Keywarden's own API (rotating their keys hands over the
    // new secrets), so whoever holds its secret must be that owner: nobody acts in a member's name.
    if (forOther && input.management === true) throw forbidden('A management key can only be created for oneself.');
    // A 403 of the address hold comes with the other 403s, before 404, 400 and 409 (DESIGN's order).
    const held = await columnsOfNewKey(trx, access, restrictions, settings);
    const { scopes, expiresAt } = await checkNewKeyOf(trx, access, settings, { ownerId, owner }, input, now);
    const at = now.toISOString();
    const { row, secret } = await insertKey(ctx, trx, {
      tenant_id: tenantId, owner_id: ownerId, name: input.name ?? input.description!, description: input.description ?? null,
      email: input.email ?? null, management: input.management ? 1 : 0, scopes: JSON.stringify(scopes),
      created_at: at, updated_at: at, expires_at: expiresAt, rotated_from: null,
      ratelimit_limit: input.ratelimit?.limit ?? null, ratelimit_duration_ms: input.ratelimit?.durationMs ?? null,
      remaining: input.remaining ?? null, ...held, limits: keyLimitsJson(input.limits),
    });
    await appendEvents(ctx.store, trx, origin, [{
      tenantId, type: 'key.created', keyId: row.id,
      details: { name: row.name, ownerId, scopes, expiresAt, management: row.management === 1 },
    }]);
    changed(keyChange(row));
    return { key: await readKey(trx, row.id, now), secret };
  });
}

export async function updateKey(ctx: ServiceContext, principal: Principal, tenantId: string, keyId: string, patch: KeyPatch, origin: Origin) {
  const access = await tenantAccess(ctx.store.db, principal, tenantId);
  assertKeyPermission(access, 'write');
  const now = ctx.now();
  const restrictions = restrictionColumns(patch);
  return ctx.store.write(async (trx, changed) => {
    // The tenant first, as every key write takes it (DESIGN's lock order): a rotation, a resource's
    // deletion or a plan change then comes wholly before or after this change, never beside it (its
    // new key, a scope's resource, a limit's name unseen). An owner's narrowing is measured against
    // the tenant's list, and a key's limits against its plan, as locked here.
    const settings = await lockedSettings(ctx, trx, tenantId);
    // A top-up sets the balance of every key that spends from it: lock them all first, in id order.
    const balanceKeys = patch.remaining !== undefined ? await lockBalanceKeys(ctx.store, trx, tenantId, keyId) : [];
    const { row, isOwner } = await visibleKey(ctx, trx, access, keyId);
    const ownerFields = (['name', 'description', 'email', 'scopes', 'management'] as const).filter((f) => patch[f] !== undefined);
    const limitFields = (['ratelimit', 'remaining', 'limits', 'limitBalances'] as const).filter((f) => patch[f] !== undefined);
    const restrictionFields = (['meta', 'allowedIps'] as const).filter((f) => patch[f] !== undefined);
    assertMayChange(access, row, isOwner, restrictions, settings);
    if (ownerFields.length > 0 && !(isOwner && isDeveloper(access.membership))) {
      throw forbidden('Only the key\'s owner, with the developer role, may change it.');
    }
    if (limitFields.length > 0 && !access.isAdmin) throw forbidden('Only a tenant admin may change ratelimit, remaining, limits or their balances.');
    const plan = patch.limits !== undefined || patch.limitBalances !== undefined ? settings.limits : undefined;
    if (patch.limits !== undefined) assertKeyLimits(plan, patch.limits);
    const ownLimits = patch.limits ?? parseKeyLimits(row.limits);
    const balances = (patch.limitBalances ?? []).map((b, i) => {
      const own = ownLimits.find((l) => l.name === b.name);
      const planned = own ? undefined : (plan ?? []).find((l) => l.per === 'key' && l.name === b.name);
      // The tenant's limits are its plan: only a platform admin sets their balances (DESIGN v1.1 "Named limits").
      if (planned && !isPlatformAdmin(principal)) throw forbidden('Only a platform admin may set the balance of a tenant limit.');
      const def = own ?? planned;
      if (!def || def.kind !== 'credits') throw fieldInvalid(`/limitBalances/${i}/name`, 'is not a credits limit of this key');
      return { def, remaining: b.remaining };
    });
    const oldScopes: Scope[] = JSON.parse(row.scopes);
    const scopes = patch.scopes ? normalizeScopes(patch.scopes) : undefined;
    if (scopes) {
      await assertScopesInTenant(trx, tenantId, scopes);
      if (!scopesWithin(scopes, oldScopes, await ancestryLookup(trx, tenantId, scopes.map((s) => s.resourceId)))) throw forbidden('A key\'s scopes may only be narrowed.');
    }
    if (patch.management === true && row.management !== 1) throw forbidden('Management may only be switched off.');
    const name = patch.name ?? row.name;
    const description = patch.description !== undefined ? patch.description : row.description;
    await trx.updateTable('api_keys').set({
      name, name_lc: name.toLowerCase(), description, search_lc: searchText({ id: row.id, name, description }),
      ...(patch.email !== undefined && { email: patch.email }),
      ...(scopes && { scopes: JSON.stringify(scopes) }),
      ...(patch.management !== undefined && { management: patch.management ? 1 : 0 }),
      ...(patch.ratelimit !== undefined && { ratelimit_limit: patch.ratelimit?.limit ?? null, ratelimit_duration_ms: patch.ratelimit?.durationMs ?? null }),
      ...restrictions,
      ...(patch.limits !== undefined && { limits: keyLimitsJson(patch.limits) }),
      updated_at: now.toISOString(),
    }).where('id', '=', keyId).execute();
    // After the key rows: DESIGN's lock order (keys, then limit balances).
    for (const b of balances) await setLimitBalance(trx, tenantId, b.def, balanceOf(row), b.remaining, now);
    // Verifiers read the tenant's named balances again at their next use.
    if (balances.length > 0) changed({ kind: 'tenant', tenantId, subjectId: tenantId });
    if (patch.remaining !== undefined) {
      await setBalance(trx, balanceKeys, patch.remaining);
      for (const other of balanceKeys) if (other.id !== keyId) changed(keyChange(other));
    }
    await appendEvents(ctx.store, trx, origin, [{
      tenantId, type: 'key.updated', keyId,
      details: {
        fields: [...ownerFields, ...limitFields, ...restrictionFields], ...(scopes && { scopes }), ...(patch.name !== undefined && { name }),
        ...(restrictions.allowed_ips !== undefined && { allowedIps: parseAllowedIps(restrictions.allowed_ips) }),
      },
    }]);
    changed(keyChange(row));
    return readKey(trx, keyId, now);
  });
}

export async function rotateKey(
  ctx: ServiceContext, principal: Principal, tenantId: string, keyId: string, input: { gracePeriodSeconds?: number }, origin: Origin,
) {
  const access = await tenantAccess(ctx.store.db, principal, tenantId);
  assertKeyPermission(access, 'write');
  const now = ctx.now();
  return ctx.store.write(async (trx, changed) => {
    const settings = await lockedSettings(ctx, trx, tenantId); // before the key: DESIGN's lock order
    const { row: old, isOwner } = await visibleKey(ctx, trx, access, keyId);
    if (!isOwner) throw forbidden('Only the key\'s owner may rotate it.');
    assertMayHoldNewKey(settings, (await readMembership(trx, tenantId, old.owner_id)) ?? { roles: [], licensed: false });
    if (deriveStatus({ revokedAt: old.revoked_at, expiresAt: old.expires_at }, now) !== 'active' || old.rotated_to) {
      throw notActive('Only an active key that was not rotated before can be rotated.');
    }
    const scopes: Scope[] = JSON.parse(old.scopes);
    await assertWithinCallerKey(trx, access, scopes);
    await assertRotatableByCaller(trx, access, old, settings);
    const at = now.toISOString();
    const { row, secret } = await insertKey(ctx, trx, {
      tenant_id: tenantId, owner_id: old.owner_id, name: old.name, description: old.description, email: old.email,
      management: old.management, scopes: old.scopes, created_at: at, updated_at: at,
      expires_at: rotatedExpiry(settings, { createdAt: old.created_at, expiresAt: old.expires_at }, now), rotated_from: old.id,
      ratelimit_limit: old.ratelimit_limit, ratelimit_duration_ms: old.ratelimit_duration_ms,
      // The new key takes over the old key's balance, which the old one spends from until its grace ends.
      remaining: old.remaining, credits_id: balanceOf(old), credits_version: old.credits_version,
      meta: old.meta, allowed_ips: old.allowed_ips,
      // Its named limits too; their per-key balances are the old key's balance, shared the same way.
      limits: old.limits,
    });
    const grace = input.gracePeriodSeconds ?? 0;
    await trx.updateTable('api_keys').set({ expires_at: graceExpiry(old.expires_at, now, grace), rotated_to: row.id, updated_at: at })
      .where('id', '=', old.id).execute();
    await appendEvents(ctx.store, trx, origin, [
      { tenantId, type: 'key.rotated', keyId: old.id, details: { newKeyId: row.id, gracePeriodSeconds: grace } },
      { tenantId, type: 'key.created', keyId: row.id, details: { name: row.name, ownerId: row.owner_id, scopes, expiresAt: row.expires_at, management: row.management === 1, rotatedFrom: old.id } },
    ]);
    changed(keyChange(old));
    changed(keyChange(row));
    return { key: await readKey(trx, row.id, now), secret };
  });
}

