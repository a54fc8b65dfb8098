// The tenant key policies (DESIGN v1.1 "Tenant policies"), applied by the policy job: a key as old as
// `rotationReminderDays` raises `key.rotation_due` once; a key unused for `revokeUnusedAfterDays`
// raises `key.unused` and, still unused `expiryReminderDays` later, is revoked by the system through
// the one revocation path (every node's cache drops it; the events are chained and go out by webhook).
// The decisions are domain/key-policies.ts; each key is acted on in its own small transaction that
// re-reads it under its lock and decides again, so a use or another pass in between is never overruled.
import { sql } from 'kysely';
import { appendEvents, SYSTEM_ORIGIN } from '../audit/events.js';
import { decideUnused, isPolicySubject, unusedSince, type PolicyKeyFacts, type PolicySettings } from '../domain/key-policies.js';
import type { ApiKeyTable } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { markRevoked } from './revocation.js';
import { parseSettings } from './views.js';

const DAY_MS = 86_400_000;
const BATCH = 500;

export interface PolicyCounts {
  rotationDue: number;
  warned: number;
  revoked: number;
  cleared: number;
}

/** Between batches: false stops the pass (the job lost its lease). */
export type KeepGoing = () => Promise<boolean>;

const factsOf = (row: ApiKeyTable): PolicyKeyFacts => ({
  createdAt: row.created_at, expiresAt: row.expires_at, revokedAt: row.revoked_at, rotatedTo: row.rotated_to,
  lastUsedAt: row.last_used_at, unusedWarnedAt: row.unused_warned_at,
});

/** One pass over every tenant's policies; answers what it did. */
export async function runKeyPolicies(ctx: ServiceContext, now = ctx.now(), keepGoing: KeepGoing = async () => true): Promise<PolicyCounts> {
  const counts: PolicyCounts = { rotationDue: 0, warned: 0, revoked: 0, cleared: 0 };
  const tenants = await ctx.store.db.selectFrom('tenants').select(['id', 'settings']).orderBy('id').execute();
  for (const tenant of tenants) {
    const settings = parseSettings(tenant.settings);
    if (settings.rotationReminderDays !== null && !(await rotationReminders(ctx, tenant.id, settings.rotationReminderDays, now, counts, keepGoing))) break;
    if (!(await unusedKeys(ctx, tenant.id, settings, now, counts, keepGoing))) break;
    // Between tenants too: a pass over many small tenants never fills a batch, yet takes its time.
    if (!(await keepGoing())) break;
  }
  return counts;
}

/** Keys of a tenant that work now and are not rotated, in id order after `after`. */
function liveKeys(ctx: ServiceContext, tenantId: string, now: Date, after: string) {
  const nowIso = now.toISOString();
  return ctx.store.db.selectFrom('api_keys').selectAll()
    .where('tenant_id', '=', tenantId).where('revoked_at', 'is', null).where('rotated_to', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', nowIso)]))
    .where('id', '>', after).orderBy('id').limit(BATCH);
}

async function rotationReminders(
  ctx: ServiceContext, tenantId: string, days: number, now: Date, counts: PolicyCounts, keepGoing: KeepGoing,
): Promise<boolean> {
  const bornBy = new Date(now.getTime() - days * DAY_MS).toISOString();
  for (let after = ''; ;) {
    const keys = await liveKeys(ctx, tenantId, now, after)
      .where('rotation_reminded_at', 'is', null).where('created_at', '<=', bornBy).execute();
    for (const key of keys) if (await remindRotation(ctx, key.id, tenantId, days, now)) counts.rotationDue++;
    if (keys.length < BATCH) return true;
    if (!(await keepGoing())) return false;
    after = keys[keys.length - 1].id;
  }
}

async function remindRotation(ctx: ServiceContext, keyId: string, tenantId: string, days: number, now: Date): Promise<boolean> {
  return ctx.store.write(async (trx) => {
    const key = await ctx.store.forUpdate(trx.selectFrom('api_keys').selectAll().where('id', '=', keyId)).executeTakeFirst();
    // Another node's pass may have reminded it, or the key changed since it was listed.
    if (!key || key.rotation_reminded_at !== null || !isPolicySubject(factsOf(key), now)) return false;
    await trx.updateTable('api_keys').set({ rotation_reminded_at: now.toISOString() }).where('id', '=', keyId).execute();
    const dueAt = new Date(Date.parse(key.created_at) + days * DAY_MS).toISOString();
    await appendEvents(ctx.store, trx, SYSTEM_ORIGIN, [{
      tenantId, type: 'key.rotation_due', keyId, details: { createdAt: key.created_at, rotationReminderDays: days, dueAt },
    }], now);
    return true;
  });
}

async function unusedKeys(
  ctx: ServiceContext, tenantId: string, settings: PolicySettings, now: Date, counts: PolicyCounts, keepGoing: KeepGoing,
): Promise<boolean> {
  if (settings.revokeUnusedAfterDays === null) {
    // The policy is off: warnings of an earlier spell must not revoke keys when it comes back on.
    // Looked for first (an index probe), so tenants without warnings cost no write.
    const warned = await ctx.store.db.selectFrom('api_keys').select('id')
      .where('tenant_id', '=', tenantId).where('unused_warned_at', 'is not', null).limit(1).executeTakeFirst();
    if (!warned) return true;
    const cleared = await ctx.store.write((trx) => trx.updateTable('api_keys').set({ unused_warned_at: null })
      .where('tenant_id', '=', tenantId).where('unused_warned_at', 'is not', null).executeTakeFirst());
    counts.cleared += Number(cleared.numUpdatedRows);
    return true;
  }
  const idleSince = new Date(now.getTime() - settings.revokeUnusedAfterDays * DAY_MS).toISOString();
  for (let after = ''; ;) {
    // Warned keys (to revoke or clear), and keys unused long enough to warn; the domain decides which.
    const keys = await liveKeys(ctx, tenantId, now, after).where((eb) => eb.or([
      eb('unused_warned_at', 'is not', null), eb(sql<string>`coalesce(last_used_at, created_at)`, '<=', idleSince),
    ])).execute();
    for (const key of keys) await applyUnusedStep(ctx, key.id, tenantId, now, counts);
    if (keys.length < BATCH) return true;
    if (!(await keepGoing())) return false;
    after = keys[keys.length - 1].id;
  }
}

async function applyUnusedStep(ctx: ServiceContext, keyId: string, tenantId: string, now: Date, counts: PolicyCounts): Promise<void> {
  const done = await ctx.store.write(async (trx, changed) => {
    // Re-read the settings and the key (locked) inside the write: decide on what is true now.
    const tenant = await trx.selectFrom('tenants').select('settings').where('id', '=', tenantId).executeTakeFirst();
    const key = await ctx.store.forUpdate(trx.selectFrom('api_keys').selectAll().where('id', '=', keyId)).executeTakeFirst();
    if (!tenant || !key) return null;
    const settings = parseSettings(tenant.settings);
    const facts = factsOf(key);
    const step = decideUnused(facts, settings, now);
    const at = now.toISOString();
    if (step.clear || step.warn) {
      await trx.updateTable('api_keys').set({ unused_warned_at: step.warn ? at : null }).where('id', '=', keyId).execute();
    }
    if (step.warn) {
      const revokeAt = new Date(now.getTime() + settings.expiryReminderDays * DAY_MS).toISOString();
      await appendEvents(ctx.store, trx, SYSTEM_ORIGIN, [{
        tenantId, type: 'key.unused', keyId,
        details: { unusedSince: unusedSince(facts), lastUsedAt: key.last_used_at, revokeUnusedAfterDays: settings.revokeUnusedAfterDays, revokeAt },
      }], now);
    }
    if (step.revoke) {
      await markRevoked(ctx.store, trx, [key], SYSTEM_ORIGIN, now, {
        reason: 'unused', unusedSince: unusedSince(facts), warnedAt: step.warn ? at : key.unused_warned_at,
      }, changed);
    }
    return step;
  });
  if (!done) return;
  if (done.clear && !done.warn) counts.cleared++;
  if (done.warn) counts.warned++;
  if (done.revoke) counts.revoked++;
}
