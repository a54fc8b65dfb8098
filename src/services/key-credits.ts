// A key's credits are a balance that a rotated key shares with its successor (DESIGN "Rotation"):
// every key of a balance carries the same `remaining`, and only setting the balance (a top-up)
// changes its version, so editing a key in any other way never touches what it has spent.
import type { Store, Trx } from '../store/store.js';
import type { ApiKeyTable } from '../store/schema.js';

/** The balance a key spends from: its own, or the one it took over at a rotation. */
export const balanceOf = (row: Pick<ApiKeyTable, 'id' | 'credits_id'>): string => row.credits_id ?? row.id;

/**
 * Locks every key that spends from the same balance as `keyId`, in id order (the lock order of
 * DESIGN: keys by id), so that a top-up and a rotation of keys of one balance see each other.
 */
export async function lockBalanceKeys(store: Store, trx: Trx, tenantId: string, keyId: string): Promise<ApiKeyTable[]> {
  const key = await trx.selectFrom('api_keys').select(['id', 'credits_id']).where('id', '=', keyId)
    .where('tenant_id', '=', tenantId).executeTakeFirst();
  if (!key) return [];
  const balance = balanceOf(key);
  return store.forUpdate(trx.selectFrom('api_keys').selectAll().where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('id', '=', balance), eb('credits_id', '=', balance)])).orderBy('id')).execute();
}

/** Sets a balance (a top-up, or none with null) on every key of it, under a new version. */
export async function setBalance(trx: Trx, keys: readonly ApiKeyTable[], remaining: number | null): Promise<void> {
  if (keys.length === 0) return;
  const version = Math.max(...keys.map((k) => Number(k.credits_version))) + 1;
  await trx.updateTable('api_keys').set({ remaining, credits_version: version })
    .where('id', 'in', keys.map((k) => k.id)).execute();
}
