// Credits and rate windows shared between nodes in Redis, so limits hold exactly across nodes.
// One Lua script checks credits, then the window, and spends both only when both pass: a refused
// verification spends nothing, and two nodes can never both take the last token or credit.
// When Redis is away the node keeps verifying with its local limits (open, the default) or answers
// RATE_LIMITED for keys that have limits (closed); /ready reports "down" either way.
import { Redis } from 'ioredis';
import type { KeyLimits } from './decide.js';
import { decision, LocalLimits, windowStart, type BalanceReader, type Charge, type ChargeDecision, type LimitDecision, type Limits } from './rate-limits.js';

// KEYS[1] the credit balance {l: left, v: version}; KEYS[2] the key's current rate window counter.
// ARGV: 1 has credits, 2 credits at load, 3 version, 4 cost, 5 take, 6 has ratelimit, 7 limit,
//       8 window ttl ms, 9 credits idle ttl ms, 10 may start the balance from ARGV 2 when it is gone
//       (else the answer is {3}: the node reads the database's count and asks again).
// The balance starts from the database's value; a newer version (a top-up) starts it again from
// the database, an older one (a node that has not yet heard of the top-up) never does. Within a
// version the lower of the two counts holds: both can only be too high, and a node's is the lower
// after it spent alone while Redis was away (else Redis would give those credits again).
const SCRIPT = `
local cost = tonumber(ARGV[4])
local take = ARGV[5] == '1'
local left = -1
if ARGV[1] == '1' then
  local cur = redis.call('HMGET', KEYS[1], 'l', 'v')
  local known = tonumber(cur[2])
  if ((not cur[1]) or (not known)) and ARGV[10] ~= '1' then return {3, 0, 0} end
  if (not cur[1]) or (not known) or tonumber(ARGV[3]) > known then
    left = tonumber(ARGV[2])
    redis.call('HSET', KEYS[1], 'l', left, 'v', ARGV[3])
  else
    left = tonumber(cur[1])
    if tonumber(ARGV[3]) == known and tonumber(ARGV[2]) < left then
      left = tonumber(ARGV[2])
      redis.call('HSET', KEYS[1], 'l', left)
    end
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

// Every charge of a verification with named limits, in one script and one round trip (DESIGN v1.1:
// "atomic, in one Redis script across nodes"). ARGV[1] take, ARGV[2] may start a balance that is gone
// from its base (else the answer is {-i}: the node reads the database's counts and asks again); then
// per key, in order, a kind and its arguments: credits `c base period version cost idleTtl`, a rate
// `r limit cost windowTtl`.
// Everything is checked before anything is charged; the answer is {0, left...} or {i, ...} for the
// first charge i that refuses. A balance's (version, period) works as the v1 script's version: a
// top-up (a later version, in whatever period its limit now has) or a later refill period of the
// same version starts it again from the node's count, an older one never does (refreshNamed). Unlike
// the v1 script, Redis' count holds within one (version, period): a node's count of a balance with
// no row yet may be the limit's start where another node refilled it, so the lower is not the truer.
// v1 balances have no period field, read as 0, so both scripts share their counters.
const MULTI_SCRIPT = `
local take = ARGV[1] == '1'
local mayStart = ARGV[2] == '1'
local n = #KEYS
local a = 3
local kinds, costs, left, ttls = {}, {}, {}, {}
for i = 1, n do
  local kind = ARGV[a]
  kinds[i] = kind
  if kind == 'c' then
    local base, period, version, cost = tonumber(ARGV[a+1]), tonumber(ARGV[a+2]), tonumber(ARGV[a+3]), tonumber(ARGV[a+4])
    local cur = redis.call('HMGET', KEYS[i], 'l', 'v', 'p')
    local v, p = tonumber(cur[2]), tonumber(cur[3]) or 0
    if ((not cur[1]) or (not v)) and not mayStart then return {-i} end
    if (not cur[1]) or (not v) or version > v or (version == v and period > p) then
      redis.call('HSET', KEYS[i], 'l', base, 'v', version, 'p', period)
      left[i] = base
    else
      left[i] = tonumber(cur[1])
    end
    redis.call('PEXPIRE', KEYS[i], ARGV[a+5])
    costs[i] = cost
    a = a + 6
    if left[i] < cost then return {i, left[i]} end
  else
    local limit, cost = tonumber(ARGV[a+1]), tonumber(ARGV[a+2])
    ttls[i] = ARGV[a+3]
    costs[i] = cost
    left[i] = tonumber(redis.call('GET', KEYS[i]) or '0')
    a = a + 4
    if left[i] + cost > limit then return {i, left[i]} end
    left[i] = limit - left[i]
  end
end
local out = {0}
for i = 1, n do
  if kinds[i] == 'c' then
    if take and costs[i] > 0 then left[i] = redis.call('HINCRBY', KEYS[i], 'l', -costs[i]) elseif not take then left[i] = left[i] - costs[i] end
  else
    if take and costs[i] > 0 then
      local count = redis.call('INCRBY', KEYS[i], costs[i])
      if count == costs[i] then redis.call('PEXPIRE', KEYS[i], ttls[i]) end
    end
    left[i] = left[i] - costs[i]
  end
  out[i + 1] = left[i]
end
return out
`;

const CREDITS_IDLE_TTL_MS = 86_400_000;
const CLOSED_RETRY_MS = 1000;

type LimitsRedis = Redis & {
  keywardenLimits(credits: string, window: string, ...args: (string | number)[]): Promise<[number, number, number]>;
  keywardenCharges(keys: number, ...args: (string | number)[]): Promise<number[]>;
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
  private reader: BalanceReader = { credit: async () => {}, charge: async () => {} };

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
    // The number of keys varies with the limits applied: given first at each call.
    this.redis.defineCommand('keywardenCharges', { lua: MULTI_SCRIPT });
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

  readBalancesWith(reader: BalanceReader): void {
    this.reader = reader;
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
    const ask = (mayStart: boolean) => this.redis.keywardenLimits(
      `${base}:b`, `${base}:w:${keyId}:${start}`,
      balance ? 1 : 0, balance ? Math.max(0, balance.remaining) : 0, balance ? balance.version : 0, cost, take ? 1 : 0,
      rl ? 1 : 0, rl ? rl.limit : 0, rl ? rl.durationMs + 1000 : 0, CREDITS_IDLE_TTL_MS, mayStart ? 1 : 0,
    );
    let [code, left, count] = await ask(false);
    if (code === 3) {
      // The shared count is gone (idle past its expiry): start it from the database's count, as
      // this node's may predate other nodes' spending.
      await this.reader.credit(balance!);
      [code, left, count] = await ask(true);
    }
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

  checkAll(charges: readonly Charge[], take: boolean, nowMs: number): ChargeDecision | Promise<ChargeDecision> {
    if (!this.up) return this.fallbackAll(charges, take, nowMs);
    return this.sharedAll(charges, take, nowMs).catch(() => this.fallbackAll(charges, take, nowMs));
  }

  /** The multi-charge script's keys and arguments (see MULTI_SCRIPT). */
  private chargeCall(charges: readonly Charge[], take: boolean, mayStart: boolean, nowMs: number): [string[], (string | number)[]] {
    const keys: string[] = [];
    const args: (string | number)[] = [take ? 1 : 0, mayStart ? 1 : 0];
    for (const c of charges) {
      const id = c.redisId ?? `n:${c.name}:${c.subject}:${c.kind === 'credits' ? 'b' : 'w'}`;
      const base = `${this.options.prefix}:{${c.tag}}:${id}`;
      if (c.kind === 'credits') {
        const b = c.balance!;
        keys.push(base);
        args.push('c', Math.max(0, b.remaining), b.period ?? 0, b.version, c.cost, CREDITS_IDLE_TTL_MS);
      } else {
        keys.push(`${base}:${windowStart(nowMs, c.durationMs)}`);
        args.push('r', c.limit, c.cost, c.durationMs + 1000);
      }
    }
    return [keys, args];
  }

  private async sharedAll(charges: readonly Charge[], take: boolean, nowMs: number): Promise<ChargeDecision> {
    const ask = (mayStart: boolean) => {
      const [keys, args] = this.chargeCall(charges, take, mayStart, nowMs);
      return this.redis.keywardenCharges(keys.length, ...keys, ...args);
    };
    let out = await ask(false);
    if (out[0] < 0) {
      // A shared count is gone (idle past its expiry): start it from the database's counts, as this
      // node's may predate other nodes' spending.
      await Promise.all(charges.filter((c) => c.kind === 'credits').map((c) => this.reader.charge(c, nowMs)));
      out = await ask(true);
    }
    const at = out[0];
    if (at !== 0) {
      const c = charges[at - 1];
      if (c.kind === 'credits') return { code: 'USAGE_EXCEEDED', refusedBy: at - 1, left: [], retryAfterMs: 0 };
      const resetAtMs = windowStart(nowMs, c.durationMs) + c.durationMs;
      return { code: 'RATE_LIMITED', refusedBy: at - 1, left: [], retryAfterMs: Math.max(1, resetAtMs - nowMs) };
    }
    const left = out.slice(1);
    // Mirror the shared counts locally, so a fall-back to local limits starts from recent values.
    if (take) charges.forEach((c, i) => { if (c.kind === 'credits') c.balance!.remaining = left[i]; });
    return { code: null, refusedBy: -1, left, retryAfterMs: 0 };
  }

  async windowUsed(c: Pick<Charge, 'id' | 'tag' | 'name' | 'subject' | 'durationMs'>, nowMs: number): Promise<number> {
    if (!this.up) return this.local.windowUsed(c, nowMs);
    const key = `${this.options.prefix}:{${c.tag}}:n:${c.name}:${c.subject}:w:${windowStart(nowMs, c.durationMs)}`;
    return Number((await this.redis.get(key).catch(() => null)) ?? this.local.windowUsed(c, nowMs));
  }

  private fallbackAll(charges: readonly Charge[], take: boolean, nowMs: number): ChargeDecision {
    if (this.options.failure === 'open') return this.local.checkAll(charges, take, nowMs);
    return { code: 'RATE_LIMITED', refusedBy: -1, left: [], retryAfterMs: CLOSED_RETRY_MS };
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
