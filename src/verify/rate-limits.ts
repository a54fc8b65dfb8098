// Per-key fixed-window rate limits. In memory by default; the Redis implementation shares the
// windows between nodes (see redis-limits.ts).
export interface RateDecision {
  allowed: boolean;
  remaining: number;
  resetAtMs: number;
}

export interface RateLimiter {
  /** Takes one token from the key's current window when `take`, else only reports. */
  check(keyId: string, limit: number, durationMs: number, nowMs: number, take: boolean): RateDecision | Promise<RateDecision>;
}

export class LocalRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  check(keyId: string, limit: number, durationMs: number, nowMs: number, take: boolean): RateDecision {
    const start = Math.floor(nowMs / durationMs) * durationMs;
    let w = this.windows.get(keyId);
    if (!w || w.start !== start) {
      w = { start, count: 0 };
      this.windows.set(keyId, w);
    }
    const resetAtMs = start + durationMs;
    if (w.count >= limit) return { allowed: false, remaining: 0, resetAtMs };
    if (take) w.count++;
    return { allowed: true, remaining: limit - w.count, resetAtMs };
  }
}
