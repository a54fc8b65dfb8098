// A key's `usage24h`: its valid verifications in the last 24 hours, read as the hourly buckets of
// the current hour and the 23 before it (so up to 24 h plus the current hour's minutes). One rule for
// the key reads and the key list's sort.
import { sql, type RawBuilder } from 'kysely';
import { bucketStart, HOUR_MS } from '../domain/usage-buckets.js';
import type { Db, Trx } from '../store/store.js';

/** The first hourly bucket counted at `now`. */
export const usage24hFrom = (now: Date | string) =>
  new Date(bucketStart('hour', new Date(now).getTime()) - 23 * HOUR_MS).toISOString();

/** The valid verifications of these keys in the last 24 hours (0 for a key without any). */
export async function usage24hOf(db: Db | Trx, keyIds: string[], now: Date): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (keyIds.length === 0) return counts;
  const rows = await db.selectFrom('key_usage').select(['key_id', sql<number>`cast(sum(valid) as bigint)`.as('n')])
    .where('key_id', 'in', keyIds).where('bucket', '>=', usage24hFrom(now)).groupBy('key_id').execute();
  for (const r of rows) counts.set(r.key_id, Number(r.n));
  return counts;
}

/** The same count as an SQL expression over `api_keys`, for sorting (never null: 0 without usage). */
export function usage24hExpr(now: string): RawBuilder<number> {
  return sql<number>`cast(coalesce((select sum(key_usage.valid) from key_usage
    where key_usage.key_id = api_keys.id and key_usage.bucket >= ${usage24hFrom(now)}), 0) as bigint)`;
}
