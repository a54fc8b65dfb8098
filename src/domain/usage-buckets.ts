// Usage buckets: UTC hours, days and months, what a range of them is, and what is kept (DESIGN v1.1
// "Usage metering"). Pure: the usage service and the retention job both ask here, so the range a
// query may ask for and the rows the job prunes follow one rule.

export type UsageInterval = 'hour' | 'day' | 'month';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Hourly buckets are kept at least this long (the contract's 35 days). */
export const HOURLY_KEPT_MS = 35 * DAY_MS;
export const MAX_BUCKETS = 1000;

/** The start of the UTC bucket that holds `ms`. */
export function bucketStart(interval: UsageInterval, ms: number): number {
  if (interval === 'hour') return ms - (((ms % HOUR_MS) + HOUR_MS) % HOUR_MS);
  if (interval === 'day') return ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** The start of the bucket `n` after the one starting at `start` (n may be negative). */
export function addBuckets(interval: UsageInterval, start: number, n: number): number {
  if (interval === 'hour') return start + n * HOUR_MS;
  if (interval === 'day') return start + n * DAY_MS;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1);
}

/** How many buckets from the one starting at `first` cover everything before `untilMs`. */
export function bucketCount(interval: UsageInterval, first: number, untilMs: number): number {
  if (untilMs <= first) return 0;
  if (interval !== 'month') return Math.ceil((untilMs - first) / (interval === 'hour' ? HOUR_MS : DAY_MS));
  const a = new Date(first);
  const b = new Date(untilMs);
  const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
  return bucketStart('month', untilMs) === untilMs ? months : months + 1;
}

/** The oldest bucket start still kept: hourly ones 35 days, daily (and monthly, made of days) `retentionMs`. */
export function oldestKept(interval: UsageInterval, nowMs: number, retentionMs: number): number {
  return interval === 'hour' ? bucketStart('hour', nowMs - HOURLY_KEPT_MS) : bucketStart('day', nowMs - retentionMs);
}

/** Rows older than these bucket starts may go: the retention job's cut-offs, never inside what queries may ask for. */
export function pruneBefore(nowMs: number, retentionMs: number): { hourly: number; daily: number } {
  return { hourly: bucketStart('day', nowMs - HOURLY_KEPT_MS), daily: bucketStart('day', nowMs - retentionMs) };
}

/** The default number of buckets: the last 24 hours, 30 days or 12 months, the current one the last. */
const DEFAULT_COUNT: Record<UsageInterval, number> = { hour: 24, day: 30, month: 12 };

export type RangeProblem = { field: '/since' | '/until'; message: string };

export interface UsageRange {
  interval: UsageInterval;
  /** Bucket starts, oldest first. */
  starts: number[];
  untilMs: number;
}

/**
 * The buckets a usage query covers: `since` aligned down to its bucket (default: the last 24
 * hours, 30 days or 12 months), up to `until` (exclusive, default now). A range starting before
 * what is kept, or of more than 1000 buckets, is a problem the caller answers with a 400.
 */
export function usageRange(
  interval: UsageInterval, sinceMs: number | null, untilMs: number | null, nowMs: number, retentionMs: number,
): UsageRange | RangeProblem {
  const until = untilMs ?? nowMs;
  const first = sinceMs === null
    ? addBuckets(interval, bucketStart(interval, until - 1), 1 - DEFAULT_COUNT[interval])
    : bucketStart(interval, sinceMs);
  if (sinceMs !== null && until <= sinceMs) return { field: '/until', message: 'must come after since' };
  const oldest = oldestKept(interval, nowMs, retentionMs);
  if (first < oldest) {
    return { field: '/since', message: `is before the oldest ${interval === 'hour' ? 'hourly' : 'daily'} usage kept (${new Date(oldest).toISOString()})` };
  }
  const count = bucketCount(interval, first, until);
  if (count > MAX_BUCKETS) return { field: '/since', message: `the range holds ${count} buckets, more than ${MAX_BUCKETS}; narrow it or use a longer interval` };
  return { interval, untilMs: until, starts: Array.from({ length: count }, (_, i) => addBuckets(interval, first, i)) };
}
