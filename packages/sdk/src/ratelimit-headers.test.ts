import { describe, expect, it } from 'vitest';
import { rateLimitHeaders } from './ratelimit-headers.js';
import type { ValidAnswer } from './types.js';

const VALID: ValidAnswer = { valid: true, keyId: 'key_1', tenantId: 'ten_1', ownerId: 'usr_1', name: 'k', scopes: [], expiresAt: null };
const NOW = Date.parse('2026-01-01T00:00:00.000Z');

describe('the RateLimit headers', () => {
  it('give the quota, what is left and the seconds to the reset (rounded up) for a key with a rate limit', () => {
    const answer = { ...VALID, ratelimit: { limit: 100, remaining: 42, resetAt: '2026-01-01T00:00:29.200Z' } };
    expect(rateLimitHeaders(answer, NOW)).toEqual({ 'RateLimit-Policy': '"default";q=100', RateLimit: '"default";r=42;t=30' });
  });

  it('never give a negative reset', () => {
    const answer = { ...VALID, ratelimit: { limit: 1, remaining: 0, resetAt: '2025-12-31T23:59:59.000Z' } };
    expect(rateLimitHeaders(answer, NOW)?.RateLimit).toBe('"default";r=0;t=0');
  });

  it('say r=0 and when to try again on a refusal by the rate limit', () => {
    expect(rateLimitHeaders({ valid: false, code: 'RATE_LIMITED', retryAfterMs: 12_001 }, NOW)).toEqual({ RateLimit: '"default";r=0;t=13' });
  });

  it('are left out for keys without a rate limit and for other refusals', () => {
    expect(rateLimitHeaders(VALID, NOW)).toBeUndefined();
    expect(rateLimitHeaders({ valid: false, code: 'USAGE_EXCEEDED' }, NOW)).toBeUndefined();
    expect(rateLimitHeaders({ valid: false, code: 'REVOKED' }, NOW)).toBeUndefined();
  });
});
