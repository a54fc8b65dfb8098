// Revoking keys, the one way every path does it (an admin, a bulk request, a withdrawal, excessive
// use): mark them, record one key.revoked each, and tell every node's cache.
import { appendEvents, type Origin } from '../audit/events.js';
import type { Change, Store, Trx } from '../store/store.js';
import type { ApiKeyTable } from '../store/schema.js';

export type RevocableKey = Pick<ApiKeyTable, 'id' | 'tenant_id' | 'hash'>;

export const keyChange = (row: RevocableKey): Change =>
  ({ kind: 'key', tenantId: row.tenant_id, subjectId: row.id, keyHash: row.hash });

export async function markRevoked(
  store: Store, trx: Trx, keys: readonly RevocableKey[], origin: Origin, now: Date,
  details: Record<string, unknown>, changed: (change: Change) => void,
): Promise<void> {
  if (keys.length === 0) return;
  const at = now.toISOString();
  await trx.updateTable('api_keys').set({ revoked_at: at, revoked_by: origin.actor.id ?? 'system', updated_at: at })
    .where('id', 'in', keys.map((k) => k.id)).execute();
  await appendEvents(store, trx, origin, keys.map((k) => ({ tenantId: k.tenant_id, type: 'key.revoked', keyId: k.id, details })), now);
  for (const k of keys) changed(keyChange(k));
}
