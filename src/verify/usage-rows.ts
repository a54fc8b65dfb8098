// The rows a usage flush writes: per key, the hourly and daily counts of valid and failed
// verifications, and the credits spent per name, each added to what the database holds (several
// nodes add to the same rows). Daily rows are written with the hourly ones, so a day's totals never
// wait for a roll-up and nodes never have to agree on which hours were rolled up.
import { sql } from 'kysely';
import type { Trx } from '../store/store.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const BATCH = 500;

/** One key's counts in one hour; `spent` only when the key spent credits (null for most keys). */
export interface HourCounts {
  hourMs: number;
  valid: number;
  failed: number;
  /** The most valid verifications in one minute of this hour. */
  peak: number;
  spent: Record<string, number> | null;
}

export interface KeyHours {
  keyId: string;
  tenantId: string;
  ownerId: string;
  hours: HourCounts[];
}

interface CountRow { key_id: string; tenant_id: string; owner_id: string; bucket: string; valid: number; failed: number; peak?: number }
interface SpentRow { key_id: string; tenant_id: string; owner_id: string; bucket: string; name: string; amount: number }

/** Sums hours into buckets of `stepMs` (an hour or a UTC day), one row per key and bucket. */
function bucketRows(keys: KeyHours[], stepMs: number): { counts: CountRow[]; spent: SpentRow[] } {
  const withPeak = stepMs === HOUR_MS;
  const counts = new Map<string, CountRow>();
  const spent = new Map<string, SpentRow>();
  for (const k of keys) {
    for (const h of k.hours) {
      const bucket = new Date(h.hourMs - (h.hourMs % stepMs)).toISOString();
      const id = `${k.keyId}\n${bucket}`;
      if (h.valid > 0 || h.failed > 0 || h.spent !== null) {
        const row = counts.get(id) ?? { key_id: k.keyId, tenant_id: k.tenantId, owner_id: k.ownerId, bucket, valid: 0, failed: 0, ...(withPeak && { peak: 0 }) };
        row.valid += h.valid;
        row.failed += h.failed;
        if (withPeak && h.peak > row.peak!) row.peak = h.peak;
        counts.set(id, row);
      }
      for (const [name, amount] of Object.entries(h.spent ?? {})) {
        const sid = `${id}\n${name}`;
        const row = spent.get(sid) ?? { key_id: k.keyId, tenant_id: k.tenantId, owner_id: k.ownerId, bucket, name, amount: 0 };
        row.amount += amount;
        spent.set(sid, row);
      }
    }
  }
  // In key order: two nodes adding to the same rows take their locks in the same order.
  const byKey = <R extends { key_id: string; bucket: string }>(a: R, b: R) =>
    a.key_id < b.key_id ? -1 : a.key_id > b.key_id ? 1 : a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0;
  return { counts: [...counts.values()].sort(byKey), spent: [...spent.values()].sort(byKey) };
}

async function addCounts(trx: Trx, table: 'key_usage' | 'key_usage_daily', rows: CountRow[], statement: () => void) {
  for (let i = 0; i < rows.length; i += BATCH) {
    statement();
    await trx.insertInto(table).values(rows.slice(i, i + BATCH))
      .onConflict((oc) => oc.columns(['key_id', 'bucket']).doUpdateSet({
        valid: sql`${sql.ref(`${table}.valid`)} + excluded.valid`,
        failed: sql`${sql.ref(`${table}.failed`)} + excluded.failed`,
        ...(table === 'key_usage' && {
          peak: sql`case when key_usage.peak > excluded.peak then key_usage.peak else excluded.peak end`,
        }),
      })).execute();
  }
}

async function addSpent(trx: Trx, table: 'key_usage_spent' | 'key_usage_daily_spent', rows: SpentRow[], statement: () => void) {
  for (let i = 0; i < rows.length; i += BATCH) {
    statement();
    await trx.insertInto(table).values(rows.slice(i, i + BATCH))
      .onConflict((oc) => oc.columns(['key_id', 'bucket', 'name']).doUpdateSet({
        amount: sql`${sql.ref(`${table}.amount`)} + excluded.amount`,
      })).execute();
  }
}

/** Adds the keys' hours to the hourly and daily rows. */
export async function writeUsageRows(trx: Trx, keys: KeyHours[], statement: () => void): Promise<void> {
  const hourly = bucketRows(keys, HOUR_MS);
  const daily = bucketRows(keys, DAY_MS);
  await addCounts(trx, 'key_usage', hourly.counts, statement);
  await addCounts(trx, 'key_usage_daily', daily.counts, statement);
  await addSpent(trx, 'key_usage_spent', hourly.spent, statement);
  await addSpent(trx, 'key_usage_daily_spent', daily.spent, statement);
}
