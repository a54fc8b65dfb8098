// Expiry reminders: a key expiring within its tenant's `expiryReminderDays` raises `key.expiring`
// once (api_keys.expiry_reminded_at), as a system event, so webhooks on key.expiring can tell people.
import { appendEvents, SYSTEM_ORIGIN } from '../audit/events.js';
import type { ServiceContext } from './context.js';
import { PeriodicJob, type PeriodicOptions } from './periodic-job.js';
import { parseSettings } from './views.js';

const DAY_MS = 86_400_000;
const BATCH = 1000;

/**
 * One pass over the keys that are active, not rotated (their successor carries on) and not yet
 * reminded. Each reminder is its own small transaction whose conditional UPDATE decides, so nodes
 * running the job at the same time still raise one event per key. Returns the reminders raised.
 */
export async function runExpiryReminders(ctx: ServiceContext, now = ctx.now()): Promise<number> {
  const tenants = await ctx.store.db.selectFrom('tenants').select(['id', 'settings']).execute();
  const windowMs = new Map(tenants.map((t) => [t.id, parseSettings(t.settings).expiryReminderDays * DAY_MS]));
  const longest = Math.max(0, ...windowMs.values());
  if (longest === 0) return 0;
  const nowIso = now.toISOString();
  let raised = 0;
  let after = '';
  for (;;) {
    const candidates = await ctx.store.db.selectFrom('api_keys')
      .select(['id', 'tenant_id', 'expires_at'])
      .where('expiry_reminded_at', 'is', null).where('revoked_at', 'is', null).where('rotated_to', 'is', null)
      .where('expires_at', '>', nowIso).where('expires_at', '<=', new Date(now.getTime() + longest).toISOString())
      .where('id', '>', after).orderBy('id').limit(BATCH).execute();
    for (const key of candidates) {
      const expiresAt = key.expires_at!;
      if (Date.parse(expiresAt) - now.getTime() > (windowMs.get(key.tenant_id) ?? 0)) continue;
      if (await remind(ctx, key.id, key.tenant_id, expiresAt, now)) raised++;
    }
    if (candidates.length < BATCH) return raised;
    after = candidates[candidates.length - 1].id;
  }
}

async function remind(ctx: ServiceContext, keyId: string, tenantId: string, expiresAt: string, now: Date): Promise<boolean> {
  return ctx.store.write(async (trx) => {
    const marked = await trx.updateTable('api_keys').set({ expiry_reminded_at: now.toISOString() })
      .where('id', '=', keyId).where('expiry_reminded_at', 'is', null).where('revoked_at', 'is', null)
      // Decided again on the row as it is now: rotated, or its expiry moved, since it was listed.
      .where('rotated_to', 'is', null).where('expires_at', '=', expiresAt).where('expires_at', '>', now.toISOString())
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) !== 1) return false;
    await appendEvents(ctx.store, trx, SYSTEM_ORIGIN, [{ tenantId, type: 'key.expiring', keyId, details: { expiresAt } }], now);
    return true;
  });
}

/** Runs the reminders once at start and then every minute. */
export class ReminderJob extends PeriodicJob {
  constructor(ctx: ServiceContext, options: PeriodicOptions = {}) {
    super('expiry reminders', options.intervalMs ?? 60_000, () => runExpiryReminders(ctx), options.onError);
  }
}
