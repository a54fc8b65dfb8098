import { describe, expect, it } from 'vitest';
import { addBuckets, bucketCount, bucketStart, DAY_MS, pruneBefore, usageRange, type UsageRange } from './usage-buckets.js';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const RETENTION = 400 * DAY_MS;

describe('usage buckets', () => {
  it('aligns hours, days and months to UTC', () => {
    const ms = t('2026-03-31T23:59:59.999Z');
    expect(iso(bucketStart('hour', ms))).toBe('2026-03-31T23:00:00.000Z');
    expect(iso(bucketStart('day', ms))).toBe('2026-03-31T00:00:00.000Z');
    expect(iso(bucketStart('month', ms))).toBe('2026-03-01T00:00:00.000Z');
    expect(iso(addBuckets('month', t('2026-12-01T00:00:00.000Z'), 1))).toBe('2027-01-01T00:00:00.000Z');
  });

  it('counts buckets, a partial last one included', () => {
    expect(bucketCount('hour', t('2026-03-01T00:00:00.000Z'), t('2026-03-01T02:00:00.000Z'))).toBe(2);
    expect(bucketCount('hour', t('2026-03-01T00:00:00.000Z'), t('2026-03-01T02:00:00.001Z'))).toBe(3);
    expect(bucketCount('month', t('2026-01-01T00:00:00.000Z'), t('2026-03-01T00:00:00.000Z'))).toBe(2);
    expect(bucketCount('month', t('2026-01-01T00:00:00.000Z'), t('2026-03-02T00:00:00.000Z'))).toBe(3);
  });

  it('defaults to the last 24 hours, 30 days or 12 months, the current bucket the last', () => {
    const now = t('2026-12-03T10:30:00.000Z');
    const hours = usageRange('hour', null, null, now, RETENTION) as UsageRange;
    expect(hours.starts).toHaveLength(24);
    expect(iso(hours.starts[23])).toBe('2026-12-03T10:00:00.000Z');
    const months = usageRange('month', null, null, now, RETENTION) as UsageRange;
    expect(months.starts.map(iso).slice(-2)).toEqual(['2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z']);
    expect(months.starts).toHaveLength(12);
  });

  it('refuses a range before what is kept, more than 1000 buckets, or ending before it starts', () => {
    const now = t('2026-12-03T10:30:00.000Z');
    expect(usageRange('hour', now - 36 * DAY_MS, null, now, RETENTION)).toMatchObject({ field: '/since' });
    expect(usageRange('hour', now - 34 * DAY_MS, now - 34 * DAY_MS + 999 * 3_600_000, now, RETENTION)).toHaveProperty('starts');
    expect(usageRange('day', now - 401 * DAY_MS, null, now, RETENTION)).toMatchObject({ field: '/since' });
    expect(usageRange('day', now - 399 * DAY_MS, null, now, RETENTION)).toHaveProperty('starts');
    expect(usageRange('hour', now - 30 * DAY_MS, now + 20 * DAY_MS, now, RETENTION)).toMatchObject({ field: '/since', message: expect.stringMatching(/1000/) });
    expect(usageRange('day', now, now - 1, now, RETENTION)).toMatchObject({ field: '/until' });
  });

  it('prunes only what no query may ask for', () => {
    const now = t('2026-12-03T10:30:00.000Z');
    const cut = pruneBefore(now, RETENTION);
    const hourly = usageRange('hour', cut.hourly, cut.hourly + 3_600_000, now, RETENTION);
    expect(hourly).toMatchObject({ field: '/since' });
    expect(cut.hourly).toBeLessThanOrEqual(now - 35 * DAY_MS);
    expect(cut.daily).toBeLessThanOrEqual((usageRange('day', now - RETENTION, null, now, RETENTION) as UsageRange).starts[0]);
  });
});
