// Reading the audit trail: a tenant's events (tenant admin) and the platform events (platform admin),
// newest first, with filters and keyset paging. Writing events lives in src/audit/events.ts.
import { sql } from 'kysely';
import { fieldInvalid } from '../errors.js';
import { toEventView } from '../audit/events.js';
import type { ServiceContext } from './context.js';
import { assertPlatformAdmin, assertTenantAdmin, tenantAccess, type Principal } from './access.js';
import { decodeCursor, escapeLike, pageOf } from './paging.js';

export interface EventQuery {
  /** Comma-separated event types; an item ending in `*` matches by prefix (`key.*`). */
  type?: string;
  keyId?: string;
  /** An actor id (`usr_…`, `key_…`), or `system` for events the server made itself. */
  actor?: string;
  /** ISO-8601; inclusive. */
  since?: string;
  /** ISO-8601; exclusive. */
  until?: string;
  limit: number;
  cursor?: string;
}

/** The tenant's events: tenant admins only (a management key needs a tenant-wide admin scope). */
export async function listTenantEvents(ctx: ServiceContext, principal: Principal, tenantId: string, query: EventQuery) {
  const access = await tenantAccess(ctx.store.db, principal, tenantId);
  assertTenantAdmin(access);
  return listChainEvents(ctx, tenantId, query);
}

/** Platform events (tenant null): platform admins signed in as a person; never a key. */
export async function listPlatformEvents(ctx: ServiceContext, principal: Principal, query: EventQuery) {
  assertPlatformAdmin(principal);
  return listChainEvents(ctx, null, query);
}

/** The chain's sequence number of the last event on the page: the rest of the list is below it. */
interface EventCursor {
  seq: number;
}

const isEventCursor = (v: unknown): v is EventCursor =>
  typeof v === 'object' && v !== null && Number.isSafeInteger((v as EventCursor).seq) && (v as EventCursor).seq > 0;

/**
 * Times are stored as `toISOString()` text (fixed width, UTC), so a bound compares as text only once
 * it is written the same way: `+02:00` offsets and missing milliseconds are normalized here.
 */
function normalizeTime(field: '/since' | '/until', value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw fieldInvalid(field, 'is not a valid date-time');
  return date.toISOString();
}

function parseTypes(list: string): { exact: string[]; prefixes: string[] } {
  const items = [...new Set(list.split(',').map((t) => t.trim()).filter((t) => t !== ''))];
  return {
    exact: items.filter((t) => !t.endsWith('*')),
    prefixes: items.filter((t) => t.endsWith('*')).map((t) => t.slice(0, -1)),
  };
}

/**
 * One list query reads one chain (a tenant's, or the platform's), newest first by the chain's
 * sequence number (DESIGN "Durability and consistency"): an event appended while a reader pages
 * always takes a higher number than every event before it, so it lands before the first page and
 * the cursor (a seq) neither skips nor repeats an event that was there when the first page was read.
 * `at` follows seq along a chain, so `since` and `until` cut the same order.
 */
async function listChainEvents(ctx: ServiceContext, tenantId: string | null, query: EventQuery) {
  let qb = ctx.store.db.selectFrom('events').selectAll()
    .where('tenant_id', tenantId === null ? 'is' : '=', tenantId);
  if (query.type !== undefined) {
    const { exact, prefixes } = parseTypes(query.type);
    qb = qb.where((eb) => eb.or([
      ...(exact.length > 0 ? [eb('type', 'in', exact)] : []),
      ...prefixes.map((p) => sql<boolean>`${sql.ref('type')} like ${`${escapeLike(p)}%`} escape '\\'`),
    ]));
  }
  if (query.keyId !== undefined) qb = qb.where('key_id', '=', query.keyId);
  if (query.actor === 'system') qb = qb.where('actor_type', '=', 'system');
  else if (query.actor !== undefined) qb = qb.where('actor_id', '=', query.actor);
  if (query.since !== undefined) qb = qb.where('at', '>=', normalizeTime('/since', query.since));
  if (query.until !== undefined) qb = qb.where('at', '<', normalizeTime('/until', query.until));
  if (query.cursor !== undefined) qb = qb.where('seq', '<', decodeCursor(query.cursor, isEventCursor).seq);
  const rows = await qb.orderBy('seq', 'desc').limit(query.limit + 1).execute();
  return pageOf(rows, query.limit, toEventView, (r): EventCursor => ({ seq: Number(r.seq) }));
}
