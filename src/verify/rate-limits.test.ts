import { describe, expect, it } from 'vitest';
import { LocalLimits } from './rate-limits.js';

const limitsOf = (remaining: number | null, limit?: number) => ({
  credits: remaining === null ? null : { id: 'key_a', version: 0, remaining },
  ratelimit: limit === undefined ? null : { limit, durationMs: 1000 },
});

describe('LocalLimits', () => {
  it('takes one token per valid check and refuses with the time left in the window', () => {
    const local = new LocalLimits();
    const limits = limitsOf(null, 2);
    expect(local.check('k', limits, 1, true, 10_100)).toMatchObject({ code: null, rateRemaining: 1, resetAtMs: 11_000 });
    expect(local.check('k', limits, 1, true, 10_200)).toMatchObject({ code: null, rateRemaining: 0 });
    expect(local.check('k', limits, 1, true, 10_600)).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 400 });
    expect(local.check('k', limits, 1, true, 11_000)).toMatchObject({ code: null, rateRemaining: 1 });
  });

  it('checks credits before the window and spends neither on a refusal', () => {
    const local = new LocalLimits();
    const limits = limitsOf(3, 1);
    expect(local.check('k', limits, 5, true, 0)).toMatchObject({ code: 'USAGE_EXCEEDED', remaining: 3 });
    expect(local.check('k', limits, 2, true, 0)).toMatchObject({ code: null, remaining: 1, rateRemaining: 0 });
    expect(limits.credits!.remaining).toBe(1);
    expect(local.check('k', limits, 1, true, 0)).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limits.credits!.remaining).toBe(1);
  });

  it('answers a dry run as if spent, without spending', () => {
    const local = new LocalLimits();
    const limits = limitsOf(3, 2);
    expect(local.check('k', limits, 1, false, 0)).toMatchObject({ code: null, remaining: 2, rateRemaining: 1 });
    expect(local.check('k', limits, 1, false, 0)).toMatchObject({ code: null, remaining: 2, rateRemaining: 1 });
    expect(limits.credits!.remaining).toBe(3);
  });

  it('spends from the one balance that two keys share, each with its own rate window', () => {
    const local = new LocalLimits();
    const credits = { id: 'key_a', version: 0, remaining: 3 };
    const old = { credits, ratelimit: { limit: 2, durationMs: 1000 } };
    const successor = { credits, ratelimit: { limit: 2, durationMs: 1000 } };
    expect(local.check('key_a', old, 1, true, 0)).toMatchObject({ code: null, remaining: 2, rateRemaining: 1 });
    expect(local.check('key_b', successor, 1, true, 0)).toMatchObject({ code: null, remaining: 1, rateRemaining: 1 });
    expect(local.check('key_a', old, 1, true, 0)).toMatchObject({ code: null, remaining: 0, rateRemaining: 0 });
    expect(local.check('key_b', successor, 1, true, 0)).toMatchObject({ code: 'USAGE_EXCEEDED', remaining: 0 });
  });
});
