// The key status as SQL, built from the one definition in domain/status.ts, for every query that
// filters, sorts or counts keys by status.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { KEY_STATUSES, OTHERWISE, STATUS_RULES, type KeyStatus, type StatusTest } from '../domain/status.js';
import type { Db } from '../store/store.js';

const COLUMN: Record<StatusTest['field'], string> = { revokedAt: 'api_keys.revoked_at', expiresAt: 'api_keys.expires_at' };

/** Never null, so that NOT of it is safe too. */
function testSql(test: StatusTest, now: string): RawBuilder<SqlBool> {
  const column = sql.ref(COLUMN[test.field]);
  return test.is === 'set' ? sql<SqlBool>`${column} is not null` : sql<SqlBool>`(${column} is not null and ${column} <= ${now})`;
}

/**
 * The rules in order as a CASE, each status written as `valueOf` says: as a literal, so that
 * PostgreSQL types a rank as a number (a parameter there would come back as text).
 */
function statusCase<T extends string | number>(now: string, valueOf: (status: KeyStatus) => T): RawBuilder<T> {
  const whens = STATUS_RULES.map((r) => sql`when ${testSql(r.test, now)} then ${sql.lit(valueOf(r.status))}`);
  return sql<T>`(case ${sql.join(whens, sql` `)} else ${sql.lit(valueOf(OTHERWISE))} end)`;
}

/** A key's status (`'active'`, …) at `now`; `now` comes from the caller (or a list's cursor). */
export const statusSql = (now: string) => statusCase<KeyStatus>(now, (s) => s);

/** A key's status as its place in the sort order (KEY_STATUSES). */
export const statusRank = (now: string) => statusCase<number>(now, (s) => KEY_STATUSES.indexOf(s));

/**
 * The key has this status: no earlier rule holds, and its own does. Written as conditions rather
 * than a comparison with the CASE, so that an index on revoked_at still serves `revoked`.
 */
export function statusIs(status: KeyStatus, now: string): RawBuilder<SqlBool> {
  const index = STATUS_RULES.findIndex((r) => r.status === status);
  const earlier = index < 0 ? STATUS_RULES : STATUS_RULES.slice(0, index);
  const parts = earlier.map((r) => sql<SqlBool>`not ${testSql(r.test, now)}`);
  if (index >= 0) parts.push(testSql(STATUS_RULES[index].test, now));
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

/** How many keys there are of each status, across all tenants (metrics). */
export async function countKeysByStatus(db: Db, now: Date): Promise<Record<KeyStatus, number>> {
  const rows = await db.selectFrom('api_keys')
    .select([statusSql(now.toISOString()).as('status'), (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status').execute();
  return Object.fromEntries(KEY_STATUSES.map((s) => [s, Number(rows.find((r) => r.status === s)?.n ?? 0)])) as Record<KeyStatus, number>;
}
