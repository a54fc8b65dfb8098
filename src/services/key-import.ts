// Importing keys from another system (DESIGN v1.1 "Importing keys"): the old system's SHA-256 of
// each secret becomes a key whose stored hash is HMAC(server secret, that SHA-256 as lower-case
// hex), the same HMAC the verifier computes for a presented non-format value (domain/legacy-key.ts).
// Each item passes the owner's checks of key creation (keys.ts, shared) in a transaction of its own.
import { apiKeysDisabled, keyExists, KeywardenError } from '../errors.js';
import { parseSettings, assertMayHoldNewKey } from '../domain/policy.js';
import { importedKeyHash } from '../domain/legacy-key.js';
import type { Scope } from '../domain/scopes.js';
import type { LimitDefinition } from '../domain/limits.js';
import { appendEvents, SYSTEM_ORIGIN, type Origin } from '../audit/events.js';
import { readMembership } from '../store/reads/membership.js';
import type { Trx } from '../store/store.js';
import type { ServiceContext } from './context.js';
import { assertKeyPermission, assertTenantAdmin, tenantAccess, type Principal, type TenantAccess } from './access.js';
import { checkNewKeyOf, insertKeyRow, type Ratelimit } from './keys.js';
import { lockedSettings } from './tenant-lock.js';
import { keyLimitsJson } from './limits.js';
import { restrictionColumns, type RestrictionInput } from './key-restrictions.js';
import { keyChange } from './revocation.js';

export interface ImportItem extends RestrictionInput {
  ownerId: string;
  name?: string;
  description?: string;
  start?: string;
  hash: { algorithm: 'sha256'; value: string };
  expiresAt?: string;
  scopes?: Scope[];
  ratelimit?: Ratelimit | null;
  remaining?: number | null;
  limits?: LimitDefinition[];
}

/** An item's outcome; a dry run's successes carry no id (no key was made). */
export type ImportResult = { ok: true; id?: string } | { ok: false; code: string };

/** Rolls the dry run's transaction back, carrying its results out. */
class DryRunDone {
  constructor(readonly results: ImportResult[]) {}
}

/** A hash found on a key of another tenant: reported to that tenant (key.import_conflict). */
interface Conflict {
  keyId: string;
  holderTenantId: string;
}

const HOUR_MS = 3_600_000;

/** A name for a key sent with neither name nor description: what it starts with, else a plain word. */
const nameOf = (item: ImportItem) => item.name ?? item.description ?? (item.start || 'Imported key');

/**
 * One item: KEY_EXISTS, the owner's checks of key creation, then the row (null when the hash is taken) and its
 * `key.created`. Throws the catalogue error of the first check that fails.
 */
async function importOne(
  ctx: ServiceContext, trx: Trx, access: TenantAccess, item: ImportItem, origin: Origin, write: boolean, conflicts: Conflict[],
) {
  const now = ctx.now();
  const tenantId = access.tenant.id;
  const settings = await lockedSettings(ctx, trx, tenantId);
  const hash = importedKeyHash(ctx.serverSecret, item.hash.value);
  // First, so a re-run reports every key it imported before as KEY_EXISTS (not, say, the key limit
  // those keys now fill); the insert below still decides a race through the unique index.
  const holder = await trx.selectFrom('api_keys').select(['id', 'tenant_id']).where('hash', '=', hash).executeTakeFirst();
  if (holder) {
    // KEY_EXISTS answers for the whole instance (DESIGN), so another tenant's key is a possible guess:
    // its tenant hears of it (after this transaction, which a dry run or the refusal rolls back).
    if (holder.tenant_id !== tenantId) conflicts.push({ keyId: holder.id, holderTenantId: holder.tenant_id });
    throw keyExists();
  }
  // meta (≤ 4 KiB) and allowedIps are checked as key creation checks them, before the owner's checks;
  // a failure is this item's VALIDATION_FAILED. The importer is a tenant admin, who may set both.
  const restrictions = restrictionColumns(item);
  const owner = await readMembership(trx, tenantId, item.ownerId, ctx.store);
  // 404 for a non-member comes before the owner's role and licence, as in key creation for a member.
  if (owner) assertMayHoldNewKey(settings, owner);
  else if (!settings.apiKeysEnabled) throw apiKeysDisabled();
  const { scopes, expiresAt } = await checkNewKeyOf(trx, access, settings, { ownerId: item.ownerId, owner }, item, now);
  const at = now.toISOString();
  const row = await insertKeyRow(trx, {
    tenant_id: tenantId, owner_id: item.ownerId, name: nameOf(item), description: item.description ?? null, email: null,
    // Imported keys are never management keys: the old system's secret was never meant for Keywarden's own API.
    management: 0, scopes: JSON.stringify(scopes), created_at: at, updated_at: at, expires_at: expiresAt, rotated_from: null,
    ratelimit_limit: item.ratelimit?.limit ?? null, ratelimit_duration_ms: item.ratelimit?.durationMs ?? null,
    remaining: item.remaining ?? null, ...restrictions, limits: keyLimitsJson(item.limits),
  }, { hash, start: item.start ?? '', imported: true });
  if (!row) throw keyExists();
  if (write) {
    await appendEvents(ctx.store, trx, origin, [{
      tenantId, type: 'key.created', keyId: row.id,
      details: { name: row.name, ownerId: row.owner_id, scopes, expiresAt, management: false, imported: true },
    }]);
  }
  return row;
}

/**
 * `key.import_conflict` in the holding tenant's chain, at most once an hour per key, each in its own
 * transaction. No hash in it: the importing tenant and the time (the event's `at`) only. Locks the
 * chain head first, which also orders the once-an-hour check against other nodes.
 */
async function recordConflicts(ctx: ServiceContext, importingTenantId: string, conflicts: Conflict[]): Promise<void> {
  const seenKeys = new Set<string>();
  for (const { keyId, holderTenantId } of conflicts) {
    if (seenKeys.has(keyId)) continue;
    seenKeys.add(keyId);
    await ctx.store.write(async (trx) => {
      const now = ctx.now();
      await ctx.store.forUpdate(trx.selectFrom('chain_heads').select('seq').where('chain', '=', holderTenantId)).execute();
      const since = new Date(now.getTime() - HOUR_MS).toISOString();
      const seen = await trx.selectFrom('events').select('id').where('key_id', '=', keyId)
        .where('type', '=', 'key.import_conflict').where('at', '>', since).executeTakeFirst();
      if (seen) return;
      await appendEvents(ctx.store, trx, SYSTEM_ORIGIN, [{
        tenantId: holderTenantId, type: 'key.import_conflict', keyId,
        details: { importingTenantId, at: now.toISOString() },
      }], now);
    });
  }
}

const failed = (err: unknown): ImportResult => {
  if (err instanceof KeywardenError) return { ok: false, code: err.code };
  throw err;
};

/**
 * `POST /tenants/:tid/keys/import`: results in request order. A real run writes each item in its own
 * transaction; a dry run checks them all in one transaction that is rolled back, so that later items
 * see earlier ones (a hash sent twice, an owner's key limit) exactly as the real run would.
 */
export async function importKeys(
  ctx: ServiceContext, principal: Principal, tenantId: string, input: { dryRun?: boolean; keys: ImportItem[] }, origin: Origin,
  charge: (items: number) => Promise<void> = async () => {},
): Promise<{ results: ImportResult[] }> {
  const access = await tenantAccess(ctx.store.db, principal, tenantId);
  assertKeyPermission(access, 'admin');
  assertTenantAdmin(access);
  if (!parseSettings(access.tenant.settings).apiKeysEnabled) throw apiKeysDisabled();
  // Every item, dry runs included, before any lookup: only then may KEY_EXISTS be asked (the budget).
  await charge(input.keys.length);
  const conflicts: Conflict[] = [];
  try {
    return { results: await importAll(ctx, access, input, origin, conflicts) };
  } finally {
    // Also when an item failed for an unexpected reason: the conflicts found before it happened.
    await recordConflicts(ctx, access.tenant.id, conflicts);
  }
}

async function importAll(
  ctx: ServiceContext, access: TenantAccess, input: { dryRun?: boolean; keys: ImportItem[] }, origin: Origin, conflicts: Conflict[],
): Promise<ImportResult[]> {
  if (input.dryRun === true) {
    const done = await ctx.store.write(async (trx) => {
      const results: ImportResult[] = [];
      for (const item of input.keys) {
        results.push(await importOne(ctx, trx, access, item, origin, false, conflicts).then(() => ({ ok: true as const }), failed));
      }
      throw new DryRunDone(results);
    }).catch((err: unknown) => err);
    if (done instanceof DryRunDone) return done.results;
    throw done;
  }
  const results: ImportResult[] = [];
  for (const item of input.keys) {
    results.push(await ctx.store.write(async (trx, changed) => {
      const row = await importOne(ctx, trx, access, item, origin, true, conflicts);
      changed(keyChange(row));
      return { ok: true as const, id: row.id };
    }).catch(failed));
  }
  return results;
}
