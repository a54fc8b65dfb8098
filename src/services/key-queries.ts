// Key reads: list (search, filter, sort, stable cursor paging), one key, stats and usage.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../store/schema.js';
import { fieldInvalid, forbidden, notFound } from '../errors.js';
import { KEY_STATUSES, type KeyStatus } from '../domain/status.js';
import type { ServiceContext } from './context.js';
import { assertKeyPermission, tenantAccess, type Principal } from './access.js';
import { parseSettings } from './views.js';
import { containsLc, decodeCursor, encodeCursor, type Page } from './paging.js';
import { selectKeys, toKeyView, type KeyView } from './key-views.js';
import { statusIs, statusRank } from './key-status.js';
import { keysCoveringResource } from './key-resource-filter.js';
import { usage24hExpr, usage24hOf } from './usage-24h.js';

export const KEY_SORT_FIELDS = ['name', 'createdAt', 'updatedAt', 'expiresAt', 'lastUsedAt', 'status', 'usage24h'] as const;
export type KeySortField = (typeof KEY_SORT_FIELDS)[number];

export interface KeyListQuery {
  q?: string;
  status?: string;
  owner?: string;
  /** Keys with a scope that covers this resource (key-resource-filter.ts). */
  resource?: string;
  sort?: string;
  limit: number;
  cursor?: string;
}

interface KeyCursor {
  now: string; // the first page's "now", so status filters and sorts stay stable while paging
  s: string; // the sort it was made for: its value means nothing under another
  v: string | number | null;
  id: string;
}

/** A cursor of this list and sort; a value of the wrong type would reach SQL (PostgreSQL: a 500). */
const isKeyCursorFor = (sort: { field: KeySortField; desc: boolean }) => (c: unknown): c is KeyCursor => {
  const o = c as KeyCursor;
  const valueType = sort.field === 'status' || sort.field === 'usage24h' ? 'number' : 'string';
  return typeof o === 'object' && o !== null && typeof o.now === 'string' && !Number.isNaN(Date.parse(o.now)) &&
    o.s === sortKey(sort) && typeof o.id === 'string' && (o.v === null || typeof o.v === valueType);
};

/** Sorts on a column that can be null; the others page straight along an index (migration 004). */
const NULLABLE_SORTS = new Set<KeySortField>(['expiresAt', 'lastUsedAt']);

const sortKey = (sort: { field: KeySortField; desc: boolean }) => `${sort.desc ? '-' : ''}${sort.field}`;

const COLUMN: Record<Exclude<KeySortField, 'status' | 'usage24h'>, string> = {
  name: 'api_keys.name_lc', createdAt: 'api_keys.created_at', updatedAt: 'api_keys.updated_at',
  expiresAt: 'api_keys.expires_at', lastUsedAt: 'api_keys.last_used_at',
};

function parseSort(sort = '-createdAt'): { field: KeySortField; desc: boolean } {
  const desc = sort.startsWith('-');
  const field = (desc ? sort.slice(1) : sort) as KeySortField;
  if (!KEY_SORT_FIELDS.includes(field)) throw fieldInvalid('/sort', `must be one of ${KEY_SORT_FIELDS.join(', ')}, optionally with a leading -`);
  return { field, desc };
}

function parseStatuses(status: string | undefined): KeyStatus[] | null {
  if (!status) return null;
  const list = status.split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of list) if (!KEY_STATUSES.includes(s as KeyStatus)) throw fieldInvalid('/status', `must list ${KEY_STATUSES.join(', ')}`);
  return list as KeyStatus[];
}

function statusFilter(statuses: KeyStatus[], now: string): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.join(statuses.map((s) => statusIs(s, now)), sql` or `)})`;
}

const ownerMatches = (q: string) => (eb: ExpressionBuilder<Database, 'users'>) =>
  eb.or([containsLc('users.email_lc', q), containsLc('users.name_lc', q)]);

/**
 * The keys a search matches, named by a text index (SQLite) when no user's name or e-mail matches
 * too; null when the keys must be read in order instead.
 */
async function indexedSearch(ctx: ServiceContext, tenantId: string, q: string): Promise<string[] | null> {
  const anyOwner = await ctx.store.db.selectFrom('users').select('id').where(ownerMatches(q)).limit(1).executeTakeFirst();
  return anyOwner ? null : ctx.store.searchKeys(tenantId, q.toLowerCase(), SEARCH_INDEX_LIMIT);
}

/** More matches than this, and reading keys in order finds a page sooner than fetching them all. */
const SEARCH_INDEX_LIMIT = 2000;

export async function listKeys(ctx: ServiceContext, principal: Principal, tenantId: string, query: KeyListQuery): Promise<Page<KeyView>> {
  const access = await tenantAccess(ctx.store.db, principal, tenantId);
  assertKeyPermission(access, 'read');
  const settings = parseSettings(access.tenant.settings);
  const sort = parseSort(query.sort);
  const { field, desc } = sort;
  const cursor = query.cursor ? decodeCursor(query.cursor, isKeyCursorFor(sort)) : null;
  const now = cursor?.now ?? ctx.now().toISOString();
  const statuses = parseStatuses(query.status);
  let ownerId: string | null = null;
  if (query.owner === 'me') ownerId = principal.user.id;
  else if (query.owner) {
    if (!access.isAdmin && query.owner !== principal.user.id) throw forbidden('Only a tenant admin may list other members\' keys.');
    ownerId = query.owner;
  }
  if (!access.isAdmin) ownerId = principal.user.id;

  // usage24h counts the hours up to the cursor's "now", so every page sorts by the same window;
  // counts flushed while paging may still move a key, as a use moves lastUsedAt.
  const sortExpr = field === 'status' ? statusRank(now) : field === 'usage24h' ? usage24hExpr(now)
    : field === 'name' ? ctx.store.byCodePoints(COLUMN.name) : sql.ref(COLUMN[field]);
  let qb = selectKeys(ctx.store.db).select(sortExpr.as('sort_value')).where('api_keys.tenant_id', '=', tenantId);
  if (ownerId) qb = qb.where('api_keys.owner_id', '=', ownerId);
  if (statuses) qb = qb.where(statusFilter(statuses, now));
  if (query.resource) qb = qb.where(await keysCoveringResource(ctx.store.db, tenantId, query.resource));
  if (query.q) {
    // Keys match by their own text (name, description, id) or their owner's name or e-mail.
    const q = query.q;
    const ids = await indexedSearch(ctx, tenantId, q);
    if (ids !== null) qb = qb.where(ids.length > 0 ? sql<SqlBool>`api_keys.id in (${sql.join(ids)})` : sql<SqlBool>`1 = 0`);
    // Owners are matched once in a subquery, so each key row costs one comparison of its own text.
    else qb = qb.where((eb) => eb.or([containsLc('api_keys.search_lc', q), eb('api_keys.owner_id', 'in', eb.selectFrom('users').select('users.id').where(ownerMatches(q)))]));
  }
  const nullable = NULLABLE_SORTS.has(field);
  if (cursor) {
    // Keyset paging with nulls last in both directions; the id breaks ties.
    const after = desc ? sql.raw('<') : sql.raw('>');
    qb = qb.where(cursor.v === null
      ? sql<SqlBool>`(${sortExpr} is null and api_keys.id ${after} ${cursor.id})`
      : nullable
        ? sql<SqlBool>`(${sortExpr} ${after} ${cursor.v} or (${sortExpr} = ${cursor.v} and api_keys.id ${after} ${cursor.id}) or ${sortExpr} is null)`
        // A row-value comparison: both databases start the index scan right at the cursor.
        : sql<SqlBool>`((${sortExpr}, api_keys.id) ${after} (${cursor.v}, ${cursor.id}))`);
  }
  const direction = desc ? 'desc' : 'asc';
  // Only a nullable column needs the nulls-last term, which no index can serve.
  if (nullable) qb = qb.orderBy(sql`case when ${sortExpr} is null then 1 else 0 end`);
  const rows = await qb.orderBy(sortExpr, direction).orderBy('api_keys.id', direction)
    .limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nowDate = new Date(now);
  const usage = await usage24hOf(ctx.store.db, page.map((r) => r.id), nowDate);
  return {
    items: page.map((r) => toKeyView(r, nowDate, settings, usage.get(r.id) ?? 0)),
    nextCursor: rows.length > query.limit ? encodeCursor({ now, s: sortKey(sort), v: (last.sort_value as string | number | null) ?? null, id: last.id }) : null,
  };
}

export async function getKey(ctx: ServiceContext, principal: Principal, tenantId: string, keyId: string): Promise<KeyView> {
  const access = await tenantAccess(ctx.store.db, principal, tenantId);
  assertKeyPermission(access, 'read');
  const row = await selectKeys(ctx.store.db).where('api_keys.id', '=', keyId).where('api_keys.tenant_id', '=', tenantId).executeTakeFirst();
  if (!row || (row.owner_id !== principal.user.id && !access.isAdmin)) throw notFound('key');
  const now = ctx.now();
  return toKeyView(row, now, parseSettings(access.tenant.settings), (await usage24hOf(ctx.store.db, [keyId], now)).get(keyId) ?? 0);
}

export async function keyStats(ctx: ServiceContext, principal: Principal, tenantId: string) {
  const access = await tenantAccess(ctx.store.db, principal, tenantId);
  assertKeyPermission(access, 'read');
  const now = ctx.now();
  const settings = parseSettings(access.tenant.settings);
  const soon = new Date(now.getTime() + settings.expiryReminderDays * 86_400_000).toISOString();
  const nowIso = now.toISOString();
  const row = await ctx.store.db.selectFrom('api_keys')
    .select([
      sql<number>`sum(case when ${statusIs('active', nowIso)} then 1 else 0 end)`.as('active'),
      sql<number>`sum(case when ${statusIs('active', nowIso)} and api_keys.expires_at <= ${soon} then 1 else 0 end)`.as('expiring'),
      sql<number>`sum(case when ${statusIs('expired', nowIso)} then 1 else 0 end)`.as('expired'),
      sql<number>`sum(case when ${statusIs('revoked', nowIso)} then 1 else 0 end)`.as('revoked'),
    ])
    .where('tenant_id', '=', tenantId)
    .$if(!access.isAdmin, (qb) => qb.where('owner_id', '=', principal.user.id))
    .executeTakeFirstOrThrow();
  return {
    active: Number(row.active ?? 0), expiringSoon: Number(row.expiring ?? 0),
    expired: Number(row.expired ?? 0), revoked: Number(row.revoked ?? 0),
  };
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

export async function keyUsage(
  ctx: ServiceContext, principal: Principal, tenantId: string, keyId: string,
  query: { since?: string; until?: string; interval?: 'hour' | 'day' },
) {
  await getKey(ctx, principal, tenantId, keyId); // visibility: owner or tenant admin
  const interval = query.interval ?? 'hour';
  const step = interval === 'hour' ? HOUR : DAY;
  const untilMs = query.until ? Date.parse(query.until) : ctx.now().getTime();
  // By default the last 24 hours (30 days) are 24 (30) buckets, the current, partial one the last of them.
  const defaultCount = interval === 'hour' ? 24 : 30;
  const first = query.since ? Math.floor(Date.parse(query.since) / step) * step : Math.ceil(untilMs / step) * step - defaultCount * step;
  const count = Math.ceil((untilMs - first) / step);
  if (count > 1000) throw fieldInvalid('/since', 'the range holds more than 1000 buckets; narrow it or use interval=day');
  if (count < 0) throw fieldInvalid('/until', 'must come after since');
  // Days from the daily rows, which outlive the hourly ones (35 days) by KEYWARDEN_USAGE_RETENTION.
  const rows = await ctx.store.db.selectFrom(interval === 'hour' ? 'key_usage' : 'key_usage_daily').select(['bucket', 'valid', 'failed'])
    .where('key_id', '=', keyId).where('bucket', '>=', new Date(first).toISOString()).where('bucket', '<', new Date(untilMs).toISOString()).execute();
  const items = Array.from({ length: count }, (_, i) => ({ at: new Date(first + i * step).toISOString(), valid: 0, failed: 0 }));
  for (const r of rows) {
    const index = Math.floor((Date.parse(r.bucket) - first) / step);
    if (items[index]) {
      items[index].valid += Number(r.valid);
      items[index].failed += Number(r.failed);
    }
  }
  return { interval, items };
}
