// A key's named limits on the command line (DESIGN v1.1 "Named limits"), for `keys create` and
// `keys update`: `--limit NAME:KIND:LIMIT[:OPTION…]`, where an option is a window for a rate (`1m`,
// or milliseconds), `auto` (applied to every verification), `refill=AMOUNT/day` or
// `refill=AMOUNT/month[@DAY]` and `low=N` for credits; `--balance NAME=N` sets a balance.
import { UsageError } from './io.js';
import { duration } from './options.js';
import { formatDuration } from './output.js';
import type { Static } from 'typebox';
import type { LimitInput } from '../http/schemas.js';

export type Limit = Static<typeof LimitInput>;

const USAGE = 'expected NAME:rate:LIMIT:WINDOW[:auto] or NAME:credits:LIMIT[:auto][:refill=N/day|N/month[@DAY]][:low=N], e.g. tokens:credits:1000:refill=1000/month';

export function parseLimit(spec: string): Limit {
  const [name, kind, limit, ...options] = spec.split(':');
  if (!name || (kind !== 'rate' && kind !== 'credits') || !/^\d+$/.test(limit ?? '')) throw new UsageError(`--limit "${spec}": ${USAGE}`);
  const out: Limit = { name, kind, per: 'key', limit: Number(limit), autoApply: false };
  for (const option of options) {
    const refill = /^refill=(\d+)\/(day|month)(?:@(\d+))?$/.exec(option);
    const low = /^low=(\d+)$/.exec(option);
    if (option === 'auto') out.autoApply = true;
    else if (refill) out.refill = { amount: Number(refill[1]), interval: refill[2] as 'day' | 'month', ...(refill[3] && { dayOfMonth: Number(refill[3]) }) };
    else if (low) out.lowThreshold = Number(low[1]);
    else if (/^\d+$/.test(option)) out.durationMs = Number(option);
    else if (/^\d+(ms|s|m|h|d)$/.test(option)) out.durationMs = duration(option);
    else throw new UsageError(`--limit "${spec}": unknown part "${option}"; ${USAGE}`);
  }
  if (kind === 'rate' && out.durationMs === undefined) throw new UsageError(`--limit "${spec}": a rate needs a window, e.g. ${name}:rate:${limit}:1m`);
  return out;
}

/** `NAME=N`: a balance to set. */
export function parseBalance(spec: string): { name: string; remaining: number } {
  const match = /^([a-z0-9_-]{1,32})=(\d+)$/.exec(spec);
  if (!match) throw new UsageError(`--balance "${spec}": expected NAME=CREDITS, e.g. tokens=500`);
  return { name: match[1], remaining: Number(match[2]) };
}

/** The key's limits in one line each: `tokens credits 1000 per key, refills 1000 monthly on day 1 (auto)`. */
export function formatLimits(limits: readonly Limit[]): string | null {
  if (limits.length === 0) return null;
  return limits.map((l) => {
    const what = l.kind === 'rate' ? `${l.limit} per ${formatDuration(l.durationMs ?? 0)}` : `${l.limit} credits`;
    const refill = l.refill ? `, refills ${l.refill.amount} ${l.refill.interval === 'day' ? 'daily' : `monthly on day ${l.refill.dayOfMonth ?? 1}`}` : '';
    return `${l.name}: ${what}${refill}${l.autoApply ? ' (auto)' : ''}`;
  }).join('; ');
}
