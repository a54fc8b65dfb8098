// The bulk of a usage flush, every used key's counts, last use and hourly and daily rows, written in
// batches of keys, each batch in its own transaction, so that the flush of 100,000 keys in use
// neither holds the database nor the verifying thread for the whole write (bench/RESULTS.md, case 5):
// a batch is all of its keys' rows or none of them, so a failed batch restores only itself and the
// batches after it, and a committed one is never counted twice.
//
// SQLite (a file): the batches go to a worker thread with its own connection (sqlite-usage-worker.ts):
// better-sqlite3 is synchronous, so any write on the verifying thread stops verification for its
// whole length, however it is sliced. PostgreSQL (and an in-memory SQLite, which a second connection
// cannot open): Kysely on this thread, one transaction per batch; the database works while this
// thread waits, and the flush yields to the event loop between batches.
import { sql } from 'kysely';
import type { Store, Trx } from '../store/store.js';
import { writeUsageRows, type HourCounts, type KeyHours } from './usage-rows.js';

/** One key's buffered usage (usage-buffer.ts counts it). */
export interface KeyUsage {
  keyId: string;
  tenantId: string;
  ownerId: string;
  valid: number;
  lastUsedMs: number;
  // The current hour's counts inline: recording touches no Map and formats no date.
  hourMs: number;
  hourValid: number;
  hourFailed: number;
  /** The most valid verifications in one minute of this hour, and the current minute's count so far. */
  hourPeak: number;
  minuteMs: number;
  minuteValid: number;
  /** Credits spent this hour per name; null until the key spends any (most keys never do). */
  hourSpent: Record<string, number> | null;
  // Earlier hours, only when an hour ends between two flushes.
  earlier: HourCounts[] | null;
}

/** Writes one batch of keys in one transaction; answers the statements it ran. */
export interface UsageBatchWriter {
  write(batch: readonly KeyUsage[]): Promise<number>;
  close(): Promise<void>;
}

const STATEMENT_ROWS = 500;

/** The hours a key's usage covers: the current one and any earlier ones. */
export function hoursOf(u: KeyUsage): HourCounts[] {
  const current = { hourMs: u.hourMs, valid: u.hourValid, failed: u.hourFailed, peak: u.hourPeak, spent: u.hourSpent };
  return u.earlier === null ? [current] : [current, ...u.earlier];
}

/**
 * Adds counts and last-used times to many keys at once. VALUES columns are named column1… on both
 * databases, and the cast gives PostgreSQL the type its parameters lack.
 */
function addUsage(trx: Trx, rows: readonly KeyUsage[]) {
  const values = sql.join(rows.map((u) => sql`(${u.keyId}, ${u.valid}, ${new Date(u.lastUsedMs).toISOString()})`));
  return sql`update api_keys set
      usage_count = api_keys.usage_count + v.n,
      last_used_at = case when api_keys.last_used_at is null or api_keys.last_used_at < v.last then v.last else api_keys.last_used_at end
    from (select column1 as id, cast(column2 as bigint) as n, column3 as last from (values ${values}) as t) as v
    where api_keys.id = v.id`.execute(trx);
}

/** Kysely on the store's own connection: PostgreSQL, or SQLite in memory. */
export class KyselyUsageWriter implements UsageBatchWriter {
  constructor(private readonly store: Store) {}

  async write(batch: readonly KeyUsage[]): Promise<number> {
    let statements = 0;
    const statement = () => { statements++; };
    // Keys used on the management API too: their last use moves, with no count.
    const used = batch.filter((u) => u.lastUsedMs > 0);
    const hours: KeyHours[] = batch.map((u) => ({ keyId: u.keyId, tenantId: u.tenantId, ownerId: u.ownerId, hours: hoursOf(u) }));
    await this.store.write(async (trx) => {
      statements = 0;
      if (this.store.dialect === 'postgres' && used.length > 0) {
        // DESIGN's lock order (keys by id) before any write: the batch update locks rows in
        // whatever order its plan reads them. The flush hands batches over in key order.
        const ids = used.map((u) => u.keyId).sort();
        statement();
        await this.store.forUpdate(trx.selectFrom('api_keys').select('id').where('id', 'in', ids).orderBy('id')).execute();
      }
      for (let i = 0; i < used.length; i += STATEMENT_ROWS) {
        statement();
        await addUsage(trx, used.slice(i, i + STATEMENT_ROWS));
      }
      await writeUsageRows(trx, hours, statement);
    });
    return statements;
  }

  async close(): Promise<void> {}
}
