// Credits and rate windows shared between nodes in Redis, so limits hold exactly across nodes.
// One Lua script checks credits, then the window, and spends both only when both pass: a refused
// verification spends nothing, and two nodes can never both take the last token or credit.
// When Redis is away the node keeps verifying with its local limits (open, the default) or answers
// RATE_LIMITED for keys that have limits (closed); /ready reports "down" either way.
import { Redis } from 'ioredis';
import type { KeyLimits } from './decide.js';
import { decision, LocalLimits, windowStart, type LimitDecision, type Limits } from './rate-limits.js';

// KEYS[1] the credit balance {l: left, v: version}; KEYS[2] the key's current rate window counter.
// ARGV: 1 has credits, 2 credits at load, 3 version, 4 cost, 5 take, 6 has ratelimit, 7 limit,
//       8 window ttl ms, 9 credits idle ttl ms.
// The balance starts from the database's value; a newer version (a top-up) starts it again from
// the database, an older one (a node that has not yet heard of the top-up) never does.
const SCRIPT = `
local cost = tonumber(ARGV[4])
local take = ARGV[5] == '1'
local left = -1
if ARGV[1] == '1' then
  local cur = redis.call('HMGET', KEYS[1], 'l', 'v')
  local known = tonumber(cur[2])
  if (not cur[1]) or (not known) or tonumber(ARGV[3]) > known then
    left = tonumber(ARGV[2])
    redis.call('HSET', KEYS[1], 'l', left, 'v', ARGV[3])
  else
    left = tonumber(cur[1])
  end
  redis.call('PEXPIRE', KEYS[1], ARGV[9])
  if left < cost then return {1, left, 0} end
end
local count = 0
if ARGV[6] == '1' then
  count = tonumber(redis.call('GET', KEYS[2]) or '0')
  if count >= tonumber(ARGV[7]) then return {2, left, count} end
  if take then
    count = redis.call('INCR', KEYS[2])
    if count == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[8]) end
  end
end
if take and ARGV[1] == '1' and cost > 0 then left = redis.call('HINCRBY', KEYS[1], 'l', -cost) end
return {0, left, count}
`;

const CREDITS_IDLE_TTL_MS = 86_400_000;
const CLOSED_RETRY_MS = 1000;

type LimitsRedis = Redis & {
  keywardenLimits(credits: string, window: string, ...args: (string | number)[]): Promise<[number, number, number]>;
};

export interface RedisLimitsOptions {
  url: string;
  /** Namespace of every Redis key (tests use a random one per file). */
  prefix: string;
  failure: 'open' | 'closed';
  /** How long one Redis call may take before the node falls back. */
  commandTimeoutMs?: number;
  onStateChange?: (state: 'ok' | 'down') => void;
}

export class RedisLimits implements Limits {
  readonly redis: LimitsRedis;
  private readonly local = new LocalLimits();
  private up = false;

  constructor(private readonly options: RedisLimitsOptions) {
    this.redis = new Redis(options.url, {
      lazyConnect: true,
      // Fail at once rather than queue while Redis is away: verification must not wait for it.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 250,
      retryStrategy: (times) => Math.min(100 * times, 1000),
    }) as LimitsRedis;
    this.redis.defineCommand('keywardenLimits', { numberOfKeys: 2, lua: SCRIPT });
    this.redis.on('ready', () => this.setUp(true));
    this.redis.on('close', () => this.setUp(false));
    this.redis.on('end', () => this.setUp(false));
    this.redis.on('error', () => this.setUp(false));
  }

  private setUp(up: boolean): void {
    if (this.up === up) return;
    this.up = up;
    this.options.onStateChange?.(up ? 'ok' : 'down');
  }

  /** Connects; a Redis that is away at start is reported down and retried in the background. */
  async connect(): Promise<void> {
    await this.redis.connect().catch(() => {});
  }

  get state(): 'ok' | 'down' {
    return this.up ? 'ok' : 'down';
  }

  check(keyId: string, limits: KeyLimits, cost: number, take: boolean, nowMs: number): LimitDecision | Promise<LimitDecision> {
    if (!this.up) return this.fallback(keyId, limits, cost, take, nowMs);
    return this.shared(keyId, limits, cost, take, nowMs).catch(() => this.fallback(keyId, limits, cost, take, nowMs));
  }

  private async shared(keyId: string, limits: KeyLimits, cost: number, take: boolean, nowMs: number): Promise<LimitDecision> {
    const rl = limits.ratelimit;
    const start = rl ? windowStart(nowMs, rl.durationMs) : 0;
    const balance = limits.credits;
    // Credits are counted per balance (shared by a rotated key and its successor), rate windows per
    // key. The hash tag keeps both in one slot, as Redis Cluster needs for a script.
    const base = `${this.options.prefix}:{${balance?.id ?? keyId}}`;
    const [code, left, count] = await this.redis.keywardenLimits(
      `${base}:b`, `${base}:w:${keyId}:${start}`,
      balance ? 1 : 0, balance ? Math.max(0, balance.remaining) : 0, balance ? balance.version : 0, cost, take ? 1 : 0,
      rl ? 1 : 0, rl ? rl.limit : 0, rl ? rl.durationMs + 1000 : 0, CREDITS_IDLE_TTL_MS,
    );
    const hasCredits = balance !== null;
    const credits = hasCredits ? left : null;
    if (code === 1) return decision('USAGE_EXCEEDED', credits);
    const resetAtMs = rl ? start + rl.durationMs : 0;
    if (code === 2) return decision('RATE_LIMITED', credits, 0, resetAtMs, Math.max(1, resetAtMs - nowMs));
    // Mirror the shared count locally, so a fall-back to local limits starts from a recent value.
    if (balance !== null && take) balance.remaining = left;
    return decision(null, credits === null ? null : take ? credits : credits - cost,
      rl ? rl.limit - count - (take ? 0 : 1) : 0, resetAtMs);
  }

  private fallback(keyId: string, limits: KeyLimits, cost: number, take: boolean, nowMs: number): LimitDecision {
    if (this.options.failure === 'open') return this.local.check(keyId, limits, cost, take, nowMs);
    return decision('RATE_LIMITED', limits.credits?.remaining ?? null, 0, nowMs + CLOSED_RETRY_MS, CLOSED_RETRY_MS);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
