// The IETF RateLimit headers (draft-ietf-httpapi-ratelimit-headers) on the middleware's answers for
// keys with limits, so that callers can pace themselves. Each limit applied is one policy of the
// lists: the key's own rate limit is "default", a named limit (v1.1) goes by its name.
// `RateLimit-Policy: "default";q=100, "tokens";q=5000` is each quota, and
// `RateLimit: "default";r=42;t=30, "tokens";r=4100;t=86400` what is left of it and the seconds
// until it resets (no `t` for credits that never refill). The policies have no `w` (window
// length): the verify answer does not carry it. A refusal says `r=0` for the limit that refused,
// and when to try again where a wait helps.
import type { VerifyAnswer } from './types.js';

/** The headers for an answer about this key; undefined when no limit was applied. */
export function rateLimitHeaders(answer: VerifyAnswer, nowMs: number): Record<string, string> | undefined {
  if (answer.valid) {
    const policies: string[] = [];
    const states: string[] = [];
    if (answer.ratelimit) {
      const { limit, remaining, resetAt } = answer.ratelimit;
      policies.push(`"default";q=${limit}`);
      states.push(`"default";r=${remaining};t=${secondsFrom(Date.parse(resetAt) - nowMs)}`);
    }
    for (const l of answer.limits ?? []) {
      policies.push(`${quoted(l.name)};q=${l.limit}`);
      states.push(`${quoted(l.name)};r=${l.remaining}${l.resetAt === null ? '' : `;t=${secondsFrom(Date.parse(l.resetAt) - nowMs)}`}`);
    }
    if (policies.length === 0) return undefined;
    return { 'RateLimit-Policy': policies.join(', '), RateLimit: states.join(', ') };
  }
  const name = answer.limit === undefined ? '"default"' : quoted(answer.limit);
  if ((answer.code === 'RATE_LIMITED' || (answer.code === 'USAGE_EXCEEDED' && answer.limit !== undefined)) && answer.retryAfterMs !== undefined) {
    return { RateLimit: `${name};r=0;t=${secondsFrom(answer.retryAfterMs)}` };
  }
  if (answer.code === 'USAGE_EXCEEDED' && answer.limit !== undefined) return { RateLimit: `${name};r=0` };
  return undefined;
}

// Limit names are a-z, 0-9, _ and -: a structured-field string needs no escaping.
const quoted = (name: string) => `"${name}"`;

function secondsFrom(ms: number): number {
  return Number.isFinite(ms) ? Math.max(0, Math.ceil(ms / 1000)) : 0;
}
