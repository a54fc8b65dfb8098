// Named limits (DESIGN v1.1 "Named limits"): their rules, written once. Pure: the verifier, the
// services and the flush all ask here what a definition means, which apply to a request, in which
// order they refuse, and where a refill period begins and ends.
import { fieldInvalid } from '../errors.js';

export type LimitKind = 'rate' | 'credits';
export type LimitPer = 'key' | 'owner' | 'tenant';

export interface Refill {
  amount: number;
  interval: 'day' | 'month';
  /** With `month`: the day of the month (1..28) whose 00:00 UTC refills; default 1. */
  dayOfMonth?: number;
}

export interface LimitDefinition {
  name: string;
  kind: LimitKind;
  per: LimitPer;
  limit: number;
  durationMs?: number;
  refill?: Refill;
  autoApply: boolean;
  lowThreshold?: number;
}

/** One item of a verify request's `limits`. */
export interface LimitRequest {
  name: string;
  cost?: number;
}

export const LIMIT_NAME = /^[a-z0-9_-]{1,32}$/;
/** The v1 credits' name in usage and refusals; no named limit may take it. */
export const RESERVED_LIMIT_NAME = 'remaining';
/** Names of Object.prototype's members, refused so that no map keyed by a limit's name can trip on one. */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
export const MAX_TENANT_LIMITS = 20;
export const MAX_KEY_LIMITS = 10;
export const MIN_RATE_MS = 1000;
export const MAX_RATE_MS = 30 * 86_400_000;
const DAY_MS = 86_400_000;

/**
 * Checks a list of definitions: a tenant's (`settings.limits`) or a key's own. `taken` holds the
 * names used on the other side (a tenant's limits for a key's, every key's limits for a tenant's):
 * a name is unique across a tenant's limits and its keys' limits.
 */
export function assertValidLimits(limits: readonly LimitDefinition[], of: 'tenant' | 'key', pointer: string, taken: ReadonlySet<string> = new Set()): void {
  const max = of === 'tenant' ? MAX_TENANT_LIMITS : MAX_KEY_LIMITS;
  if (limits.length > max) throw fieldInvalid(pointer, `must have at most ${max} limits`);
  const seen = new Set<string>();
  limits.forEach((l, i) => {
    const at = `${pointer}/${i}`;
    if (!LIMIT_NAME.test(l.name)) throw fieldInvalid(`${at}/name`, 'must be 1 to 32 of a-z, 0-9, _ and -');
    if (l.name === RESERVED_LIMIT_NAME) throw fieldInvalid(`${at}/name`, '"remaining" is reserved for the key\'s v1 credits');
    if (PROTOTYPE_NAMES.has(l.name)) throw fieldInvalid(`${at}/name`, 'is reserved (__proto__, constructor and prototype are)');
    if (seen.has(l.name)) throw fieldInvalid(`${at}/name`, 'is used twice');
    if (taken.has(l.name)) {
      throw fieldInvalid(`${at}/name`, of === 'key' ? 'is the name of one of the tenant\'s limits' : 'is the name of a limit of one of the tenant\'s keys');
    }
    seen.add(l.name);
    if (of === 'key' && l.per !== 'key') throw fieldInvalid(`${at}/per`, 'must be "key" for a key\'s own limit');
    if (l.kind === 'rate') {
      if (l.durationMs === undefined || l.durationMs < MIN_RATE_MS || l.durationMs > MAX_RATE_MS) {
        throw fieldInvalid(`${at}/durationMs`, 'must be 1000 (1 s) to 2592000000 (30 days) for a rate');
      }
      if (l.refill !== undefined) throw fieldInvalid(`${at}/refill`, 'is for credits only');
      if (l.lowThreshold !== undefined) throw fieldInvalid(`${at}/lowThreshold`, 'is for credits only');
    } else {
      if (l.durationMs !== undefined) throw fieldInvalid(`${at}/durationMs`, 'is for rates only');
      if (l.refill?.dayOfMonth !== undefined && l.refill.interval !== 'month') throw fieldInvalid(`${at}/refill/dayOfMonth`, 'is for a monthly refill only');
    }
  });
}

/** The start of the refill period holding `nowMs` (00:00 UTC of the day, or of the refill day of the month); 0 without refill. */
export function periodStart(refill: Refill | undefined, nowMs: number): number {
  if (refill === undefined) return 0;
  if (refill.interval === 'day') return nowMs - (((nowMs % DAY_MS) + DAY_MS) % DAY_MS);
  const day = refill.dayOfMonth ?? 1;
  const now = new Date(nowMs);
  const thisMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), day);
  return thisMonth <= nowMs ? thisMonth : Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, day);
}

/** The next refill after the period starting at `start`; null without refill. */
export function nextRefill(refill: Refill | undefined, start: number): number | null {
  if (refill === undefined) return null;
  if (refill.interval === 'day') return start + DAY_MS;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, refill.dayOfMonth ?? 1);
}

export const windowStartOf = (nowMs: number, durationMs: number) => nowMs - (nowMs % durationMs);

/**
 * A balance as stored: `remaining` counted in refill period `period`. In a later period the
 * refill sets it (spends of the earlier period never reduce the refilled balance).
 */
export function currentBalance(def: Pick<LimitDefinition, 'limit' | 'refill'>, stored: { remaining: number; period: number } | null, nowMs: number): { remaining: number; period: number } {
  const period = periodStart(def.refill, nowMs);
  if (stored === null) return { remaining: def.limit, period };
  if (def.refill !== undefined && stored.period < period) return { remaining: def.refill.amount, period };
  return stored;
}

/** When the limit's current window or period ends; null for credits without refill. */
export function resetAtOf(def: Pick<LimitDefinition, 'kind' | 'durationMs' | 'refill'>, nowMs: number): number | null {
  if (def.kind === 'rate') return windowStartOf(nowMs, def.durationMs!) + def.durationMs!;
  return nextRefill(def.refill, periodStart(def.refill, nowMs));
}

/** A limit applied to one verification, with what it costs. */
export interface AppliedLimit {
  def: LimitDefinition;
  cost: number;
  /** Where it was defined: the key's own limits come before the tenant's among per-key limits. */
  own: boolean;
}

const PER_ORDER: Record<LimitPer, number> = { key: 0, owner: 1, tenant: 2 };

/** What an auto-applied limit (not named by the request) costs: the request's cost for credits, 1 token for a rate. */
export const autoCost = (def: Pick<LimitDefinition, 'kind'>, cost: number): number => (def.kind === 'credits' ? cost : 1);

/**
 * The limits a verification applies, in refusal order: credits before rates; key before owner
 * before tenant; the key's own before the tenant's per-key limits; then as defined. Applied are
 * every `autoApply` limit (credits at the request's `cost`, a rate at 1 token) and every limit the
 * request names (at that item's cost, default 1); one both auto-applied and named is applied once,
 * at the named cost. A name that no limit has is not applied. Null when none applies.
 */
export function appliedLimits(
  own: readonly LimitDefinition[] | null, tenant: readonly LimitDefinition[] | null, requested: readonly LimitRequest[] | undefined, cost: number,
): AppliedLimit[] | null {
  let out: AppliedLimit[] | null = null;
  const consider = (defs: readonly LimitDefinition[] | null, isOwn: boolean) => {
    if (defs === null) return;
    for (const def of defs) {
      const named = requested?.find((r) => r.name === def.name);
      if (named === undefined && !def.autoApply) continue;
      const c = named !== undefined ? (named.cost ?? 1) : autoCost(def, cost);
      (out ??= []).push({ def, cost: c, own: isOwn });
    }
  };
  consider(own, true);
  consider(tenant, false);
  if (out === null) return null;
  const list: AppliedLimit[] = out;
  const rank = (a: AppliedLimit) => (a.def.kind === 'credits' ? 0 : 10) + PER_ORDER[a.def.per] * 2 + (a.own ? 0 : 1);
  // Usually already in order (plans list credits first): then no sort and no copy.
  let sorted = true;
  for (let i = 1; i < list.length && sorted; i++) sorted = rank(list[i - 1]) <= rank(list[i]);
  if (sorted) return list;
  // A stable sort keeps the definition order within one rank.
  return list.map((a, i) => [a, i] as const).sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j).map(([a]) => a);
}

/** Credits fall below the low threshold with this charge (from at or above it): `key.credits_low`. */
export const fallsBelowLow = (def: LimitDefinition, before: number, after: number) =>
  def.lowThreshold !== undefined && before >= def.lowThreshold && after < def.lowThreshold;
