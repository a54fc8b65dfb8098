// Leak reports (DESIGN v1.1 "Leak reports"): a reported key that is one of this instance's and not
// revoked is marked (`leakedAt`), records `key.leaked` at most once an hour, and is revoked or only
// reported, as its tenant's `leakPolicy` says. Unknown, malformed and revoked keys change nothing.
import { appendEvents, SYSTEM_ORIGIN } from '../audit/events.js';
import { hashKey } from '../domain/hashing.js';
import { parseKey } from '../domain/key-format.js';
import { parseSettings } from '../domain/policy.js';
import type { ServiceContext } from './context.js';
import { markRevoked } from './revocation.js';

/** What a report says of where the keys were found (`url` checked to be http or https). */
export interface LeakReport {
  source: string | null;
  url: string | null;
}

const HOUR_MS = 3_600_000;

/** The reported key's row id when it is a well-formed key of this instance (any status), else null. */
export async function findReportedKey(ctx: ServiceContext, presented: string): Promise<string | null> {
  // Only Keywarden's format: imported keys have no checksum, so a report could not be told from a guess.
  if (!parseKey(presented)) return null;
  const row = await ctx.store.db.selectFrom('api_keys').select('id')
    .where('hash', '=', hashKey(ctx.serverSecret, presented)).executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Marks one reported key and acts on it by its tenant's policy, in one transaction; nothing when it
 * is revoked (or gone). Locks in DESIGN's global order: the key, then its tenant's chain head, which
 * also orders the once-an-hour check against other nodes reporting the same key. `once`: a mark of
 * the delivery that reports it, kept in the same transaction, so a delivery acts on a key once, and
 * a delivery cut short (a crash) still acts when it comes again.
 */
export async function markLeaked(ctx: ServiceContext, keyId: string, report: LeakReport, once?: string): Promise<void> {
  const { store } = ctx;
  await store.write(async (trx, changed) => {
    const now = ctx.now();
    const at = now.toISOString();
    const key = await store.forUpdate(trx.selectFrom('api_keys')
      .select(['id', 'tenant_id', 'hash', 'revoked_at', 'leak_count']).where('id', '=', keyId)).executeTakeFirst();
    if (!key || key.revoked_at !== null) return;
    if (once !== undefined) {
      const marked = await trx.insertInto('leak_deliveries').values({ digest: once, received_at: at })
        .onConflict((oc) => oc.column('digest').doNothing()).executeTakeFirst();
      if (Number(marked.numInsertedOrUpdatedRows ?? 0) === 0) return;
    }
    const count = Number(key.leak_count ?? 0) + 1;
    await trx.updateTable('api_keys').set((eb) => ({
      leaked_at: eb.fn.coalesce('leaked_at', eb.val(at)),
      leak_source: report.source === null ? eb.ref('leak_source') : eb.val(report.source),
      leak_url: report.url === null ? eb.ref('leak_url') : eb.val(report.url),
      leak_count: count,
      updated_at: at,
    })).where('id', '=', key.id).execute();
    await store.forUpdate(trx.selectFrom('chain_heads').select('seq').where('chain', '=', key.tenant_id)).execute();
    const since = new Date(now.getTime() - HOUR_MS).toISOString();
    const seen = await trx.selectFrom('events').select('id').where('key_id', '=', key.id)
      .where('type', '=', 'key.leaked').where('at', '>', since).executeTakeFirst();
    if (!seen) {
      await appendEvents(store, trx, SYSTEM_ORIGIN, [{
        tenantId: key.tenant_id, type: 'key.leaked', keyId: key.id, details: { source: report.source, url: report.url, count },
      }], now);
    }
    const tenant = await trx.selectFrom('tenants').select('settings').where('id', '=', key.tenant_id).executeTakeFirstOrThrow();
    if (parseSettings(tenant.settings).leakPolicy === 'revoke') {
      // The one revocation path: every node's cache hears of it through the change feed.
      await markRevoked(store, trx, [key], SYSTEM_ORIGIN, now, { reason: 'leaked' }, changed);
    }
  });
}

/** Looks a reported key up and acts on it; answers whether it is a key of this instance. */
export async function handleReportedKey(ctx: ServiceContext, presented: string, report: LeakReport): Promise<boolean> {
  const keyId = await findReportedKey(ctx, presented);
  if (keyId !== null) await markLeaked(ctx, keyId, report);
  return keyId !== null;
}
