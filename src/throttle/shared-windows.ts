// Throttle windows shared by every node through Redis (DESIGN "Several nodes": the login,
// brute-force and leak-report throttles are shared when Redis is configured). Each window is one
// counter that expires with its window, changed only by small Lua scripts, so a check and its count
// are one atomic step on Redis. Without Redis, or while it is away, the node counts on its own
// (FailureWindows), which still throttles: only the sharing is lost.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { FailureWindows, type Attempt } from './windows.js';
import { PendingWork } from '../pending-work.js';

// KEYS[1] the window's counter, KEYS[2] its "refusal reported" flag; ARGV[1] limit, ARGV[2] window ms,
// ARGV[3] the attempts to count at once (all or none). Answers {0, 0} when counted, else {ms until
// the window ends, 1 on the window's first refusal}.
const TAKE = `
local limit = tonumber(ARGV[1])
local cost = tonumber(ARGV[3] or '1')
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count + cost > limit then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 1 then ttl = tonumber(ARGV[2]); redis.call('PEXPIRE', KEYS[1], ttl) end
  local first = redis.call('SET', KEYS[2], '1', 'NX', 'PX', ttl)
  if first then return {ttl, 1} end
  return {ttl, 0}
end
if redis.call('INCRBY', KEYS[1], cost) == cost then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return {0, 0}
`;

// KEYS[1] the window's counter: takes one back, never below zero, never reviving an ended window.
const GIVE_BACK = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then redis.call('DECR', KEYS[1]) end
return 0
`;

// KEYS[1] the window's counter; ARGV[1] window ms. Counts a failure: answers {count, ms left}.
const FAIL = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 1 then ttl = tonumber(ARGV[1]); redis.call('PEXPIRE', KEYS[1], ttl) end
return {count, ttl}
`;

type ThrottleRedis = Redis & {
  keywardenThrottleTake(counter: string, reported: string, limit: number, windowMs: number, cost: number): Promise<[number, number]>;
  keywardenThrottleGiveBack(counter: string): Promise<number>;
  keywardenThrottleFail(counter: string, windowMs: number): Promise<[number, number]>;
};

function withScripts(redis: Redis): ThrottleRedis {
  const r = redis as ThrottleRedis;
  if (typeof r.keywardenThrottleTake !== 'function') {
    r.defineCommand('keywardenThrottleTake', { numberOfKeys: 2, lua: TAKE });
    r.defineCommand('keywardenThrottleGiveBack', { numberOfKeys: 1, lua: GIVE_BACK });
    r.defineCommand('keywardenThrottleFail', { numberOfKeys: 1, lua: FAIL });
  }
  return r;
}

export interface SharedRedis {
  redis: Redis;
  /** The node's Redis namespace (shared by the nodes of one installation). */
  prefix: string;
}

/**
 * The throttles' own connection. Not the verifier's: that one gives up after 250 ms so verify never
 * waits, while a sign-in may wait a little for an exact count rather than fall back to this node's
 * own (under load, a quick give-up would let each node check its own share of guesses).
 */
export async function connectThrottleRedis(url: string, prefix: string): Promise<SharedRedis & { close(): void }> {
  const redis = new Redis(url, {
    lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 2000,
    retryStrategy: (times) => Math.min(100 * times, 1000),
  });
  redis.on('error', () => {}); // reported by RedisLimits' connection; here a failed call falls back
  await redis.connect().catch(() => {});
  return { redis, prefix, close: () => redis.disconnect() };
}

/**
 * One throttle (`name`: login-account, login-ip, verify-ip, leak-ip) over subjects. Counts in Redis when it
 * is given one and it answers, else in memory; the local windows also mirror blocks seen in Redis.
 */
export class SharedWindows {
  readonly local: FailureWindows;
  private readonly redis: ThrottleRedis | null;
  private readonly pending = new PendingWork();

  constructor(readonly name: string, readonly limit: number, private readonly shared: SharedRedis | null, windowMs = 60_000) {
    this.local = new FailureWindows(limit, windowMs);
    this.redis = shared ? withScripts(shared.redis) : null;
  }

  private get windowMs(): number {
    return this.local.windowMs;
  }

  private get isShared(): boolean {
    return this.redis !== null && this.redis.status === 'ready' && this.limit > 0;
  }

  /** The counter's key; the subject is hashed, so no e-mail address or IP is written to Redis. */
  private counterKey(subject: string): string {
    const digest = createHash('sha256').update(subject).digest('base64url').slice(0, 22);
    // One hash tag for both keys of a window: a script's keys must share a Redis Cluster slot.
    return `${this.shared!.prefix}:throttle:${this.name}:{${digest}}`;
  }

  /** Counts an attempt (or `cost` at once) before it is checked, or refuses it (see FailureWindows.take). */
  async take(subject: string, nowMs: number, cost = 1): Promise<Attempt> {
    if (!this.isShared) return this.local.take(subject, nowMs, cost);
    try {
      const key = this.counterKey(subject);
      const [waitMs, first] = await this.redis!.keywardenThrottleTake(key, `${key}:r`, this.limit, this.windowMs, cost);
      return { waitMs, firstRefusal: first === 1 };
    } catch {
      return this.local.take(subject, nowMs, cost);
    }
  }

  /** Gives back an attempt that take() counted and that succeeded, or was never checked. */
  async giveBack(subject: string, nowMs: number): Promise<void> {
    if (!this.isShared) return this.local.giveBack(subject, nowMs);
    await this.redis!.keywardenThrottleGiveBack(this.counterKey(subject)).catch(() => this.local.giveBack(subject, nowMs));
  }

  /**
   * Counts a failure after the fact (verify's bad keys). Answers at once from the local windows, so
   * the hot path need not wait; the shared count follows, and when it reaches the limit every node
   * that counts a failure of the subject blocks it locally until the shared window ends. Only the node
   * whose failure reaches the limit reports it (`onLimit`), so the throttling is one event.
   */
  fail(subject: string, nowMs: number, onLimit: () => void): void {
    if (!this.isShared) {
      if (this.local.fail(subject, nowMs)) onLimit();
      return;
    }
    this.pending.track(this.redis!.keywardenThrottleFail(this.counterKey(subject), this.windowMs).then(([count, ttl]) => {
      if (count >= this.limit) this.local.block(subject, nowMs, nowMs + ttl);
      if (count === this.limit) onLimit();
    }, () => {
      if (this.local.fail(subject, nowMs)) onLimit();
    }));
  }

  /** Resolves when every failure counted so far has reached Redis (tests; shutdown). */
  async settled(): Promise<void> {
    await this.pending.settled();
  }

  /** Whether any subject may be blocked on this node right now. */
  get mayBlock(): boolean {
    return this.local.mayBlock;
  }

  /** Milliseconds until the subject may try again on this node, or 0. */
  blockedFor(subject: string, nowMs: number): number {
    return this.local.blockedFor(subject, nowMs);
  }
}
