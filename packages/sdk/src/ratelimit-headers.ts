// The IETF RateLimit headers (draft-ietf-httpapi-ratelimit-headers) on the middleware's answers for
// keys with a rate limit, so that callers can pace themselves: `RateLimit-Policy: "default";q=100`
// is the key's quota per window, `RateLimit: "default";r=42;t=30` what is left of it and the
// seconds until the window resets. The policy has no `w` (window length): the verify answer does
// not carry it. A refusal by the rate limit says `r=0` and when to try again.
import type { VerifyAnswer } from './types.js';

/** The headers for an answer about this key; undefined when the key has no rate limit. */
export function rateLimitHeaders(answer: VerifyAnswer, nowMs: number): Record<string, string> | undefined {
  if (answer.valid) {
    if (!answer.ratelimit) return undefined;
    const { limit, remaining, resetAt } = answer.ratelimit;
    return {
      'RateLimit-Policy': `"default";q=${limit}`,
      RateLimit: `"default";r=${remaining};t=${secondsFrom(Date.parse(resetAt) - nowMs)}`,
    };
  }
  if (answer.code === 'RATE_LIMITED' && answer.retryAfterMs !== undefined) {
    return { RateLimit: `"default";r=0;t=${secondsFrom(answer.retryAfterMs)}` };
  }
  return undefined;
}

function secondsFrom(ms: number): number {
  return Number.isFinite(ms) ? Math.max(0, Math.ceil(ms / 1000)) : 0;
}
