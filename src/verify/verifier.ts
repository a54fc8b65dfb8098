// The hot path. A cached key is answered without a database read or write and, when all its
// facts are cached, without any await: parse → keyed hash → map lookups → decide.
import { parseKey } from '../domain/key-format.js';
import { hashKey } from '../domain/hashing.js';
import type { Scope } from '../domain/scopes.js';
import type { Change, Store } from '../store/store.js';
import { FailureWindows } from '../services/throttle.js';
import { VerifyCaches } from './caches.js';
import { decide, type KeyEntry, type VerifyCode, type VerifyRequest } from './decide.js';
import { LocalRateLimiter, type RateLimiter } from './rate-limits.js';
import { UsageBuffer } from './usage-buffer.js';

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
}

export interface InvalidAnswer {
  valid: false;
  code: VerifyCode;
  retryAfterMs?: number;
}

export type VerifyAnswer = ValidAnswer | InvalidAnswer;

export type AuthenticateResult = { ok: true; key: KeyEntry } | { ok: false; code: VerifyCode; retryAfterMs?: number };

export interface VerifierOptions {
  ipFailuresPerMinute: number;
  flushIntervalMs: number;
  pollIntervalMs: number;
  rateLimiter?: RateLimiter;
  now?: () => number;
  maxCachedKeys?: number;
  onError?: (err: unknown, what: string) => void;
}

const MALFORMED: InvalidAnswer = Object.freeze({ valid: false, code: 'MALFORMED' }) as InvalidAnswer;
const NOT_FOUND: InvalidAnswer = Object.freeze({ valid: false, code: 'NOT_FOUND' }) as InvalidAnswer;

export class Verifier {
  readonly caches: VerifyCaches;
  readonly usage: UsageBuffer;
  readonly ipFailures: FailureWindows;
  readonly counts: Record<string, number> = Object.create(null);
  private readonly rateLimiter: RateLimiter;
  private readonly now: () => number;
  private timers: NodeJS.Timeout[] = [];
  private lastChangeId = 0;
  private readonly onChange = (change: Change) => this.caches.apply(change);

  constructor(private readonly store: Store, private readonly serverSecret: Buffer, private readonly options: VerifierOptions) {
    this.caches = new VerifyCaches(store, { maxKeys: options.maxCachedKeys ?? 2_000_000, maxNegative: 100_000 });
    // Credits spent here were written: reload those keys so their cached `remaining` is fresh.
    this.usage = new UsageBuffer(store, (keyIds) => keyIds.forEach((id) => this.caches.apply({ kind: 'key', tenantId: null, subjectId: id })));
    this.ipFailures = new FailureWindows(options.ipFailuresPerMinute);
    this.rateLimiter = options.rateLimiter ?? new LocalRateLimiter();
    this.now = options.now ?? Date.now;
  }

  async start(): Promise<void> {
    this.store.changes.on('change', this.onChange);
    const last = await this.store.db.selectFrom('changes').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    this.lastChangeId = Number(last?.id ?? 0);
    const report = (what: string) => (err: unknown) => this.options.onError?.(err, what);
    this.timers.push(setInterval(() => void this.usage.flush(this.now()).catch(report('usage flush')), this.options.flushIntervalMs));
    this.timers.push(setInterval(() => void this.pollChanges().catch(report('change poll')), this.options.pollIntervalMs));
    for (const t of this.timers) t.unref();
  }

  /** The safety net under LISTEN/NOTIFY: read the change feed since the last id seen. */
  async pollChanges(): Promise<void> {
    const rows = await this.store.db.selectFrom('changes').selectAll().where('id', '>', this.lastChangeId).orderBy('id').limit(10_000).execute();
    for (const r of rows) {
      this.caches.apply({ kind: r.kind as Change['kind'], tenantId: r.tenant_id, subjectId: r.subject_id, keyHash: r.key_hash });
      this.lastChangeId = Number(r.id);
    }
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.store.changes.off('change', this.onChange);
    await this.usage.flush(this.now(), true);
  }

  private count(code: string): void {
    this.counts[code] = (this.counts[code] ?? 0) + 1;
  }

  private throttled(ip: string, nowMs: number): InvalidAnswer | null {
    const wait = this.ipFailures.blockedFor(ip, nowMs);
    return wait > 0 ? { valid: false, code: 'RATE_LIMITED', retryAfterMs: wait } : null;
  }

  private unknown(answer: InvalidAnswer, ip: string, nowMs: number): InvalidAnswer {
    this.ipFailures.fail(ip, nowMs);
    this.count(answer.code);
    return answer;
  }

  /** Finds the key and its facts; loads from the database only what is not cached. */
  private async lookup(presented: string, nowMs: number): Promise<KeyEntry | null> {
    const hash = hashKey(this.serverSecret, presented);
    const cached = this.caches.keys.get(hash);
    if (cached) return cached;
    if (this.caches.isKnownMissing(hash, nowMs)) return null;
    return this.caches.loadKey(hash, nowMs);
  }

  private async statusCode(entry: KeyEntry, request: VerifyRequest, nowMs: number, remaining: number | null): Promise<VerifyCode | null> {
    const caches = this.caches;
    const tenantEnabled = caches.tenantEnabled(entry.tenantId) ?? (await caches.loadTenant(entry.tenantId));
    const ownerActive = caches.ownerActive(entry.tenantId, entry.ownerId) ?? (await caches.loadOwner(entry.tenantId, entry.ownerId));
    let ancestry: readonly string[] | null = null;
    if (request.resourceId !== undefined) {
      let found = caches.ancestry(entry.tenantId, request.resourceId);
      if (found === undefined) {
        await caches.loadResources(entry.tenantId);
        found = caches.ancestry(entry.tenantId, request.resourceId) ?? null;
      }
      ancestry = found;
    }
    return decide(entry, { nowMs, tenantEnabled, ownerActive, ancestry, remaining }, request);
  }

  async verify(presented: string | undefined, request: VerifyRequest, ip: string): Promise<VerifyAnswer> {
    const nowMs = this.now();
    const blocked = this.throttled(ip, nowMs);
    if (blocked) return (this.count('RATE_LIMITED'), blocked);
    if (!presented || !parseKey(presented)) return this.unknown(MALFORMED, ip, nowMs);
    const entry = await this.lookup(presented, nowMs);
    if (!entry) return this.unknown(NOT_FOUND, ip, nowMs);

    const cost = request.cost ?? 1;
    const remaining = entry.remaining === null ? null : entry.remaining - (this.usage.pendingSpent.get(entry.id) ?? 0);
    let code = await this.statusCode(entry, request, nowMs, remaining);
    let rate;
    if (code === null && entry.ratelimit) {
      rate = await this.rateLimiter.check(entry.id, entry.ratelimit.limit, entry.ratelimit.durationMs, nowMs, !request.dryRun);
      if (!rate.allowed) code = 'RATE_LIMITED';
    }
    if (code !== null) {
      this.count(code);
      if (!request.dryRun) this.usage.recordFailure(entry.id, entry.tenantId, code, nowMs);
      return code === 'RATE_LIMITED' && rate
        ? { valid: false, code, retryAfterMs: Math.max(1, rate.resetAtMs - nowMs) }
        : { valid: false, code };
    }
    this.count('VALID');
    if (!request.dryRun) this.usage.recordValid(entry.id, entry.tenantId, nowMs, cost);
    const answer: ValidAnswer = {
      valid: true, keyId: entry.id, tenantId: entry.tenantId, ownerId: entry.ownerId, name: entry.name,
      // Serialized only, never mutated: the cached (possibly shared) array is safe to hand out.
      scopes: entry.scopes as Scope[], expiresAt: entry.expiresAt,
    };
    if (rate && entry.ratelimit) {
      answer.ratelimit = { limit: entry.ratelimit.limit, remaining: rate.remaining, resetAt: new Date(rate.resetAtMs).toISOString() };
    }
    if (remaining !== null) answer.remaining = remaining - cost;
    return answer;
  }

  /** For the management API: the key's status only; credits and rate limits are never checked there. */
  async authenticate(presented: string, ip: string): Promise<AuthenticateResult> {
    const nowMs = this.now();
    const blocked = this.throttled(ip, nowMs);
    if (blocked) return { ok: false, code: 'RATE_LIMITED', retryAfterMs: blocked.retryAfterMs };
    if (!parseKey(presented)) return { ok: false, code: this.unknown(MALFORMED, ip, nowMs).code };
    const entry = await this.lookup(presented, nowMs);
    if (!entry) return { ok: false, code: this.unknown(NOT_FOUND, ip, nowMs).code };
    const code = await this.statusCode(entry, {}, nowMs, null);
    if (code) return { ok: false, code };
    this.usage.recordValid(entry.id, entry.tenantId, nowMs, 0);
    return { ok: true, key: entry };
  }
}
