// Credits and per-key fixed-window rate limits, checked together after the status checks: a
// verification that is refused spends nothing, and one that passes spends its cost and one token.
// In memory by default; RedisLimits (redis-limits.ts) shares both between nodes.
import type { KeyLimits } from './decide.js';

export interface LimitDecision {
  code: 'USAGE_EXCEEDED' | 'RATE_LIMITED' | null;
  /** Credits left after this verification (as if spent, for a dry run); null = unlimited. */
  remaining: number | null;
  /** The key's rate window, when it has a ratelimit. */
  rateRemaining: number;
  resetAtMs: number;
  retryAfterMs: number;
}

export interface Limits {
  /**
   * Checks credits, then the rate window; when both pass and `take`, spends `cost` credits and one
   * token. Answers synchronously when it can, so the in-memory path has no await.
   */
  check(keyId: string, limits: KeyLimits, cost: number, take: boolean, nowMs: number): LimitDecision | Promise<LimitDecision>;
  /** ok / down / absent, for /ready. */
  readonly state: 'ok' | 'down' | 'absent';
  close(): Promise<void>;
}

export const windowStart = (nowMs: number, durationMs: number) => nowMs - (nowMs % durationMs);

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
    let w = this.windows.get(keyId);
    if (!w || w.start !== start) {
      if (!w && this.windows.size >= this.maxWindows) this.windows.delete(this.windows.keys().next().value!);
      w = { start, count: 0 };
      this.windows.set(keyId, w);
    }
    const resetAtMs = start + rl.durationMs;
    if (w.count >= rl.limit) return decision('RATE_LIMITED', credits, 0, resetAtMs, Math.max(1, resetAtMs - nowMs));
    if (take) {
      w.count++;
      if (balance !== null) balance.remaining = left!;
    }
    // A dry run answers what a real one would: the token it would have taken is counted as gone.
    return decision(null, left, rl.limit - w.count - (take ? 0 : 1), resetAtMs);
  }

  async close(): Promise<void> {}
}
