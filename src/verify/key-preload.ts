// The key table filled at start, in batches in id order, while the node already verifies: a key not
// yet loaded is read on its first use as always (one indexed SELECT), so the node is ready from its
// first second, and within seconds every key is answered from memory. Without it a node with
// 1,000,000 keys would meet each key's first use with a database read (about 13,000 a second on
// SQLite, bench/RESULTS.md), and a restart under load would put all of them on the database at once.
import type { Store } from '../store/store.js';
import { hexToCacheKey, KEY_COLUMNS, type VerifyCaches } from './caches.js';

export interface PreloadResult {
  keys: number;
  ms: number;
  /** False when stopped early: the node was closed, or the table is full (KEYWARDEN's cache size). */
  complete: boolean;
}

const BATCH = 5000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Loads the keys that are not revoked (revoked keys are rare in use and answer from a load as
 * before). A batch read while a key changed (the key epoch moved) is dropped whole: it may hold a
 * row from before the change, and its keys simply load on first use. A key already cached (loaded
 * on use meanwhile) is kept as it is.
 */
export async function preloadKeys(store: Store, caches: VerifyCaches, stopped: () => boolean, batch = BATCH): Promise<PreloadResult> {
  const started = performance.now();
  let after = '';
  let keys = 0;
  for (;;) {
    if (stopped() || caches.keys.size >= caches.limits.maxKeys) return { keys, ms: performance.now() - started, complete: false };
    const epoch = caches.keyEpoch;
    const rows = await store.db.selectFrom('api_keys').select([...KEY_COLUMNS, 'hash'])
      .where('revoked_at', 'is', null).where('id', '>', after).orderBy('id').limit(batch).execute();
    if (rows.length === 0) return { keys, ms: performance.now() - started, complete: true };
    after = rows[rows.length - 1].id;
    if (epoch === caches.keyEpoch) {
      for (const row of rows) {
        const key = hexToCacheKey(row.hash);
        if (caches.keys.has(key) || caches.keys.size >= caches.limits.maxKeys) continue;
        caches.keys.set(key, caches.entryOf(row));
        keys++;
      }
    }
    await yieldToEventLoop();
  }
}
