// Usage reads (DESIGN v1.1 "Usage metering"): valid and failed verifications and credits spent, in
// UTC hour, day or month buckets, per tenant, owner or key, paged by group; and a tenant's top keys.
import { sql, type RawBuilder } from 'kysely';
import { fieldInvalid } from '../errors.js';
import { bucketStart, oldestKept, usageRange, type UsageInterval, type UsageRange } from '../domain/usage-buckets.js';
import type { ServiceContext } from './context.js';
import { assertPlatformAdmin, assertTenantAdmin, tenantAccess, type Principal } from './access.js';
import { decodeCursor, encodeCursor } from './paging.js';

export type UsageGroupBy = 'tenant' | 'owner' | 'key';

export interface UsageQuery {
  since?: string;
  until?: string;
  interval?: UsageInterval;
  groupBy?: UsageGroupBy;
  limit: number;
  cursor?: string;
}

export interface UsageItem {
  at: string;
  tenantId: string;
  ownerId?: string | null;
  keyId?: string;
  valid: number;
  failed: number;
  spent: Record<string, number>;
}

export interface UsagePage {
  interval: UsageInterval;
  items: UsageItem[];
  nextCursor: string | null;
}

const GROUP_COLUMN: Record<UsageGroupBy, string> = { tenant: 'tenant_id', owner: 'owner_id', key: 'key_id' };

/** The group a page ended with, for the grouping and range it was made for. */
interface UsageCursor { by: UsageGroupBy; g: string }
const isCursorFor = (by: UsageGroupBy) => (v: unknown): v is UsageCursor =>
  typeof v === 'object' && v !== null && (v as UsageCursor).by === by && typeof (v as UsageCursor).g === 'string';

const parseTime = (field: string, value: string | undefined): number | null => {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw fieldInvalid(field, 'must be an ISO-8601 time');
  return ms;
};

/** The query's buckets, or the 400 that says why not (beyond what is kept, or more than 1000 buckets). */
export function resolveRange(ctx: ServiceContext, query: { since?: string; until?: string; interval?: UsageInterval }): UsageRange {
  const range = usageRange(query.interval ?? 'day', parseTime('/since', query.since), parseTime('/until', query.until),
    ctx.now().getTime(), ctx.config.usageRetentionMs);
  if ('field' in range) throw fieldInvalid(range.field, range.message);
  return range;
}

const iso = (ms: number) => new Date(ms).toISOString();

function tablesOf(interval: UsageInterval) {
  return interval === 'hour' ? { counts: 'key_usage', spent: 'key_usage_spent' } : { counts: 'key_usage_daily', spent: 'key_usage_daily_spent' };
}

/** The bucket a row counts in: its own (hours, days), or its month's first day. A literal, so PostgreSQL groups by it. */
function bucketOf(interval: UsageInterval): RawBuilder<string> {
  return interval === 'month' ? sql<string>`substr(bucket, 1, 7) || '-01T00:00:00.000Z'` : sql<string>`bucket`;
}

/** The rows of a table (or alias) in the range, and of the tenant when one is given. */
const inRange = ({ starts, untilMs }: UsageRange, tenantId: string | null) => (table: string) =>
  sql`${sql.ref(`${table}.bucket`)} >= ${iso(starts[0] ?? untilMs)} and ${sql.ref(`${table}.bucket`)} < ${iso(untilMs)}
    ${tenantId === null ? sql`` : sql`and ${sql.ref(`${table}.tenant_id`)} = ${tenantId}`}`;

async function usagePage(ctx: ServiceContext, tenantId: string | null, groupBy: UsageGroupBy, query: UsageQuery): Promise<UsagePage> {
  const range = resolveRange(ctx, query);
  const { interval, starts } = range;
  const cursor = query.cursor ? decodeCursor(query.cursor, isCursorFor(groupBy)) : null;
  const tables = tablesOf(interval);
  const col = sql.ref(GROUP_COLUMN[groupBy]);
  const where = inRange(range, tenantId);
  // The groups of this page: a tenant's own line always, else those with usage in the range.
  let groups: { g: string; owner: string | null; tenant: string }[];
  if (tenantId !== null && groupBy === 'tenant') {
    groups = cursor ? [] : [{ g: tenantId, owner: null, tenant: tenantId }];
  } else {
    const { rows } = await sql<{ g: string; owner: string; tenant: string }>`select ${col} as g, min(owner_id) as owner, min(tenant_id) as tenant
      from ${sql.table(tables.counts)} where ${where(tables.counts)} ${cursor ? sql`and ${col} > ${cursor.g}` : sql``}
      group by ${col} order by ${col} limit ${query.limit + 1}`.execute(ctx.store.db);
    groups = rows.map((r) => ({ g: r.g, owner: r.owner === '' ? null : r.owner, tenant: r.tenant }));
  }
  const page = groups.slice(0, query.limit);
  const nextCursor = groups.length > query.limit ? encodeCursor({ by: groupBy, g: page[page.length - 1].g }) : null;
  if (page.length === 0) return { interval, items: [], nextCursor };

  const ids = page.map((p) => p.g);
  const bucket = bucketOf(interval);
  const counts = await sql<{ g: string; at: string; valid: number; failed: number }>`select ${col} as g, ${bucket} as at,
      cast(sum(valid) as bigint) as valid, cast(sum(failed) as bigint) as failed
    from ${sql.table(tables.counts)} where ${where(tables.counts)} and ${col} in (${sql.join(ids)}) group by ${col}, ${bucket}`.execute(ctx.store.db);
  const spent = await sql<{ g: string; at: string; name: string; amount: number }>`select ${col} as g, ${bucket} as at, name,
      cast(sum(amount) as bigint) as amount
    from ${sql.table(tables.spent)} where ${where(tables.spent)} and ${col} in (${sql.join(ids)}) group by ${col}, ${bucket}, name`.execute(ctx.store.db);

  // Every group gets every bucket, empty ones as zeros, as GET /keys/:kid/usage does.
  const items = new Map<string, UsageItem>();
  const out: UsageItem[] = [];
  for (const p of page) {
    for (const start of starts) {
      const at = iso(start);
      // A map without a prototype: a credits name such as `constructor` or `__proto__` is just a name.
      const item: UsageItem = { at, tenantId: p.tenant, valid: 0, failed: 0, spent: Object.create(null) as Record<string, number> };
      if (groupBy !== 'tenant') item.ownerId = p.owner;
      if (groupBy === 'key') item.keyId = p.g;
      items.set(`${p.g}\n${at}`, item);
      out.push(item);
    }
  }
  for (const r of counts.rows) {
    const item = items.get(`${r.g}\n${r.at}`);
    if (item) {
      item.valid += Number(r.valid);
      item.failed += Number(r.failed);
    }
  }
  for (const r of spent.rows) {
    const item = items.get(`${r.g}\n${r.at}`);
    if (item) item.spent[r.name] = (item.spent[r.name] ?? 0) + Number(r.amount);
  }
  return { interval, items: out, nextCursor };
}

/** GET /tenants/:tid/usage: tenant admins. */
export async function tenantUsage(ctx: ServiceContext, principal: Principal, tenantId: string, query: UsageQuery): Promise<UsagePage> {
  assertTenantAdmin(await tenantAccess(ctx.store.db, principal, tenantId));
  return usagePage(ctx, tenantId, query.groupBy ?? 'tenant', query);
}

/** GET /usage: every tenant's usage, for billing; platform admins. */
export async function platformUsage(ctx: ServiceContext, principal: Principal, query: UsageQuery): Promise<UsagePage> {
  assertPlatformAdmin(principal);
  return usagePage(ctx, null, 'tenant', query);
}

/**
 * The credits names a usage read's items carry (every page's), by name: the CSV's columns, known
 * before its first line. The groups are those usagePage lists: the tenant's own line takes every
 * row of the tenant, other groupings the groups with counts in the range.
 */
async function spentNames(ctx: ServiceContext, tenantId: string | null, groupBy: UsageGroupBy, range: UsageRange): Promise<string[]> {
  const tables = tablesOf(range.interval);
  const where = inRange(range, tenantId);
  const col = GROUP_COLUMN[groupBy];
  const { rows } = await sql<{ name: string }>`select distinct s.name from ${sql.table(tables.spent)} s where ${where('s')}
    ${tenantId !== null && groupBy === 'tenant' ? sql`` : sql`and exists (select 1 from ${sql.table(tables.counts)} c
      where ${where('c')} and ${sql.ref(`c.${col}`)} = ${sql.ref(`s.${col}`)})`}`.execute(ctx.store.db);
  return rows.map((r) => r.name).sort();
}

/** A usage read for the CSV answer: its credits names (the columns), then its pages, each read when it is wanted. */
export interface UsageExport {
  names: string[];
  pages: AsyncIterable<UsagePage>;
}

/**
 * Every page of a read, one at a time, so an export of many groups never sits in memory whole. The
 * first page is read here, so its 400s come before anything is sent. As with paging by hand, usage
 * flushed while the export runs may show in later pages (a credits name first spent then is left out).
 */
async function usageExport(ctx: ServiceContext, tenantId: string | null, groupBy: UsageGroupBy, query: UsageQuery): Promise<UsageExport> {
  const first = await usagePage(ctx, tenantId, groupBy, { ...query, cursor: undefined });
  const names = await spentNames(ctx, tenantId, groupBy, resolveRange(ctx, query));
  async function* pages(): AsyncGenerator<UsagePage> {
    let page = first;
    yield page;
    while (page.nextCursor !== null) {
      page = await usagePage(ctx, tenantId, groupBy, { ...query, cursor: page.nextCursor });
      yield page;
    }
  }
  return { names, pages: pages() };
}

/** GET /tenants/:tid/usage as CSV: tenant admins. */
export async function tenantUsageExport(ctx: ServiceContext, principal: Principal, tenantId: string, query: UsageQuery): Promise<UsageExport> {
  assertTenantAdmin(await tenantAccess(ctx.store.db, principal, tenantId));
  return usageExport(ctx, tenantId, query.groupBy ?? 'tenant', query);
}

/** GET /usage as CSV: platform admins. */
export async function platformUsageExport(ctx: ServiceContext, principal: Principal, query: UsageQuery): Promise<UsageExport> {
  assertPlatformAdmin(principal);
  return usageExport(ctx, null, 'tenant', query);
}

/** The most valid verifications one key had in one minute, in a range (as one node counted them). */
export interface Peak {
  keyId: string;
  perMinute: number;
  /** The UTC hour it happened in. */
  hour: string;
}

export interface TopKey {
  keyId: string;
  ownerId: string | null;
  /** null when the key has been deleted since. */
  name: string | null;
  valid: number;
  failed: number;
}

/**
 * GET /tenants/:tid/usage/top: the keys with the most valid (or failed) verifications in a range of
 * hours (default: today, UTC), for spotting excessive use. Tenant admins.
 */
export async function topKeys(
  ctx: ServiceContext, principal: Principal, tenantId: string,
  query: { by?: 'valid' | 'failed'; since?: string; until?: string; limit?: number },
): Promise<{ items: TopKey[]; peak: Peak | null }> {
  assertTenantAdmin(await tenantAccess(ctx.store.db, principal, tenantId));
  const nowMs = ctx.now().getTime();
  const since = parseTime('/since', query.since) ?? bucketStart('day', nowMs);
  const until = parseTime('/until', query.until) ?? nowMs;
  if (until <= since) throw fieldInvalid('/until', 'must come after since');
  const oldest = oldestKept('hour', nowMs, ctx.config.usageRetentionMs);
  if (bucketStart('hour', since) < oldest) throw fieldInvalid('/since', `is before the oldest hourly usage kept (${iso(oldest)})`);
  const by = query.by ?? 'valid';
  const total = sql.ref(`total_${by}`);
  const { rows } = await sql<{ key_id: string; owner_id: string; name: string | null; total_valid: number; total_failed: number }>`
    select u.key_id, min(u.owner_id) as owner_id, min(k.name) as name,
      cast(sum(u.valid) as bigint) as total_valid, cast(sum(u.failed) as bigint) as total_failed
    from key_usage u left join api_keys k on k.id = u.key_id
    where u.tenant_id = ${tenantId} and u.bucket >= ${iso(bucketStart('hour', since))} and u.bucket < ${iso(until)}
    group by u.key_id having sum(${sql.ref(`u.${by}`)}) > 0
    order by ${total} desc, u.key_id limit ${query.limit ?? 10}`.execute(ctx.store.db);
  const peak = await ctx.store.db.selectFrom('key_usage').select(['key_id', 'peak', 'bucket'])
    .where('tenant_id', '=', tenantId).where('bucket', '>=', iso(bucketStart('hour', since))).where('bucket', '<', iso(until))
    .where('peak', '>', 0).orderBy('peak', 'desc').orderBy('bucket', 'desc').orderBy('key_id').limit(1).executeTakeFirst();
  return {
    peak: peak ? { keyId: peak.key_id, perMinute: Number(peak.peak), hour: peak.bucket } : null,
    items: rows.map((r) => ({
      keyId: r.key_id, ownerId: r.owner_id === '' ? null : r.owner_id, name: r.name, valid: Number(r.total_valid), failed: Number(r.total_failed),
    })),
  };
}
