// Named limits on the management API (DESIGN v1.1 "Named limits"): the checks that need the store
// (names unique across a tenant's limits and its keys' limits), setting a balance (an admin's
// top-up, a new version so that spends made before it are not charged to it), and the listing of
// a tenant's limits with their current balances.
import { fieldInvalid, forbidden, notFound } from '../errors.js';
import { assertValidLimits, currentBalance, resetAtOf, type LimitDefinition } from '../domain/limits.js';
import { appendEvents, type Origin } from '../audit/events.js';
import type { Trx, Db } from '../store/store.js';
import type { ServiceContext } from './context.js';
import { assertTenantAdmin, isPlatformAdmin, tenantAccess, type Principal } from './access.js';
import { parseSettings } from './views.js';
import { lockedSettings } from './tenant-lock.js';
import { balanceOf } from './key-credits.js';
import { decodeCursor, encodeCursor, type Page } from './paging.js';

export const parseKeyLimits = (json: string | null): LimitDefinition[] => (json ? JSON.parse(json) : []);

/** The names of the tenant's keys' own limits (but those of `exceptKeyId`). */
async function keyLimitNames(db: Db | Trx, tenantId: string, exceptKeyId?: string): Promise<Set<string>> {
  const rows = await db.selectFrom('api_keys').select(['id', 'limits']).where('tenant_id', '=', tenantId).where('limits', 'is not', null).execute();
  return new Set(rows.filter((r) => r.id !== exceptKeyId).flatMap((r) => parseKeyLimits(r.limits).map((l) => l.name)));
}

/** A key's own limits: valid, and named unlike every limit of its tenant. */
export function assertKeyLimits(tenantLimits: readonly LimitDefinition[] | undefined, limits: readonly LimitDefinition[], pointer = '/limits'): void {
  assertValidLimits(limits, 'key', pointer, new Set((tenantLimits ?? []).map((l) => l.name)));
}

/** A tenant's plan: valid, and named unlike every limit of its keys. */
export async function assertTenantLimits(db: Db | Trx, tenantId: string | null, limits: readonly LimitDefinition[]): Promise<void> {
  assertValidLimits(limits, 'tenant', '/limits', tenantId === null ? new Set() : await keyLimitNames(db, tenantId));
}

export const keyLimitsJson = (limits: readonly LimitDefinition[] | undefined) => (limits && limits.length > 0 ? JSON.stringify(limits) : null);

/** Sets a named credits balance (upsert) under a new version, in the current refill period. */
export async function setLimitBalance(trx: Trx, tenantId: string, def: LimitDefinition, subjectId: string, remaining: number, now: Date): Promise<void> {
  const period = currentBalance(def, null, now.getTime()).period;
  const at = now.toISOString();
  const row = await trx.selectFrom('limit_balances').select('version').where('tenant_id', '=', tenantId)
    .where('name', '=', def.name).where('subject_id', '=', subjectId).executeTakeFirst();
  await trx.insertInto('limit_balances').values({
    tenant_id: tenantId, name: def.name, subject_id: subjectId, per: def.per, remaining, period_ms: period, version: (row ? Number(row.version) : 0) + 1, low_period_ms: null, updated_at: at,
  }).onConflict((oc) => oc.columns(['tenant_id', 'name', 'subject_id']).doUpdateSet({
    // A new balance: it may warn of running low again.
    remaining, period_ms: period, version: (row ? Number(row.version) : 0) + 1, low_period_ms: null, updated_at: at,
  })).execute();
}

export interface LimitState {
  name: string;
  kind: LimitDefinition['kind'];
  per: LimitDefinition['per'];
  limit: number;
  ownerId: string | null;
  keyId: string | null;
  remaining: number | null;
  resetAt: string | null;
}

function stateOf(def: LimitDefinition, subject: { ownerId: string | null; keyId: string | null }, row: { remaining: number; period_ms: number } | undefined, nowMs: number): LimitState {
  const reset = resetAtOf(def, nowMs);
  const remaining = def.kind === 'credits'
    ? currentBalance(def, row ? { remaining: Number(row.remaining), period: Number(row.period_ms) } : null, nowMs).remaining : null;
  return { name: def.name, kind: def.kind, per: def.per, limit: def.limit, ...subject, remaining, resetAt: def.kind === 'credits' && reset !== null ? new Date(reset).toISOString() : null };
}

/** Tokens taken in a rate limit's current window for a subject: the verifiers count them (in memory or Redis). */
export type RateWindows = (tenantId: string, def: LimitDefinition, subject: string) => Promise<number>;

interface Listing {
  db: Db;
  tenantId: string;
  plan: readonly LimitDefinition[];
  nowMs: number;
  windows: RateWindows | undefined;
}

type BalanceRow = { name: string; subject_id: string; remaining: number; period_ms: number };
const rowOf = (rows: readonly BalanceRow[], name: string, subject: string) => rows.find((r) => r.name === name && r.subject_id === subject);
const balancesOf = (l: Listing, subject: string) =>
  l.db.selectFrom('limit_balances').selectAll().where('tenant_id', '=', l.tenantId).where('subject_id', '=', subject).execute();

/** The limits of one subject (defs), each with its balance or, for a rate, its current window. */
async function statesOf(l: Listing, defs: readonly LimitDefinition[], subject: string, shown: { ownerId: string | null; keyId: string | null }): Promise<LimitState[]> {
  const rows = await balancesOf(l, subject);
  return Promise.all(defs.map(async (def) => {
    const state = stateOf(def, shown, rowOf(rows, def.name, subject), l.nowMs);
    if (def.kind !== 'rate' || !l.windows) return state;
    const used = await l.windows(l.tenantId, def, subject);
    return { ...state, remaining: Math.max(0, def.limit - used), resetAt: new Date(resetAtOf(def, l.nowMs)!).toISOString() };
  }));
}

const isBalanceCursor = (v: unknown): v is { name: string; subject: string } =>
  typeof v === 'object' && v !== null && typeof (v as any).name === 'string' && typeof (v as any).subject === 'string';

/** The per-owner and per-key credits balances written so far, by name and subject, paged. */
async function storedStates(l: Listing, query: { limit: number; cursor?: string }): Promise<Page<LimitState>> {
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor, isBalanceCursor);
  let qb = l.db.selectFrom('limit_balances').selectAll().where('tenant_id', '=', l.tenantId).where('per', '!=', 'tenant');
  if (after) qb = qb.where((eb) => eb.or([eb('name', '>', after.name), eb.and([eb('name', '=', after.name), eb('subject_id', '>', after.subject)])]));
  const rows = await qb.orderBy('name').orderBy('subject_id').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const keyIds = page.filter((r) => r.per === 'key').map((r) => r.subject_id);
  const keys = keyIds.length === 0 ? [] : await l.db.selectFrom('api_keys').select(['id', 'owner_id', 'limits', 'credits_id']).where('tenant_id', '=', l.tenantId)
    .where((eb) => eb.or([eb('id', 'in', keyIds), eb('credits_id', 'in', keyIds)])).orderBy('id').execute();
  const keyDefs = new Map<string, LimitDefinition>();
  for (const k of keys) for (const d of parseKeyLimits(k.limits)) keyDefs.set(`${balanceOf(k)}|${d.name}`, d);
  const items: LimitState[] = [];
  for (const r of page) {
    const def = l.plan.find((d) => d.name === r.name) ?? keyDefs.get(`${r.subject_id}|${r.name}`);
    if (!def) continue; // a limit removed since its balance was written
    // A balance shared by a rotated key and its successor shows as the successor's.
    const key = r.per === 'key' ? keys.find((k) => k.credits_id === r.subject_id && k.id !== r.subject_id) ?? keys.find((k) => k.id === r.subject_id) : undefined;
    items.push(stateOf(def, { ownerId: r.per === 'owner' ? r.subject_id : key?.owner_id ?? null, keyId: r.per === 'key' ? key?.id ?? r.subject_id : null }, r, l.nowMs));
  }
  const last = page[page.length - 1];
  return { items, nextCursor: rows.length > query.limit ? encodeCursor({ name: last.name, subject: last.subject_id }) : null };
}

/**
 * The tenant's limits with their balances: with `keyId`, every per-key limit of that key (its own
 * and the tenant's); with `ownerId`, the tenant's per-owner limits of that member; otherwise the
 * per-tenant limits (first page), then every per-owner and per-key credits balance written so far,
 * paged. Credits show their stored balance (the usage flush writes it at least once a second);
 * rates their current window, as the verifiers count it (`windows`, given by the route).
 */
export async function listLimits(ctx: ServiceContext, principal: Principal, tenantId: string, query: { keyId?: string; ownerId?: string; limit: number; cursor?: string }, windows?: RateWindows): Promise<Page<LimitState>> {
  const access = await tenantAccess(ctx.store.db, principal, tenantId);
  assertTenantAdmin(access);
  const plan = parseSettings(access.tenant.settings).limits ?? [];
  const l: Listing = { db: ctx.store.db, tenantId, plan, nowMs: ctx.now().getTime(), windows };
  if (query.keyId !== undefined) {
    const key = await l.db.selectFrom('api_keys').select(['id', 'credits_id', 'limits', 'owner_id']).where('tenant_id', '=', tenantId).where('id', '=', query.keyId).executeTakeFirst();
    if (!key) throw notFound('key');
    const defs = [...parseKeyLimits(key.limits), ...plan.filter((d) => d.per === 'key')];
    return { items: await statesOf(l, defs, balanceOf(key), { ownerId: key.owner_id, keyId: key.id }), nextCursor: null };
  }
  if (query.ownerId !== undefined) {
    return { items: await statesOf(l, plan.filter((d) => d.per === 'owner'), query.ownerId, { ownerId: query.ownerId, keyId: null }), nextCursor: null };
  }
  const tenantWide = query.cursor === undefined ? await statesOf(l, plan.filter((d) => d.per === 'tenant'), tenantId, { ownerId: null, keyId: null }) : [];
  const stored = await storedStates(l, query);
  return { items: [...tenantWide, ...stored.items], nextCursor: stored.nextCursor };
}

/** PATCH /tenants/:tid/limits/:name: a platform admin sets one balance of the tenant's plan. */
export async function setTenantLimitBalance(
  ctx: ServiceContext, principal: Principal, tenantId: string, name: string, input: { remaining: number; ownerId?: string; keyId?: string }, origin: Origin,
) {
  const access = await tenantAccess(ctx.store.db, principal, tenantId);
  assertTenantAdmin(access);
  if (!isPlatformAdmin(principal)) throw forbidden('Only a platform admin may set the balances of a tenant\'s plan.');
  const now = ctx.now();
  return ctx.store.write(async (trx, changed) => {
    const plan = (await lockedSettings(ctx, trx, tenantId)).limits ?? []; // the plan as it is now, kept so until the write ends
    let def = plan.find((l) => l.name === name);
    let subject: string;
    let keyRow: { id: string; credits_id: string | null; limits: string | null; owner_id: string } | undefined;
    if (input.keyId !== undefined) {
      keyRow = await ctx.store.forUpdate(trx.selectFrom('api_keys').select(['id', 'credits_id', 'limits', 'owner_id']).where('tenant_id', '=', tenantId).where('id', '=', input.keyId)).executeTakeFirst();
      if (!keyRow) throw notFound('key');
      def ??= parseKeyLimits(keyRow.limits).find((l) => l.name === name);
    }
    if (!def) throw notFound('limit');
    if (def.kind !== 'credits') throw fieldInvalid('/remaining', 'only a credits limit has a balance');
    if (def.per === 'key') {
      if (!keyRow) throw fieldInvalid('/keyId', 'is required for a per-key limit');
      subject = balanceOf(keyRow);
    } else if (def.per === 'owner') {
      if (input.ownerId === undefined) throw fieldInvalid('/ownerId', 'is required for a per-owner limit');
      const member = await trx.selectFrom('memberships').select('user_id').where('tenant_id', '=', tenantId).where('user_id', '=', input.ownerId).executeTakeFirst();
      if (!member) throw notFound('member');
      subject = input.ownerId;
    } else {
      subject = tenantId;
    }
    await setLimitBalance(trx, tenantId, def, subject, input.remaining, now);
    await appendEvents(ctx.store, trx, origin, [{
      tenantId, type: 'tenant.updated', ...(keyRow && { keyId: keyRow.id }),
      details: { limitBalance: { name, per: def.per, remaining: input.remaining, ...(def.per === 'owner' && { ownerId: subject }), ...(keyRow && { keyId: keyRow.id }) } },
    }]);
    // Verifiers read the tenant's balances again at their next use (caches.ts).
    changed({ kind: 'tenant', tenantId, subjectId: tenantId });
    return stateOf(def, { ownerId: def.per === 'owner' ? subject : keyRow?.owner_id ?? null, keyId: keyRow?.id ?? null }, { remaining: input.remaining, period_ms: currentBalance(def, null, now.getTime()).period }, now.getTime());
  });
}
