// The verifier's side of named limits (DESIGN v1.1 "Named limits"): turns the limits applied to a
// verification into charges in refusal order, v1's credits and ratelimit first among the key's,
// with the balances they count in; and the answer's `limits`. Only keys and tenants that have
// named limits come here: the plain key's path never allocates for them.
import { appliedLimits, autoCost, periodStart, resetAtOf, type AppliedLimit, type LimitDefinition } from '../domain/limits.js';
import type { KeyEntry } from './decide.js';
import { namedBalanceId, refillIfDue, type NamedBalance, type NamedBalances } from './named-balances.js';
import type { Charge, LocalLimits } from './rate-limits.js';
import type { LimitText } from './plain-answer.js';

export interface AnsweredLimit {
  name: string;
  kind: LimitDefinition['kind'];
  per: LimitDefinition['per'];
  limit: number;
  remaining: number;
  resetAt: string | null;
}

/** Whom a limit counts for: the key's balance (shared with its rotated predecessor), its owner, or its tenant. */
export function subjectOf(entry: KeyEntry, def: Pick<LimitDefinition, 'per'>): string {
  return subjectByKind(entry, SUBJECTS[def.per]);
}

const SUBJECT_KEY = 0;
const SUBJECT_OWNER = 1;
const SUBJECT_TENANT = 2;
const SUBJECTS: Record<LimitDefinition['per'], number> = { key: SUBJECT_KEY, owner: SUBJECT_OWNER, tenant: SUBJECT_TENANT };

// Small enough for the compiler to inline wherever it is called (a key's own balance apart).
function subjectByKind(entry: KeyEntry, kind: number): string {
  return kind === SUBJECT_TENANT ? entry.tenantId : kind === SUBJECT_OWNER ? entry.ownerId : keyBalanceOf(entry);
}

function keyBalanceOf(entry: KeyEntry): string {
  return entry.extras?.namedLimits?.balanceId ?? entry.id;
}

// Each counter's id per definition and subject, built once: a string made per request would be
// allocated and hashed again at every Map it is looked up in (the balance, the rate window).
// Definitions are the cached tenant facts' and keys' own objects, so the cache goes with them.
const counterIds = new WeakMap<LimitDefinition, Map<string, string>>();
function counterId(tenantId: string, def: LimitDefinition, subject: string): string {
  let ids = counterIds.get(def);
  if (ids === undefined) counterIds.set(def, (ids = new Map()));
  let id = ids.get(subject);
  if (id === undefined) {
    if (ids.size >= 10_000) ids.clear();
    id = namedBalanceId(tenantId, def.name, subject);
    ids.set(subject, id);
  }
  return id;
}

function namedCharge(entry: KeyEntry, def: LimitDefinition, cost: number, subject: string, id: string): Charge {
  return {
    kind: def.kind, name: def.name, def, cost, balance: null,
    limit: def.limit, durationMs: def.durationMs ?? 0, id,
    // One tenant's named counters share a hash tag (one slot), as one script needs in a Redis Cluster.
    tag: entry.tenantId, redisId: null, subject,
  };
}

// The auto-applied list per (key's own limits, tenant's plan), computed once: a request that names
// no limits (the common case) applies exactly the `autoApply` ones, in an order that depends only on
// the definitions, so neither the list, its closures nor its sort are made per request (case 7 in
// bench/RESULTS.md). Keyed by the cached definition arrays themselves: a tenant's plan or a key's
// own limits read again are new arrays, so a change never meets a stale list, and a dropped one
// frees its entry. Items carry cost 0: chargesFor prices them with autoCost.
const NONE: readonly LimitDefinition[] = [];
const autoLists = new WeakMap<readonly LimitDefinition[], WeakMap<readonly LimitDefinition[], readonly AutoItem[] | null>>();
/**
 * An auto-applied limit with the last subject it counted for, that counter's id, and the counter
 * itself: a tenant-wide limit always counts for the same subject, and an owner's keys tend to come
 * together, so most verifications find the counter held (holdsCurrent) without a lookup.
 */
interface AutoItem extends AppliedLimit {
  // The definition's fields the hot path reads, copied: every item has this one shape, where the
  // definitions of a rate and of credits have two (bench/RESULTS.md, case 7).
  kind: LimitDefinition['kind'];
  /** `per` as a number (SUBJECT_*): compared without reading a string. */
  subjectKind: number;
  limit: number;
  refills: boolean;
  /** The answered limit's JSON text up to its `remaining` value (LimitedAnswer, plain-answer.ts). */
  readonly jsonHead: string;
  /** Credits: the balance the last charge counted in, for `subject` (checked to be current before each use). */
  balance: NamedBalance | null;
  tenantId: string | null;
  subject: string | null;
  id: string;
  /** The rate's current window or the credits' refill period, kept while it lasts (itemPeriod). */
  period: ItemPeriod;
  /** A rate: the window the last charge counted in, for `subject`, while LocalLimits' generation was `windowGeneration`. */
  window: { start: number; count: number } | null;
  windowGeneration: number;
}

/**
 * A window or refill period: its start (0 for credits without refill) and its end (resetAtOf; null
 * without refill), and the times for which they hold, [from, until): found with two compares
 * instead of a division and date arithmetic per verification.
 */
interface ItemPeriod {
  startMs: number;
  resetAtMs: number | null;
  /** resetAtMs as the answer gives it. */
  resetAt: string | null;
  from: number;
  until: number;
}

const NO_PERIOD: ItemPeriod = Object.freeze({ startMs: 0, resetAtMs: null, resetAt: null, from: 0, until: -1 });

/** A definition with its current period kept: an auto-applied item, or a limit's text (limitText). */
interface PeriodKept {
  readonly def: LimitDefinition;
  period: ItemPeriod;
}

/** The item's current window or refill period, worked out again only once it has ended (or the clock went back). */
function itemPeriod(item: PeriodKept, nowMs: number): ItemPeriod {
  const p = item.period;
  return nowMs >= p.from && nowMs < p.until ? p : nextPeriod(item, nowMs);
}

function nextPeriod(item: PeriodKept, nowMs: number): ItemPeriod {
  const def = item.def;
  const resetAtMs = resetAtOf(def, nowMs);
  const startMs = def.kind === 'rate' ? resetAtMs! - def.durationMs! : periodStart(def.refill, nowMs);
  return (item.period = { startMs, resetAtMs, resetAt: resetText(resetAtMs), from: nowMs, until: resetAtMs ?? Infinity });
}

// The last pair asked for, besides: consecutive verifications mostly come from one plan, and two
// compares cost less than two WeakMap lookups.
let lastOwn: readonly LimitDefinition[] | null = null;
let lastTenant: readonly LimitDefinition[] | null = null;
let lastList: readonly AutoItem[] | null = null;
export function autoApplied(own: readonly LimitDefinition[] | null, tenant: readonly LimitDefinition[] | null): readonly AppliedLimit[] | null {
  if (own === lastOwn && tenant === lastTenant && lastList !== null) return lastList;
  const outer = own ?? NONE;
  const inner = tenant ?? NONE;
  let byTenant = autoLists.get(outer);
  if (byTenant === undefined) autoLists.set(outer, (byTenant = new WeakMap()));
  let list = byTenant.get(inner);
  if (list === undefined) {
    const applied = appliedLimits(own, tenant, undefined, 0);
    list = applied === null ? null : applied.map((a): AutoItem => ({
      def: a.def, cost: 0, own: a.own, kind: a.def.kind, subjectKind: SUBJECTS[a.def.per], limit: a.def.limit, refills: a.def.refill !== undefined,
      jsonHead: limitText(a.def).jsonHead, balance: null, tenantId: null, subject: null, id: '', period: NO_PERIOD, window: null, windowGeneration: -1,
    }));
    byTenant.set(inner, list);
  }
  lastOwn = own;
  lastTenant = tenant;
  lastList = list;
  return list;
}

/**
 * The item's counter id for this key's subject, kept on the item while the subject stays the same;
 * another subject lets go of the balance and window held for the last one.
 */
function itemId(entry: KeyEntry, item: AutoItem, subject: string): string {
  if (item.subject !== subject || item.tenantId !== entry.tenantId) {
    item.id = counterId(entry.tenantId, item.def, subject);
    item.subject = subject;
    item.tenantId = entry.tenantId;
    item.balance = null;
    item.window = null;
  }
  return item.id;
}

/** The item's credits balance when cached and current (held by reference: one Map lookup fewer), else undefined. */
function itemBalance(entry: KeyEntry, item: AutoItem, id: string, balances: NamedBalances): NamedBalance | undefined {
  const held = item.balance;
  // Held for the item's subject (itemId), so for this id.
  if (held !== null && balances.isCurrent(held)) return held;
  const found = balances.byId(entry.tenantId, id);
  item.balance = found ?? null;
  return found;
}

/**
 * The common case, charged without making charges: one node without Redis, a request that names no
 * limits and is no dry run, a key without v1 credits or ratelimit, and every balance cached. The
 * same rules as chargesFor with LocalLimits.checkAll (a refusal takes nothing), written for the
 * path every verification under a plan takes (bench/RESULTS.md, case 7): each item is checked and
 * taken in one pass, and a refusal gives back what the items before it took. The call is
 * synchronous, so no other verification sees a charge that is then given back.
 * Fills `spent` (each item's credits balance, null for a rate; the caller's usage records need them
 * too) and `left` (what each item has left, as checkAll's); false, having taken nothing, when the
 * general path must answer: a balance to read, or a refusal, which it words.
 */
export function takeAutoLocally(
  entry: KeyEntry, applied: readonly AppliedLimit[], cost: number, nowMs: number,
  balances: NamedBalances, windows: LocalLimits, left: number[], spent: (NamedBalance | null)[],
): boolean {
  const items = applied as readonly AutoItem[];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!holdsCurrent(entry, item, nowMs, windows) && !holdAnew(entry, item, nowMs, balances, windows)) return giveBack(items, i, cost, spent);
    const c = autoCost(item, cost);
    if (item.kind === 'credits') {
      const balance = item.balance!;
      if (balance.remaining < c) return giveBack(items, i, cost, spent);
      spent[i] = balance;
      // Taken in place (takeCredits and takeTokens with `take`): calls the compiler might not inline here.
      left[i] = balance.remaining -= c;
    } else {
      const w = item.window!;
      if (w.count + c > item.limit) return giveBack(items, i, cost, spent);
      spent[i] = null;
      left[i] = item.limit - (w.count += c);
    }
  }
  return true;
}

/**
 * Whether the item holds this key's counter as it stands now: the same subject (an owner's in the
 * same tenant: user ids are not per tenant), a period that still holds, and a balance that is still
 * the cache's and counted in this period, or a window still LocalLimits' own. Compares alone, and
 * small, so the compiler inlines it; holdAnew does the rest when one fails.
 */
function holdsCurrent(entry: KeyEntry, item: AutoItem, nowMs: number, windows: LocalLimits): boolean {
  const p = item.period;
  if (nowMs < p.from || nowMs >= p.until) return false;
  const kind = item.subjectKind;
  if (item.subject !== subjectByKind(entry, kind) || (kind === SUBJECT_OWNER && item.tenantId !== entry.tenantId)) return false;
  if (item.kind === 'credits') {
    const b = item.balance;
    return b !== null && b.epoch === b.tenantEpoch.value && (!item.refills || b.period === p.startMs);
  }
  // The window's start too: an answer written later may have set the item's period back to its own (limitResetAt).
  const w = item.window;
  return w !== null && w.start === p.startMs && item.windowGeneration === windows.generation;
}

/**
 * Makes the item hold this key's current counter: its id for the key's subject, the current
 * period, and the balance (refilled when due) or the window. False when the balance is not cached:
 * the general path reads it.
 */
function holdAnew(entry: KeyEntry, item: AutoItem, nowMs: number, balances: NamedBalances, windows: LocalLimits): boolean {
  const id = itemId(entry, item, subjectOf(entry, item.def));
  const start = itemPeriod(item, nowMs).startMs;
  if (item.kind === 'credits') {
    const balance = itemBalance(entry, item, id, balances);
    if (balance === undefined) return false;
    // A refill can be due only when the balance was counted in another period than the current one.
    if (item.refills && balance.period !== start) refillIfDue(balance, item.def, nowMs);
    return true;
  }
  const w = item.window;
  // The window held by reference while it is still the Map's: one Map lookup fewer.
  if (w === null || w.start !== start || item.windowGeneration !== windows.generation) {
    item.window = windows.window(id, start);
    item.windowGeneration = windows.generation;
  }
  return true;
}

/** Returns what the first `taken` items took (their windows are still the ones held): the refusal takes nothing. */
function giveBack(items: readonly AutoItem[], taken: number, cost: number, spent: (NamedBalance | null)[]): false {
  for (let i = 0; i < taken; i++) {
    const c = autoCost(items[i], cost);
    const balance = spent[i];
    if (balance !== null) balance.remaining += c;
    else items[i].window!.count -= c;
  }
  return false;
}

/**
 * The charges in order: v1 credits, then named credits (key, owner, tenant), then v1's ratelimit,
 * then named rates. A promise only when a balance must be read first.
 */
export function chargesFor(entry: KeyEntry, applied: readonly AppliedLimit[], auto: boolean, cost: number, balances: NamedBalances, nowMs: number): Charge[] | Promise<Charge[]> {
  const charges: Charge[] = [];
  const v1 = entry.limits;
  const credits = v1?.credits ?? null;
  if (credits !== null) {
    charges.push({ kind: 'credits', name: null, def: null, cost, balance: credits, limit: 0, durationMs: 0, id: credits.id, tag: credits.id, redisId: 'b', subject: credits.id });
  }
  let missing: Promise<void>[] | null = null;
  let rateAdded = false;
  for (let i = 0; i < applied.length; i++) {
    const a = applied[i];
    if (a.def.kind === 'rate' && !rateAdded) {
      rateAdded = true;
      pushV1Rate(entry, charges);
    }
    const subject = subjectOf(entry, a.def);
    let id: string;
    if (auto) {
      id = itemId(entry, a as AutoItem, subject);
    } else {
      id = counterId(entry.tenantId, a.def, subject);
    }
    const charge = namedCharge(entry, a.def, auto ? autoCost(a.def, cost) : a.cost, subject, id);
    charges.push(charge);
    if (a.def.kind === 'rate') continue;
    let cached: NamedBalance | undefined;
    if (auto) {
      cached = itemBalance(entry, a as AutoItem, charge.id, balances);
    } else {
      cached = balances.byId(entry.tenantId, charge.id);
    }
    if (cached !== undefined) {
      refillIfDue(cached, a.def, nowMs);
      charge.balance = cached;
    } else {
      (missing ??= []).push(balances.load(entry.tenantId, a.def, subject, nowMs).then((b) => {
        refillIfDue(b, a.def, nowMs);
        charge.balance = b;
      }));
    }
  }
  if (!rateAdded) pushV1Rate(entry, charges);
  return missing === null ? charges : Promise.all(missing).then(() => charges);
}

function pushV1Rate(entry: KeyEntry, charges: Charge[]): void {
  const rl = entry.limits?.ratelimit;
  if (!rl) return;
  // The same counters as v1's own check (redis-limits.ts): memory by key id, Redis under the balance's tag.
  charges.push({
    kind: 'rate', name: null, def: null, cost: 1, balance: null, limit: rl.limit, durationMs: rl.durationMs, id: entry.id,
    tag: entry.limits?.credits?.id ?? entry.id, redisId: `w:${entry.id}`, subject: entry.id,
  });
}

/** A reset time as the answer gives it (null: the limit never resets). */
function resetText(ms: number | null): string | null {
  return ms === null ? null : isoOf(ms);
}

// The last reset times formatted: a window's end is the same for every answer within it, and
// formatting a date costs more than the rest of an answer's limit (bench/RESULTS.md, case 7).
const resetTexts = new Map<number, string>();
let lastResetMs = -1;
let lastResetText = '';
function isoOf(ms: number): string {
  // Most answers in a row share the window's end: a compare before the Map lookup.
  if (ms === lastResetMs) return lastResetText;
  let text = resetTexts.get(ms);
  if (text === undefined) {
    if (resetTexts.size >= 1024) resetTexts.clear();
    text = new Date(ms).toISOString();
    resetTexts.set(ms, text);
  }
  lastResetMs = ms;
  lastResetText = text;
  return text;
}

/** One item of the valid answer's `limits`: a named limit applied, with what is left and when it resets. */
export function answeredLimit(def: LimitDefinition, left: number, nowMs: number): AnsweredLimit {
  return answeredAt(def, left, resetText(resetAtOf(def, nowMs)));
}

/** When the limit of a LimitedAnswer's text resets after `nowMs`, as the answer gives it: from its kept period while that lasts. */
export function limitResetAt(text: LimitText, nowMs: number): string | null {
  // A text made here (an auto-applied item, or by limitText) keeps its period; any other is worked out.
  const kept = text as Partial<PeriodKept> & LimitText;
  return kept.period !== undefined ? itemPeriod(kept as PeriodKept, nowMs).resetAt : resetText(resetAtOf(text.def, nowMs));
}

// Each definition's JSON head (and its current period), made once: definitions are the cached tenant
// facts' and keys' own objects (see counterIds), so a changed definition is a new key here and a
// dropped one frees its entry.
const limitTexts = new WeakMap<LimitDefinition, LimitText & PeriodKept>();
const REMAINING = '"remaining":';

/** The definition's answered limit's JSON text up to its `remaining` value (answeredAt's fields, in its order), for a LimitedAnswer. */
export function limitText(def: LimitDefinition): LimitText {
  let text = limitTexts.get(def);
  if (text === undefined) {
    const json = JSON.stringify(answeredAt(def, 0, null));
    limitTexts.set(def, (text = { def, jsonHead: json.slice(0, json.indexOf(REMAINING) + REMAINING.length), period: NO_PERIOD }));
  }
  return text;
}

/** The auto-applied items as a LimitedAnswer's texts, in their order: each carries its definition and JSON head. */
export function autoLimitTexts(applied: readonly AppliedLimit[]): readonly LimitText[] {
  return applied as readonly AutoItem[];
}

function answeredAt(def: Pick<LimitDefinition, 'name' | 'kind' | 'per' | 'limit'>, left: number, resetAt: string | null): AnsweredLimit {
  return { name: def.name, kind: def.kind, per: def.per, limit: def.limit, remaining: Math.max(0, left), resetAt };
}

/** How long until a refused charge could pass: a rate's window end, a credits limit's next refill (none without refill). */
export function retryAfterOf(c: Charge, retryAfterMs: number, nowMs: number): number {
  if (c.kind === 'rate') return retryAfterMs;
  if (c.def === null) return 0;
  const reset = resetAtOf(c.def, nowMs);
  return reset === null ? 0 : Math.max(1, reset - nowMs);
}
