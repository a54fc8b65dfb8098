// The key table filled at start, in batches in id order, while the node already verifies: a key not
// yet loaded is read on its first use as always (one indexed SELECT), so the node is ready from its
// first second, and within seconds every key is answered from memory. Without it a node with
// 1,000,000 keys would meet each key's first use with a database read (about 13,000 a second on
// SQLite, bench/RESULTS.md), and a restart under load would put all of them on the database at once.
import type { Store } from '../store/store.js';
import { hexToCacheKey, type KeyRow, type VerifyCaches } from './caches.js';

export interface PreloadResult {
  keys: number;
  ms: number;
  /** False when stopped early: the node was closed, or the table is full (KEYWARDEN's cache size). */
  complete: boolean;
}

const BATCH = 5000;

// A key load's columns (KEY_COLUMNS) less revoked_at (null in every row read here), with the hash.
// Rows come as arrays (no object made per row by the driver): rowOf names them in this order.
const COLUMNS = ['id', 'tenant_id', 'owner_id', 'name', 'scopes', 'expires_at', 'management', 'ratelimit_limit',
  'ratelimit_duration_ms', 'remaining', 'credits_id', 'credits_version', 'meta', 'allowed_ips', 'limits', 'hash'] as const;
const HASH = COLUMNS.indexOf('hash');

function rowOf(r: unknown[]): KeyRow {
  // Checked against KeyRow: a column a key load comes to read and this one does not fails to compile.
  return ({
    id: r[0], tenant_id: r[1], owner_id: r[2], name: r[3], scopes: r[4], expires_at: r[5], revoked_at: null, management: r[6],
    ratelimit_limit: r[7], ratelimit_duration_ms: r[8], remaining: r[9], credits_id: r[10], credits_version: r[11],
    meta: r[12], allowed_ips: r[13], limits: r[14],
  } satisfies Record<keyof KeyRow, unknown>) as KeyRow;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Loads the keys that are not revoked (revoked keys are rare in use and answer from a load as
 * before). A batch read while a key changed (the key epoch moved) is dropped whole: it may hold a
 * row from before the change, and its keys simply load on first use. A key already cached (loaded
 * on use meanwhile) is kept as it is.
 */
export async function preloadKeys(store: Store, caches: VerifyCaches, stopped: () => boolean, batch = BATCH): Promise<PreloadResult> {
  const started = performance.now();
  // Compiled once: one prepared statement on SQLite, read in id order from after the last id.
  const read = store.prepareRaw(store.db.selectFrom('api_keys').select(COLUMNS)
    .where('revoked_at', 'is', null).where('id', '>', '').orderBy('id').limit(batch).compile());
  let after = '';
  let keys = 0;
  for (;;) {
    if (stopped() || caches.keys.size >= caches.limits.maxKeys) return { keys, ms: performance.now() - started, complete: false };
    const epoch = caches.keyEpoch;
    const rows = await read([after, batch]);
    if (rows.length === 0) return { keys, ms: performance.now() - started, complete: true };
    after = rows[rows.length - 1][0] as string;
    if (epoch === caches.keyEpoch) {
      for (const row of rows) {
        const key = hexToCacheKey(row[HASH] as string);
        if (caches.keys.has(key) || caches.keys.size >= caches.limits.maxKeys) continue;
        caches.keys.set(key, caches.entryOf(rowOf(row)));
        keys++;
      }
    }
    await yieldToEventLoop();
  }
}
