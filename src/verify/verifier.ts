// The hot path. A cached key is answered without a database read or write and, when all its
// facts are cached and it has no shared limits, without any await or promise: parse → keyed hash
// → map lookups → decide. Only a cache miss or a Redis round trip makes the answer a promise.
import type { ExcessiveUse } from '../domain/excessive-use.js';
import { hasKeyShape, hasRightChecksum, isWellFormedKey, looksLikeKey } from './key-check.js';
import { isLegacyKeyCandidate, legacyDigest } from '../domain/legacy-key.js';
import { KeyedHash } from './keyed-hash.js';
import type { Scope } from '../domain/scopes.js';
import type { Change, Store } from '../store/store.js';
import { SharedWindows } from '../throttle/shared-windows.js';
import { throttleKeyOf } from '../domain/client-address.js';
import { VerifyCaches } from './caches.js';
import { ChangePoller } from './change-poll.js';
import { decideForActiveKey, keyStatus, VERIFY_CODES, type Facts, type KeyEntry, type VerifyCode, type VerifyRequest } from './decide.js';
import { LocalLimits, type Charge, type ChargeDecision, type LimitDecision, type Limits } from './rate-limits.js';
import { appliedLimits, autoCost, fallsBelowLow, type AppliedLimit, type LimitDefinition } from '../domain/limits.js';
import { answeredLimit, autoApplied, autoLimitTexts, chargesFor, limitText, retryAfterOf, takeAutoLocally, type AnsweredLimit } from './named-limits.js';
import type { NamedBalance } from './named-balances.js';
import { UsageBuffer, type LiveUsage } from './usage-buffer.js';
import { preloadKeys, type PreloadResult } from './key-preload.js';
import { LimitedAnswer, PlainAnswer, type LimitText } from './plain-answer.js';
import { isoString } from './iso-time.js';
import { PendingWork } from '../pending-work.js';

export interface ValidAnswer {
  valid: true;
  keyId: string;
  tenantId: string;
  ownerId: string;
  name: string;
  scopes: Scope[];
  expiresAt: string | null;
  ratelimit?: { limit: number; remaining: number; resetAt: string };
  remaining?: number;
  /** The key's metadata, when it has any. */
  meta?: Readonly<Record<string, unknown>>;
  /** v1.1: the named limits applied, with what is left. */
  limits?: AnsweredLimit[];
}

export interface InvalidAnswer {
  valid: false;
  code: VerifyCode;
  /** v1.1: the named limit that refused (absent for v1's `remaining` and `ratelimit`). */
  limit?: string;
  retryAfterMs?: number;
}

export type VerifyAnswer = ValidAnswer | InvalidAnswer;

export type AuthenticateResult = { ok: true; key: KeyEntry } | { ok: false; code: VerifyCode; retryAfterMs?: number };


export interface VerifierOptions {
  ipFailuresPerMinute: number;
  /** The bad-key counter per client address; give one with Redis to share it between nodes. */
  ipFailures?: SharedWindows;
  flushIntervalMs: number;
  pollIntervalMs: number;
  /** Credits and rate limits: in memory by default, RedisLimits to share them between nodes. */
  limits?: Limits;
  now?: () => number;
  maxCachedKeys?: number;
  maxNegative?: number;
  onError?: (err: unknown, what: string) => void;
  /** Told when the key table's load at start ends (key-preload.ts), for the log. */
  onPreloaded?: (result: PreloadResult) => void;
  /** Records `key.excessive_use` (and revokes when the tenant says so); without it excessive use goes unrecorded. */
  onExcessiveUse?: (use: ExcessiveUse, now: Date) => Promise<unknown>;
}

// Refusals without a wait are the same every time: one frozen object per code, no allocation.
const REFUSALS = Object.fromEntries(
  VERIFY_CODES.map((code) => [code, Object.freeze({ valid: false, code })]),
) as unknown as Record<VerifyCode, InvalidAnswer>;


export class Verifier {
  readonly caches: VerifyCaches;
  readonly usage: UsageBuffer;
  readonly ipFailures: SharedWindows;
  readonly limits: Limits;
  /** The limits when they are this node's own (no Redis): the plan's common case is then charged in place. */
  private readonly local: LocalLimits | null;
  // spendAutoLocally's per-item balances, reused: it runs synchronously, one verification at a time.
  private readonly spent: (NamedBalance | null)[] = [];
  // Refusals by code; valid verifications, the hot path's count, in a field of their own.
  private readonly refusals: Record<string, number> = Object.create(null);
  private validCount = 0;
  private readonly poller: ChangePoller;
  private readonly now: () => number;
  private readonly keyedHash: KeyedHash;
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;
  /** The key table's load at start, under way while the node verifies (key-preload.ts). */
  preloaded: Promise<PreloadResult | null> = Promise.resolve(null);
  // Valid verifications per key in the current minute, for the tenant's excessive-use threshold.
  private useMinute = -1;
  private readonly useCounts = new Map<string, number>();
  // Excessive-use events being written and change polls under way: nothing waits for them but a
  // stop, which must not close the database under them.
  private readonly background = new PendingWork();
  private eventWritesFailed = 0;
  private readonly onChange = (change: Change) => this.caches.apply(change);

  constructor(private readonly store: Store, serverSecret: Buffer, private readonly options: VerifierOptions) {
    this.caches = new VerifyCaches(store, { maxKeys: options.maxCachedKeys ?? 2_000_000, maxNegative: options.maxNegative ?? 100_000 });
    this.usage = new UsageBuffer(store);
    this.caches.unflushedSpent = (keyId, version) => this.usage.unflushedSpent(keyId, version);
    this.caches.unflushedNamed = (id, period, version) => this.usage.unflushedNamed(id, period, version);
    this.ipFailures = options.ipFailures ?? new SharedWindows('verify-ip', options.ipFailuresPerMinute, null);
    this.limits = options.limits ?? new LocalLimits();
    this.limits.readBalancesWith?.({ credit: (b) => this.caches.readBalance(b), charge: (c, nowMs) => this.caches.readCharge(c, nowMs) });
    this.local = this.limits instanceof LocalLimits ? this.limits : null;
    this.now = options.now ?? Date.now;
    this.keyedHash = new KeyedHash(serverSecret);
    this.poller = new ChangePoller(store, this.onChange);
  }

  async start(): Promise<void> {
    this.store.changes.on('change', this.onChange);
    await this.poller.start();
    await this.caches.refreshImported();
    const report = (what: string) => (err: unknown) => this.options.onError?.(err, what);
    this.timers.push(setInterval(() => {
      if (!this.usage.isFlushing) void this.flush().catch(report('usage flush'));
    }, this.options.flushIntervalMs));
    this.timers.push(setInterval(() => void this.pollChanges().catch(report('change poll')), this.options.pollIntervalMs));
    for (const t of this.timers) t.unref();
    this.preloaded = preloadKeys(this.store, this.caches, () => this.stopped).then((result) => {
      this.options.onPreloaded?.(result);
      return result;
    }, (err) => {
      report('key table load')(err);
      return null;
    });
  }

  /** The safety net under LISTEN/NOTIFY: read the change feed since the last id seen. */
  pollChanges(): Promise<number> {
    return this.background.track(this.poller.poll(this.now()));
  }

  flush(): Promise<void> {
    return this.usage.flush(this.now());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const eventsFailedBefore = this.eventWritesFailed;
    await this.preloaded;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.store.changes.off('change', this.onChange);
    await this.ipFailures.settled(); // a throttling event counted in Redis is flushed below
    // The usage write does not wait behind an event write held by a row lock or a change poll; all
    // end before the store is handed back for closing.
    const [flushed] = await Promise.allSettled([this.usage.flush(this.now()), this.settled()]);
    await this.usage.close();
    await this.limits.close();
    if (flushed.status === 'rejected') throw flushed.reason;
    // Each is logged where it failed; the stop fails too, so the exit code says an event (and the
    // revocation it may have carried) was lost.
    const eventsLost = this.eventWritesFailed - eventsFailedBefore;
    if (eventsLost > 0) throw new Error(`${eventsLost} key.excessive_use event(s) begun before the stop could not be written.`);
  }

  /** Resolves when every excessive-use event write and change poll begun so far has ended (tests; shutdown). */
  settled(): Promise<void> {
    return this.background.settled();
  }

  /** The key's cache key: its HMAC under the server secret, as a one-byte string (see caches.ts). */
  cacheKey(presented: string): string {
    return this.keyedHash.latin1(presented);
  }

  /**
   * The time of a verification that waited on a load: now, or when it began if the clock went back.
   * Charged at the time it began, one that waited across the end of a rate window would count in a
   * window the others have already left, and in memory replace the newer window and its count.
   */
  private resumedAt(startedMs: number): number {
    const now = this.now();
    return now > startedMs ? now : startedMs;
  }

  /** Verifications answered by this node so far, by result: VALID or the refusal's code. */
  get counts(): Readonly<Record<string, number>> {
    return this.validCount === 0 ? { ...this.refusals } : { ...this.refusals, VALID: this.validCount };
  }

  private count(code: string): void {
    this.refusals[code] = (this.refusals[code] ?? 0) + 1;
  }

  /**
   * An IPv6 client counts by its /64 (it can pick any address in it); see domain/client-address.ts.
   * While no address is blocked, the common case, the address is not even turned into its key.
   */
  private throttled(ip: string, nowMs: number): number {
    if (this.options.ipFailuresPerMinute === 0 || !this.ipFailures.mayBlock) return 0;
    return this.ipFailures.blockedFor(throttleKeyOf(ip), nowMs);
  }

  /** MALFORMED and NOT_FOUND count against the client's address; its first throttling is a platform event. */
  private unknown(code: 'MALFORMED' | 'NOT_FOUND', ip: string, nowMs: number): InvalidAnswer {
    if (this.options.ipFailuresPerMinute > 0) {
      this.ipFailures.fail(throttleKeyOf(ip), nowMs, () =>
        this.usage.recordPlatformEvent({ tenantId: null, type: 'auth.throttled', details: { by: 'ip', ip, on: 'verify' } }));
    }
    this.count(code);
    return REFUSALS[code];
  }

  /**
   * The cache key of a value not in Keywarden's format: HMAC(secret, hex SHA-256 of it), as imports
   * store it (domain/legacy-key.ts); null (MALFORMED) while no key is imported, or when it cannot be one.
   */
  private legacyKey(presented: string | undefined): string | null | Promise<string | null> {
    if (presented === undefined || !isLegacyKeyCandidate(presented)) return null;
    const imported = this.caches.importedKeys();
    const keyOf = (has: boolean) => (has ? this.keyedHash.latin1(legacyDigest(presented)) : null);
    return imported instanceof Promise ? imported.then(keyOf) : keyOf(imported);
  }

  /** Finds the key by its cache key: from memory, or (once, then cached either way) from the database. */
  private lookup(key: string, nowMs: number): KeyEntry | null | Promise<KeyEntry | null> {
    return this.caches.keys.get(key) ?? this.lookupUncached(key, nowMs);
  }

  /** A key not in the key table: known missing (null), else read from the database. */
  private lookupUncached(key: string, nowMs: number): null | Promise<KeyEntry | null> {
    return this.caches.isKnownMissing(key, nowMs) ? null : this.caches.loadKey(key, nowMs);
  }

  /** The tenant, owner and resource facts; a promise only when one of them is not cached. */
  private facts(entry: KeyEntry, resourceId: string | undefined, ip: string, nowMs: number): Facts | Promise<Facts> {
    const caches = this.caches;
    const tenant = caches.tenantFacts(entry.tenantId);
    const ownerActive = caches.ownerActive(entry.tenantId, entry.ownerId);
    const ancestry = resourceId === undefined ? null : caches.ancestry(entry.tenantId, resourceId);
    if (tenant !== undefined && ownerActive !== undefined && ancestry !== undefined) {
      return { nowMs, tenantEnabled: tenant.enabled, ownerActive, ancestry, ip, tenantAllowedIps: tenant.allowedIps, tenantLimits: tenant.limits };
    }
    return (async () => {
      const loaded = tenant ?? (await caches.loadTenant(entry.tenantId));
      return {
        nowMs,
        tenantEnabled: loaded.enabled,
        ownerActive: ownerActive ?? (await caches.loadOwner(entry.tenantId, entry.ownerId)),
        ancestry: ancestry !== undefined ? ancestry : await caches.loadAncestry(entry.tenantId, resourceId!),
        ip,
        tenantAllowedIps: loaded.allowedIps,
        tenantLimits: loaded.limits,
      };
    })();
  }

  verify(presented: string | undefined, request: VerifyRequest, ip: string): VerifyAnswer | Promise<VerifyAnswer> {
    const nowMs = this.now();
    const wait = this.throttled(ip, nowMs);
    if (wait > 0) {
      this.count('RATE_LIMITED');
      return { valid: false, code: 'RATE_LIMITED', retryAfterMs: wait };
    }
    if (presented !== undefined && looksLikeKey(presented)) {
      const key = this.cacheKey(presented);
      // A cached key is answered before its characters and checksum are read: the HMAC of a value
      // (of its UTF-8 bytes, keyed-hash.ts) equals a cached key's only when the value is that key,
      // and the cache holds, under such HMACs, only Keywarden's own keys, made well formed
      // (imported keys are under the HMAC of a 64-character hex digest, no key's length).
      const cached = this.caches.keys.get(key);
      if (cached !== undefined) return this.verifyFound(cached, request, ip, nowMs);
      if (hasKeyShape(presented) && hasRightChecksum(presented)) return this.verifyLookedUp(this.lookupUncached(key, nowMs), request, ip, nowMs);
    }
    const legacy = this.legacyKey(presented);
    if (legacy instanceof Promise) return legacy.then((key) => this.verifyByKey(key, request, ip, this.resumedAt(nowMs)));
    return this.verifyByKey(legacy, request, ip, nowMs);
  }

  /** Verifies the key with this cache key; null is a value that cannot be a key (MALFORMED). */
  private verifyByKey(key: string | null, request: VerifyRequest, ip: string, nowMs: number): VerifyAnswer | Promise<VerifyAnswer> {
    if (key === null) return this.unknown('MALFORMED', ip, nowMs);
    return this.verifyLookedUp(this.lookup(key, nowMs), request, ip, nowMs);
  }

  private verifyLookedUp(entry: KeyEntry | null | Promise<KeyEntry | null>, request: VerifyRequest, ip: string, nowMs: number): VerifyAnswer | Promise<VerifyAnswer> {
    if (entry instanceof Promise) return entry.then((found) => this.verifyFound(found, request, ip, this.resumedAt(nowMs)));
    return this.verifyFound(entry, request, ip, nowMs);
  }

  /**
   * A key of another tenant than the request's `tenantId` is, to this request, no key at all: NOT_FOUND
   * before its status (which it must not reveal), counted against the address like any unknown key, and
   * recorded in no tenant's events (security review, v1.1: an API of one tenant called with another's key).
   */
  private verifyFound(entry: KeyEntry | null, request: VerifyRequest, ip: string, nowMs: number): VerifyAnswer | Promise<VerifyAnswer> {
    if (entry === null || (request.tenantId !== undefined && entry.tenantId !== request.tenantId)) return this.unknown('NOT_FOUND', ip, nowMs);
    return this.verifyKey(entry, request, ip, nowMs);
  }

  private verifyKey(entry: KeyEntry, request: VerifyRequest, ip: string, nowMs: number): VerifyAnswer | Promise<VerifyAnswer> {
    // A revoked or expired key needs no other fact: answer before loading any.
    const status = keyStatus(entry, nowMs);
    if (status !== null) return this.refuse(entry, status, request, nowMs);
    const facts = this.facts(entry, request.resourceId, ip, nowMs);
    if (facts instanceof Promise) return facts.then((f) => this.resumeWithFacts(entry, f, request, this.resumedAt(nowMs)));
    return this.decideAndSpend(entry, facts, request, nowMs);
  }

  /** After the facts' load, everything at the time it ended: the key may have expired meanwhile. */
  private resumeWithFacts(entry: KeyEntry, facts: Facts, request: VerifyRequest, nowMs: number): VerifyAnswer | Promise<VerifyAnswer> {
    const status = keyStatus(entry, nowMs);
    if (status !== null) return this.refuse(entry, status, request, nowMs);
    return this.decideAndSpend(entry, { ...facts, nowMs }, request, nowMs);
  }

  private decideAndSpend(entry: KeyEntry, facts: Facts, request: VerifyRequest, nowMs: number): VerifyAnswer | Promise<VerifyAnswer> {
    const code = decideForActiveKey(entry, facts, request);
    if (code !== null) return this.refuse(entry, code, request, nowMs);
    const cost = request.cost ?? 1;
    const take = request.dryRun !== true;
    // Named limits: the key's own and its tenant's plan.
    return this.spend(entry, facts.tenantLimits, request, cost, take, nowMs);
  }

  private spend(entry: KeyEntry, tenantLimits: readonly LimitDefinition[] | null, request: VerifyRequest, cost: number, take: boolean, nowMs: number): VerifyAnswer | Promise<VerifyAnswer> {
    const own = entry.extras?.namedLimits?.own ?? null;
    if (own !== null || tenantLimits !== null) {
      // Without named items the applied list is the plan's auto-applied one, cached (named-limits.ts).
      const auto = request.limits === undefined;
      const applied = auto ? autoApplied(own, tenantLimits) : appliedLimits(own, tenantLimits, request.limits, cost);
      if (applied !== null) {
        if (auto && take && this.local !== null && entry.limits === null) {
          const answer = this.spendAutoLocally(entry, applied, cost, nowMs);
          if (answer !== null) return answer;
        }
        return this.spendNamed(entry, applied, auto, request, cost, take, nowMs);
      }
    }
    if (entry.limits === null) return this.accept(entry, null, cost, take, nowMs);
    // Credits, then the rate window: USAGE_EXCEEDED before RATE_LIMITED, both spent only when both pass.
    const limited = this.limits.check(entry.id, entry.limits, cost, take, nowMs);
    if (limited instanceof Promise) return limited.then((d) => this.afterLimits(entry, d, request, cost, take, nowMs));
    return this.afterLimits(entry, limited, request, cost, take, nowMs);
  }

  private afterLimits(entry: KeyEntry, d: LimitDecision, request: VerifyRequest, cost: number, take: boolean, nowMs: number): VerifyAnswer {
    return d.code !== null ? this.refuse(entry, d.code, request, nowMs, d.retryAfterMs) : this.accept(entry, d, cost, take, nowMs);
  }

  /**
   * A plan's auto-applied limits on one node without Redis, for a request that charges (no dry run),
   * when every balance is cached: answered without making charges (takeAutoLocally). Null, having
   * taken nothing, for spendNamed to answer.
   */
  private spendAutoLocally(entry: KeyEntry, applied: readonly AppliedLimit[], cost: number, nowMs: number): ValidAnswer | null {
    // What each item has left: the answer keeps it.
    const left = new Array<number>(applied.length);
    const spent = this.spent;
    if (!takeAutoLocally(entry, applied, cost, nowMs, this.caches.namedBalances, this.local!, left, spent)) return null;
    // Taken, so recorded (no dry run comes here).
    const usage = this.countValid(entry, cost, true, nowMs)!;
    for (let i = 0; i < applied.length; i++) {
      const balance = spent[i];
      if (balance === null) continue;
      const def = applied[i].def;
      this.recordCredits(entry, usage, balance, def, autoCost(def, cost), left[i]);
    }
    return new LimitedAnswer(entry.answer ??= new PlainAnswer(entry), autoLimitTexts(applied), left, nowMs);
  }

  /** A named credits charge taken: metered for billing, written to its balance, and `key.credits_low` when it crossed the threshold. */
  private recordCredits(entry: KeyEntry, usage: LiveUsage, balance: NamedBalance, def: LimitDefinition, cost: number, left: number): void {
    this.usage.recordNamedSpend(balance, def, cost);
    this.usage.recordSpentOn(usage, def.name, cost);
    if (fallsBelowLow(def, left + cost, left)) this.usage.recordLow(entry, balance, def, left);
  }

  /** With named limits: every charge checked, then all taken or none (one Redis script with Redis). */
  private spendNamed(entry: KeyEntry, applied: readonly AppliedLimit[], auto: boolean, request: VerifyRequest, cost: number, take: boolean, nowMs: number): VerifyAnswer | Promise<VerifyAnswer> {
    const charges = chargesFor(entry, applied, auto, cost, this.caches.namedBalances, nowMs);
    // No closure per request: under tsx (esbuild keepNames) each arrow also costs a __name call, and
    // the common case (balances cached, no Redis) never needs one (bench/RESULTS.md, case 7).
    if (charges instanceof Promise) return charges.then((list) => this.checkCharges(entry, list, request, cost, take, this.resumedAt(nowMs)));
    return this.checkCharges(entry, charges, request, cost, take, nowMs);
  }

  private checkCharges(entry: KeyEntry, charges: Charge[], request: VerifyRequest, cost: number, take: boolean, nowMs: number): VerifyAnswer | Promise<VerifyAnswer> {
    const d = this.limits.checkAll(charges, take, nowMs);
    if (d instanceof Promise) return d.then((done) => this.afterCharges(entry, charges, done, request, cost, take, nowMs));
    return this.afterCharges(entry, charges, d, request, cost, take, nowMs);
  }

  private afterCharges(entry: KeyEntry, charges: Charge[], d: ChargeDecision, request: VerifyRequest, cost: number, take: boolean, nowMs: number): VerifyAnswer {
    if (d.code !== null) {
      const by = d.refusedBy >= 0 ? charges[d.refusedBy] : null;
      const name = by?.name ?? undefined;
      if (name !== undefined && take) this.usage.recordLimitRefusal(entry.tenantId, name);
      return this.refuse(entry, d.code, request, nowMs, by === null ? d.retryAfterMs : retryAfterOf(by, d.retryAfterMs, nowMs), name);
    }
    const usage = this.countValid(entry, cost, take, nowMs);
    const left = d.left;
    if (usage !== null) {
      for (let i = 0; i < charges.length; i++) {
        const c = charges[i];
        if (c.def !== null && c.kind === 'credits') this.recordCredits(entry, usage, c.balance as NamedBalance, c.def, c.cost, left[i]);
      }
    }
    // Without the key's own v1 limits every charge is a named one, and the answer is its plain one
    // with `limits`, sent from kept text (LimitedAnswer); with them, a literal that v1's `remaining`
    // and `ratelimit` are added to.
    if (entry.limits === null) {
      const texts = new Array<LimitText>(charges.length);
      for (let i = 0; i < charges.length; i++) texts[i] = limitText(charges[i].def!);
      return new LimitedAnswer(entry.answer ??= new PlainAnswer(entry), texts, left, nowMs);
    }
    const answer = this.validAnswer(entry, null);
    const limits: AnsweredLimit[] = [];
    for (let i = 0; i < charges.length; i++) {
      const c = charges[i];
      if (c.def !== null) limits.push(answeredLimit(c.def, left[i], nowMs));
      else if (c.kind === 'credits') answer.remaining = left[i];
      else answer.ratelimit = { limit: c.limit, remaining: Math.max(0, left[i]), resetAt: isoString(nowMs - (nowMs % c.durationMs) + c.durationMs) };
    }
    answer.limits = limits;
    return answer;
  }

  private refuse(entry: KeyEntry, code: VerifyCode, request: VerifyRequest, nowMs: number, retryAfterMs = 0, limit?: string): InvalidAnswer {
    this.count(code);
    // A dry run records nothing, failures included.
    if (request.dryRun !== true) this.usage.recordFailure(entry, code, nowMs);
    if (limit !== undefined) return retryAfterMs > 0 ? { valid: false, code, limit, retryAfterMs } : { valid: false, code, limit };
    return retryAfterMs > 0 ? { valid: false, code, retryAfterMs } : REFUSALS[code];
  }

  private accept(entry: KeyEntry, d: LimitDecision | null, cost: number, take: boolean, nowMs: number): ValidAnswer {
    this.countValid(entry, cost, take, nowMs);
    return d === null ? (entry.answer ??= new PlainAnswer(entry)) : this.validAnswer(entry, d);
  }

  /** A valid verification counted, and unless a dry run recorded: its usage record, for what else it spends. */
  private countValid(entry: KeyEntry, cost: number, take: boolean, nowMs: number): LiveUsage | null {
    this.validCount++;
    if (!take) return null;
    const usage = this.usage.recordValid(entry, nowMs, cost);
    this.watchUse(entry, nowMs);
    return usage;
  }

  private validAnswer(entry: KeyEntry, d: LimitDecision | null): ValidAnswer {
    const answer: ValidAnswer = {
      valid: true, keyId: entry.id, tenantId: entry.tenantId, ownerId: entry.ownerId, name: entry.name,
      // Serialized only, never mutated: the cached (possibly shared) array is safe to hand out.
      scopes: entry.scopes as Scope[],
      expiresAt: entry.expiresAt,
    };
    const meta = entry.extras?.meta;
    if (meta !== undefined) answer.meta = meta;
    if (d !== null) {
      const rl = entry.limits?.ratelimit;
      if (rl) answer.ratelimit = { limit: rl.limit, remaining: Math.max(0, d.rateRemaining), resetAt: isoString(d.resetAtMs) };
      if (d.remaining !== null) answer.remaining = d.remaining;
    }
    return answer;
  }

  /** Raises `key.excessive_use` (and auto-revokes) the first time a key passes its tenant's per-minute threshold. */
  private watchUse(entry: KeyEntry, nowMs: number): void {
    const facts = this.caches.tenantFacts(entry.tenantId);
    const limit = facts?.excessiveUsePerMinute;
    if (!limit) return;
    const minute = Math.floor(nowMs / 60_000);
    if (minute !== this.useMinute) {
      this.useCounts.clear();
      this.useMinute = minute;
    }
    const count = (this.useCounts.get(entry.id) ?? 0) + 1;
    this.useCounts.set(entry.id, count);
    if (count !== limit + 1) return;
    const recorded = this.options.onExcessiveUse?.({
      keyId: entry.id, tenantId: entry.tenantId, count, limitPerMinute: limit, minuteStartMs: minute * 60_000,
      autoRevoke: facts.autoRevokeOnExcessiveUse,
    }, new Date(nowMs));
    if (recorded) {
      this.background.track(recorded.catch((err) => {
        this.eventWritesFailed++;
        this.options.onError?.(err, 'excessive-use event');
      }));
    }
  }

  /** Tokens taken in a named rate limit's current window for a subject (the management API's limits listing). */
  rateWindowUsed(tenantId: string, def: LimitDefinition, subject: string): Promise<number> {
    const c = { id: `${tenantId}|${def.name}|${subject}`, tag: tenantId, name: def.name, subject, durationMs: def.durationMs! };
    return Promise.resolve(this.limits.windowUsed(c, this.now()));
  }

  /** For the management API: the key's status only; credits and rate limits are never checked there. */
  async authenticate(presented: string, ip: string): Promise<AuthenticateResult> {
    const nowMs = this.now();
    const wait = this.throttled(ip, nowMs);
    if (wait > 0) return { ok: false, code: 'RATE_LIMITED', retryAfterMs: wait };
    const key = isWellFormedKey(presented) ? this.cacheKey(presented) : await this.legacyKey(presented);
    if (key === null) return { ok: false, code: this.unknown('MALFORMED', ip, nowMs).code };
    const entry = await this.lookup(key, nowMs);
    if (!entry) return { ok: false, code: this.unknown('NOT_FOUND', ip, nowMs).code };
    const code = keyStatus(entry, nowMs) ?? decideForActiveKey(entry, await this.facts(entry, undefined, ip, nowMs), {});
    if (code) return { ok: false, code };
    // The management API moves lastUsedAt only: usage counts POST /verify alone.
    this.usage.recordUse(entry, nowMs);
    return { ok: true, key: entry };
  }
}
