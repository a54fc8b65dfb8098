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

describe('the RateLimit headers for named limits', () => {
  it('list one policy per limit applied, the key\'s rate limit first, without t for credits that never refill', () => {
    const answer: ValidAnswer = {
      ...VALID, ratelimit: { limit: 100, remaining: 42, resetAt: '2026-01-01T00:00:29.200Z' },
      limits: [
        { name: 'tokens', kind: 'credits', per: 'tenant', limit: 5000, remaining: 4100, resetAt: '2026-01-02T00:00:00.000Z' },
        { name: 'images', kind: 'credits', per: 'key', limit: 10, remaining: 3, resetAt: null },
      ],
    };
    expect(rateLimitHeaders(answer, NOW)).toEqual({
      'RateLimit-Policy': '"default";q=100, "tokens";q=5000, "images";q=10',
      RateLimit: '"default";r=42;t=30, "tokens";r=4100;t=86400, "images";r=3',
    });
  });

  it('say r=0 for the named limit that refused, and when it resets where a wait helps', () => {
    expect(rateLimitHeaders({ valid: false, code: 'RATE_LIMITED', limit: 'burst', retryAfterMs: 2_000 }, NOW)).toEqual({ RateLimit: '"burst";r=0;t=2' });
    expect(rateLimitHeaders({ valid: false, code: 'USAGE_EXCEEDED', limit: 'tokens', retryAfterMs: 3_600_000 }, NOW)).toEqual({ RateLimit: '"tokens";r=0;t=3600' });
    expect(rateLimitHeaders({ valid: false, code: 'USAGE_EXCEEDED', limit: 'images' }, NOW)).toEqual({ RateLimit: '"images";r=0' });
  });
});
