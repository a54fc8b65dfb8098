// Credits and per-key fixed-window rate limits, checked together after the status checks: a
// verification that is refused spends nothing, and one that passes spends its cost and one token.
// In memory by default; RedisLimits (redis-limits.ts) shares both between nodes.
import type { CreditBalance, KeyLimits } from './decide.js';
import type { LimitDefinition } from '../domain/limits.js';

export interface LimitDecision {
  code: 'USAGE_EXCEEDED' | 'RATE_LIMITED' | null;
  /** Credits left after this verification (as if spent, for a dry run); null = unlimited. */
  remaining: number | null;
  /** The key's rate window, when it has a ratelimit. */
  rateRemaining: number;
  resetAtMs: number;
  retryAfterMs: number;
}

/**
 * One counter a verification with named limits checks and charges: the v1 credits or ratelimit
 * (`name` null) or a named limit. The verifier lists them in refusal order (domain/limits.ts).
 */
export interface Charge {
  kind: 'credits' | 'rate';
  name: string | null;
  def: LimitDefinition | null;
  cost: number;
  /** Credits: the balance (a v1 CreditBalance has no period: 0). */
  balance: { id: string; version: number; remaining: number; period?: number } | null;
  /** Rates: tokens per window, and the window's length. */
  limit: number;
  durationMs: number;
  /** The counter's identity in this node's memory (a rate window's, by key id for v1's). */
  id: string;
  /**
   * Its Redis key: `<prefix>:{<tag>}:<redisId>`, a rate window's with `:<start>` appended; a named
   * limit's redisId is null and made only when Redis is asked (`n:<name>:<subject>:b|w`).
   */
  tag: string;
  redisId: string | null;
  /** Whom a named limit counts for (redis-limits.ts). */
  subject: string;
}

export interface ChargeDecision {
  code: 'USAGE_EXCEEDED' | 'RATE_LIMITED' | null;
  /** The refusing charge's index; -1 when none (or Redis is down and failure is closed). */
  refusedBy: number;
  /** Per charge: credits left after it, or tokens left in its window (as if charged, for a dry run). */
  left: number[];
  retryAfterMs: number;
}

export interface Limits {
  /**
   * All charges of one verification, checked in their order before any is taken: a refusal
   * charges none (DESIGN v1.1 "Named limits"). Atomic on this node; one script with Redis.
   */
  checkAll(charges: readonly Charge[], take: boolean, nowMs: number): ChargeDecision | Promise<ChargeDecision>;
  /**
   * Checks credits, then the rate window; when both pass and `take`, spends `cost` credits and one
   * token. Answers synchronously when it can, so the in-memory path has no await.
   */
  check(keyId: string, limits: KeyLimits, cost: number, take: boolean, nowMs: number): LimitDecision | Promise<LimitDecision>;
  /** Tokens taken in a named rate limit's current window (this node's count without Redis), for the limits listing. */
  windowUsed(c: Pick<Charge, 'id' | 'tag' | 'name' | 'subject' | 'durationMs'>, nowMs: number): number | Promise<number>;
  /** ok / down / absent, for /ready. */
  readonly state: 'ok' | 'down' | 'absent';
  /**
   * Shared limits (Redis) start a balance whose shared count is gone (expired while idle) from the
   * database's count, read through this, never from a node's cached one, which may be days old.
   */
  readBalancesWith?(reader: BalanceReader): void;
  close(): Promise<void>;
}

/** Reads a balance's count from the database again, into the object the node holds. */
export interface BalanceReader {
  credit(balance: CreditBalance): Promise<void>;
  /** A credits charge: a key's v1 balance, or a named limit's. */
  charge(charge: Charge, nowMs: number): Promise<void>;
}

export const windowStart = (nowMs: number, durationMs: number) => nowMs - (nowMs % durationMs);

// A check that passed, taken: credits spent or tokens counted when `take`, and what is left either
// way, as if taken (a dry run answers what a real one would).
export function takeCredits(balance: { remaining: number }, cost: number, take: boolean): number {
  if (take) balance.remaining -= cost;
  return take ? balance.remaining : balance.remaining - cost;
}

export function takeTokens(w: { count: number }, limit: number, cost: number, take: boolean): number {
  if (take) w.count += cost;
  return limit - w.count - (take ? 0 : cost);
}

export function decision(code: LimitDecision['code'], remaining: number | null, rateRemaining = 0, resetAtMs = 0, retryAfterMs = 0): LimitDecision {
  return { code, remaining, rateRemaining, resetAtMs, retryAfterMs };
}

/**
 * One node's view. Credits live in the cached balance (`limits.credits`); the usage buffer writes what
 * was spent and refreshes them from the database at each flush, so several nodes without Redis
 * overspend by at most what one flush interval lets through.
 */
export class LocalLimits implements Limits {
  readonly state = 'absent' as const;
  private readonly windows = new Map<string, { start: number; count: number }>();
  // checkAll's windows between its check and its charge pass, reused: the call is synchronous, so no
  // two verifications ever share it, and a verification with named limits allocates one array less.
  private readonly found: ({ start: number; count: number } | null)[] = [];
  /**
   * Moves whenever a window is made or dropped: a caller that holds a window object (named-limits.ts
   * takeAutoLocally) may use it while this has not moved, as the Map still holds that same object.
   */
  generation = 0;

  constructor(private readonly maxWindows = 1_000_000) {}

  check(keyId: string, limits: KeyLimits, cost: number, take: boolean, nowMs: number): LimitDecision {
    const balance = limits.credits;
    const credits = balance === null ? null : balance.remaining;
    if (credits !== null && credits < cost) return decision('USAGE_EXCEEDED', credits);
    const left = credits === null ? null : credits - cost;
    const rl = limits.ratelimit;
    if (rl === null) {
      if (take && balance !== null) balance.remaining = left!;
      return decision(null, left);
    }
    const start = windowStart(nowMs, rl.durationMs);
    const w = this.window(keyId, start);
    const resetAtMs = start + rl.durationMs;
    if (w.count >= rl.limit) return decision('RATE_LIMITED', credits, 0, resetAtMs, Math.max(1, resetAtMs - nowMs));
    if (take) {
      w.count++;
      if (balance !== null) balance.remaining = left!;
    }
    // A dry run answers what a real one would: the token it would have taken is counted as gone.
    return decision(null, left, rl.limit - w.count - (take ? 0 : 1), resetAtMs);
  }

  checkAll(charges: readonly Charge[], take: boolean, nowMs: number): ChargeDecision {
    const left = new Array<number>(charges.length);
    const windows = this.found;
    // Check every charge first: nothing is taken unless all pass (a single thread makes it atomic).
    for (let i = 0; i < charges.length; i++) {
      const c = charges[i];
      if (c.kind === 'credits') {
        const have = c.balance!.remaining;
        if (have < c.cost) return { code: 'USAGE_EXCEEDED', refusedBy: i, left, retryAfterMs: 0 };
        windows[i] = null;
      } else {
        const start = windowStart(nowMs, c.durationMs);
        const w = this.window(c.id, start);
        windows[i] = w;
        if (w.count + c.cost > c.limit) {
          return { code: 'RATE_LIMITED', refusedBy: i, left, retryAfterMs: Math.max(1, start + c.durationMs - nowMs) };
        }
      }
    }
    for (let i = 0; i < charges.length; i++) {
      const c = charges[i];
      const w = windows[i];
      left[i] = w === null ? takeCredits(c.balance!, c.cost, take) : takeTokens(w, c.limit, c.cost, take);
    }
    return { code: null, refusedBy: -1, left, retryAfterMs: 0 };
  }

  windowUsed(c: Pick<Charge, 'id' | 'durationMs'>, nowMs: number): number {
    const w = this.windows.get(c.id);
    return w !== undefined && w.start === windowStart(nowMs, c.durationMs) ? w.count : 0;
  }

  /** The window of counter `id` starting at `start`, made when it is not counted yet. */
  window(id: string, start: number): { start: number; count: number } {
    let w = this.windows.get(id);
    if (!w || w.start !== start) {
      if (!w && this.windows.size >= this.maxWindows) this.windows.delete(this.windows.keys().next().value!);
      w = { start, count: 0 };
      this.windows.set(id, w);
      this.generation++;
    }
    return w;
  }

  async close(): Promise<void> {}
}
