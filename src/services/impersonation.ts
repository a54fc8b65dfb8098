// Before v1.1 a tenant admin could create a management key in another member's name and so act as
// them on Keywarden's own API (DESIGN "Keys on the management API"). Creation refuses that now; this
// start-up step, run right after the migrations, revokes the keys made that way before.
//
// It is a start-up step rather than a migration because it must write through the project's own
// revocation and event code (the hash chains, the chain-head locks, the change feed to other
// nodes), which a frozen migration cannot call safely once later migrations change those tables.
// It is idempotent (a revoked key is no longer a candidate) and cheap when there is nothing to do,
// and running at every start also catches keys that a node still on the old version made during a
// rolling upgrade.
import { SYSTEM_ORIGIN } from '../audit/events.js';
import type { Store } from '../store/store.js';
import { markRevoked } from './revocation.js';

/** Deep enough for any real chain of keys creating keys; a loop in bad data ends here. */
const MAX_DEPTH = 50;
const CHUNK = 500;

interface Creation {
  actorType: string;
  actorId: string | null;
}

/** The first key.created event of each key: who made it (the event outlives a deleted key). */
async function creationsOf(store: Store, keyIds: readonly string[], into: Map<string, Creation | null>): Promise<void> {
  for (let i = 0; i < keyIds.length; i += CHUNK) {
    const ids = keyIds.slice(i, i + CHUNK);
    const rows = await store.db.selectFrom('events').select(['key_id', 'actor_type', 'actor_id'])
      .where('type', '=', 'key.created').where('key_id', 'in', ids).orderBy('chain').orderBy('seq').execute();
    for (const id of ids) if (!into.has(id)) into.set(id, null);
    for (const row of rows) if (!into.get(row.key_id!)) into.set(row.key_id!, { actorType: row.actor_type, actorId: row.actor_id });
  }
}

/**
 * The person who held the new key's secret when it was made: a user actor is that user; a key
 * actor acts as its owner, so it resolves to whoever made that key, in turn (a key rotated or made
 * by an impersonating key resolves to the impersonator too, not to the member it was named for).
 * A key actor whose own creation left no record resolves to its owner, the rule's plain reading.
 * Null when unknown: made by the system, or no record at all.
 */
async function creatorOf(store: Store, keyId: string, creations: Map<string, Creation | null>): Promise<string | null> {
  let current = keyId;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (!creations.has(current)) await creationsOf(store, [current], creations);
    const creation = creations.get(current);
    if (!creation) return current === keyId ? null : (await ownerOfKey(store, current)) ?? null;
    if (creation.actorType === 'user') return creation.actorId;
    if (creation.actorType !== 'key' || creation.actorId === null) return null;
    current = creation.actorId;
  }
  return null;
}

async function ownerOfKey(store: Store, keyId: string): Promise<string | undefined> {
  const row = await store.db.selectFrom('api_keys').select('owner_id').where('id', '=', keyId).executeTakeFirst();
  return row?.owner_id;
}

/**
 * Revokes every unrevoked management key whose creator is not its owner, with a `key.revoked`
 * event (`details.reason: "impersonation"`, actor system) in its tenant's chain. Answers how many.
 */
export async function revokeImpersonatingKeys(store: Store, now: Date): Promise<number> {
  const candidates = await store.db.selectFrom('api_keys').select(['id', 'tenant_id', 'owner_id'])
    .where('management', '=', 1).where('revoked_at', 'is', null).execute();
  if (candidates.length === 0) return 0;
  const creations = new Map<string, Creation | null>();
  await creationsOf(store, candidates.map((k) => k.id), creations);
  const byTenant = new Map<string, string[]>();
  for (const key of candidates) {
    const creator = await creatorOf(store, key.id, creations);
    if (creator === null || creator === key.owner_id) continue;
    byTenant.set(key.tenant_id, [...(byTenant.get(key.tenant_id) ?? []), key.id]);
  }
  let revoked = 0;
  // One transaction per tenant: keys by id, then that tenant's chain head (the global lock order).
  for (const [tenantId, ids] of byTenant) {
    revoked += await store.write(async (trx, changed) => {
      // Locked and read again: a node starting at the same moment may have revoked them already.
      const rows = await store.forUpdate(trx.selectFrom('api_keys').select(['id', 'tenant_id', 'hash'])
        .where('tenant_id', '=', tenantId).where('id', 'in', ids).where('revoked_at', 'is', null).orderBy('id')).execute();
      await markRevoked(store, trx, rows, SYSTEM_ORIGIN, now, { reason: 'impersonation' }, changed);
      return rows.length;
    });
  }
  return revoked;
}
