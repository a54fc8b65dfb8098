// Excessive use: a key verified more often in a minute than its tenant allows raises one
// `key.excessive_use` event for that minute, and is revoked when the tenant says so.
import { appendEvents, SYSTEM_ORIGIN } from '../audit/events.js';
import type { Store } from '../store/store.js';
import { markRevoked } from './revocation.js';
import { statusSql } from './key-status.js';
import type { ExcessiveUse } from '../domain/excessive-use.js';


/** Records the event unless this minute already has one (another node may have seen it first). */
export async function recordExcessiveUse(store: Store, use: ExcessiveUse, now = new Date()): Promise<boolean> {
  return store.write(async (trx, changed) => {
    // Locks in DESIGN's global order, the key before its tenant's chain head, as a usage flush
    // does: the other way round, the two could wait on each other. The chain head lock orders this
    // tenant's writers, so the check below cannot race across nodes.
    const key = await store.forUpdate(trx.selectFrom('api_keys').select(['id', 'tenant_id', 'hash', statusSql(now.toISOString()).as('status')])
      .where('id', '=', use.keyId)).executeTakeFirst();
    if (!key) return false;
    await store.forUpdate(trx.selectFrom('chain_heads').select('seq').where('chain', '=', use.tenantId)).execute();
    const minute = new Date(use.minuteStartMs).toISOString();
    const seen = await trx.selectFrom('events').select('id').where('key_id', '=', use.keyId)
      .where('type', '=', 'key.excessive_use').where('at', '>=', minute).executeTakeFirst();
    if (seen) return false;
    const revoke = use.autoRevoke && key.status === 'active';
    await appendEvents(store, trx, SYSTEM_ORIGIN, [{
      tenantId: use.tenantId, type: 'key.excessive_use', keyId: use.keyId,
      details: { count: use.count, limitPerMinute: use.limitPerMinute, minute, autoRevoked: revoke },
    }], now);
    if (revoke) await markRevoked(store, trx, [key], SYSTEM_ORIGIN, now, { reason: 'excessive_use' }, changed);
    return true;
  });
}
