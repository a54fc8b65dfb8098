import { describe, expect, it } from 'vitest';
import {
  appliedLimits, assertValidLimits, currentBalance, fallsBelowLow, nextRefill, periodStart, resetAtOf, type LimitDefinition,
} from './limits.js';

const credits = (name: string, over: Partial<LimitDefinition> = {}): LimitDefinition => ({ name, kind: 'credits', per: 'key', limit: 100, autoApply: false, ...over });
const rate = (name: string, over: Partial<LimitDefinition> = {}): LimitDefinition => ({ name, kind: 'rate', per: 'key', limit: 10, durationMs: 60_000, autoApply: false, ...over });
const fieldOf = (fn: () => void) => {
  try {
    fn();
  } catch (err: any) {
    return err.extra?.details?.[0]?.field;
  }
  return null;
};

describe('assertValidLimits', () => {
  it('accepts a tenant plan of credits with refills and rates per owner and tenant', () => {
    expect(fieldOf(() => assertValidLimits([
      credits('tokens', { per: 'tenant', refill: { amount: 1000, interval: 'month', dayOfMonth: 28 }, lowThreshold: 100 }),
      rate('burst', { per: 'owner', durationMs: 1000 }),
    ], 'tenant', '/limits'))).toBeNull();
  });

  it('refuses bad and reserved names, and names used twice', () => {
    expect(fieldOf(() => assertValidLimits([credits('Tokens')], 'key', '/limits'))).toBe('/limits/0/name');
    expect(fieldOf(() => assertValidLimits([credits('a'.repeat(33))], 'key', '/limits'))).toBe('/limits/0/name');
    expect(fieldOf(() => assertValidLimits([credits('remaining')], 'key', '/limits'))).toBe('/limits/0/name');
    expect(fieldOf(() => assertValidLimits([credits('x'), rate('x')], 'key', '/limits'))).toBe('/limits/1/name');
  });

  it('refuses the names of Object.prototype\'s members, which usage maps keyed by name would trip on', () => {
    for (const name of ['__proto__', 'constructor', 'prototype']) {
      expect(fieldOf(() => assertValidLimits([credits('ok'), credits(name)], 'key', '/limits'))).toBe('/limits/1/name');
      expect(fieldOf(() => assertValidLimits([credits(name, { per: 'tenant' })], 'tenant', '/limits'))).toBe('/limits/0/name');
    }
    expect(fieldOf(() => assertValidLimits([credits('constructors'), credits('proto')], 'key', '/limits'))).toBeNull();
  });

  it('refuses a key limit named like a tenant limit, and a tenant limit named like a key limit', () => {
    expect(fieldOf(() => assertValidLimits([credits('tokens')], 'key', '/limits', new Set(['tokens'])))).toBe('/limits/0/name');
    expect(fieldOf(() => assertValidLimits([credits('tokens', { per: 'tenant' })], 'tenant', '/limits', new Set(['tokens'])))).toBe('/limits/0/name');
  });

  it('holds the counts, per "key" on keys, and the rate window between 1 s and 30 days', () => {
    expect(fieldOf(() => assertValidLimits(Array.from({ length: 11 }, (_, i) => credits(`c${i}`)), 'key', '/limits'))).toBe('/limits');
    expect(fieldOf(() => assertValidLimits(Array.from({ length: 20 }, (_, i) => credits(`c${i}`)), 'tenant', '/limits'))).toBeNull();
    expect(fieldOf(() => assertValidLimits(Array.from({ length: 21 }, (_, i) => credits(`c${i}`)), 'tenant', '/limits'))).toBe('/limits');
    expect(fieldOf(() => assertValidLimits([credits('c', { per: 'owner' })], 'key', '/limits'))).toBe('/limits/0/per');
    expect(fieldOf(() => assertValidLimits([rate('r', { durationMs: 999 })], 'key', '/limits'))).toBe('/limits/0/durationMs');
    expect(fieldOf(() => assertValidLimits([rate('r', { durationMs: 30 * 86_400_000 + 1 })], 'key', '/limits'))).toBe('/limits/0/durationMs');
    expect(fieldOf(() => assertValidLimits([rate('r', { durationMs: 30 * 86_400_000 })], 'key', '/limits'))).toBeNull();
    expect(fieldOf(() => assertValidLimits([credits('c', { durationMs: 1000 })], 'key', '/limits'))).toBe('/limits/0/durationMs');
    expect(fieldOf(() => assertValidLimits([credits('c', { refill: { amount: 1, interval: 'day', dayOfMonth: 3 } })], 'key', '/limits'))).toBe('/limits/0/refill/dayOfMonth');
  });
});

describe('refill periods', () => {
  const at = (iso: string) => Date.parse(iso);
  it('starts a daily period at 00:00 UTC', () => {
    expect(periodStart({ amount: 1, interval: 'day' }, at('2026-12-03T23:59:59.999Z'))).toBe(at('2026-12-03T00:00:00.000Z'));
    expect(periodStart({ amount: 1, interval: 'day' }, at('2026-12-04T00:00:00.000Z'))).toBe(at('2026-12-04T00:00:00.000Z'));
    expect(nextRefill({ amount: 1, interval: 'day' }, at('2026-12-03T00:00:00.000Z'))).toBe(at('2026-12-04T00:00:00.000Z'));
  });

  it('starts a monthly period on its day of the month, crossing years', () => {
    const refill = { amount: 1, interval: 'month' as const, dayOfMonth: 15 };
    expect(periodStart(refill, at('2026-12-14T23:59:59.999Z'))).toBe(at('2026-11-15T00:00:00.000Z'));
    expect(periodStart(refill, at('2026-12-15T00:00:00.000Z'))).toBe(at('2026-12-15T00:00:00.000Z'));
    expect(nextRefill(refill, at('2026-12-15T00:00:00.000Z'))).toBe(at('2027-01-15T00:00:00.000Z'));
    expect(periodStart({ amount: 1, interval: 'month' }, at('2027-01-01T00:00:00.000Z'))).toBe(at('2027-01-01T00:00:00.000Z'));
  });

  it('sets (not adds) the balance at a refill, and keeps it within the period', () => {
    const def = credits('c', { limit: 50, refill: { amount: 30, interval: 'day' } });
    const day1 = at('2026-12-03T10:00:00.000Z');
    expect(currentBalance(def, null, day1)).toEqual({ remaining: 50, period: at('2026-12-03T00:00:00.000Z') });
    expect(currentBalance(def, { remaining: 7, period: at('2026-12-03T00:00:00.000Z') }, day1).remaining).toBe(7);
    expect(currentBalance(def, { remaining: 7, period: at('2026-12-03T00:00:00.000Z') }, at('2026-12-04T00:00:00.000Z'))).toEqual({ remaining: 30, period: at('2026-12-04T00:00:00.000Z') });
    expect(currentBalance(credits('c'), { remaining: 7, period: 0 }, day1).remaining).toBe(7);
  });

  it('gives the window end for rates, the next refill for credits, null without refill', () => {
    const now = at('2026-12-03T10:00:30.000Z');
    expect(resetAtOf(rate('r'), now)).toBe(at('2026-12-03T10:01:00.000Z'));
    expect(resetAtOf(credits('c', { refill: { amount: 1, interval: 'day' } }), now)).toBe(at('2026-12-04T00:00:00.000Z'));
    expect(resetAtOf(credits('c'), now)).toBeNull();
  });
});

describe('appliedLimits', () => {
  it('applies auto limits and named ones once, at the named cost, ignoring unknown names', () => {
    const own = [credits('tokens', { autoApply: true })];
    const tenant = [rate('burst', { per: 'tenant', autoApply: true }), credits('images', { per: 'owner' })];
    const applied = appliedLimits(own, tenant, [{ name: 'tokens', cost: 7 }, { name: 'nope' }], 3)!;
    expect(applied.map((a) => [a.def.name, a.cost])).toEqual([['tokens', 7], ['burst', 1]]);
    expect(appliedLimits(own, tenant, undefined, 3)!.map((a) => [a.def.name, a.cost])).toEqual([['tokens', 3], ['burst', 1]]);
    expect(appliedLimits(null, [credits('x', { per: 'tenant' })], [{ name: 'y' }], 1)).toBeNull();
  });

  it('orders credits before rates, and key before owner before tenant', () => {
    const tenant = [
      rate('t-rate', { per: 'tenant', autoApply: true }), credits('t-credits', { per: 'tenant', autoApply: true }),
      credits('o-credits', { per: 'owner', autoApply: true }), rate('k-rate', { autoApply: true }), credits('tk-credits', { autoApply: true }),
    ];
    const own = [rate('own-rate', { autoApply: true }), credits('own-credits', { autoApply: true })];
    expect(appliedLimits(own, tenant, undefined, 1)!.map((a) => a.def.name))
      .toEqual(['own-credits', 'tk-credits', 'o-credits', 't-credits', 'own-rate', 'k-rate', 't-rate']);
  });

  it('notices a balance falling below its low threshold only on the crossing', () => {
    const def = credits('c', { lowThreshold: 10 });
    expect(fallsBelowLow(def, 10, 9)).toBe(true);
    expect(fallsBelowLow(def, 9, 8)).toBe(false);
    expect(fallsBelowLow(def, 20, 10)).toBe(false);
    expect(fallsBelowLow(credits('c'), 20, 0)).toBe(false);
  });
});
