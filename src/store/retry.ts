// When a write is tried again: a deadlock or serialization failure (PostgreSQL) or a busy database
// (SQLite) says nothing about the request, only about its timing, so the whole transaction runs
// again a few times, after a short random wait that keeps the two losers of a deadlock apart.

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** The wait before retry n (1-based) is drawn from [0, baseDelayMs · 2^(n−1)], capped at maxDelayMs. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const WRITE_RETRIES: RetryPolicy = Object.freeze({ attempts: 5, baseDelayMs: 5, maxDelayMs: 100 });

/** "Full jitter": a uniformly random wait up to an exponentially growing bound. */
export function retryDelayMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const bound = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * (bound + 1));
}

export interface RetryHooks {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, fails with an error `isRetryable` refuses, or the policy's
 * attempts are spent (then the last error is thrown).
 */
export async function withRetries<T>(
  policy: RetryPolicy, isRetryable: (err: unknown) => boolean, attempt: (n: number) => Promise<T>, hooks: RetryHooks = {},
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (n >= policy.attempts || !isRetryable(err)) throw err;
      await (hooks.sleep ?? sleepFor)(retryDelayMs(policy, n, hooks.random));
    }
  }
}
