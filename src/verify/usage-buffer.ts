// Usage is counted in memory and written in batches: no database write per verification.
// Flushed at least once a second and on shutdown (DESIGN: "Durability and consistency"). This file
// counts verifications per key and hour and runs the flush; credits (credit-spends.ts) and failure
// minutes (failure-minutes.ts) keep their own counts and write their own rows in the same transaction.
import type { Store, Trx } from '../store/store.js';
import { appendEvents, SYSTEM_ORIGIN, type NewEvent } from '../audit/events.js';
import type { CreditBalance, KeyEntry } from './decide.js';
import { CreditSpends } from './credit-spends.js';
import { FailureMinutes, MINUTE_MS, type FailureMinute } from './failure-minutes.js';
import { KyselyUsageWriter, type KeyUsage, type UsageBatchWriter } from './usage-batches.js';
import { SqliteUsageWriter } from './sqlite-usage-worker.js';
import { NamedSpends } from './named-spends.js';
import type { NamedBalance } from './named-balances.js';
import type { Unflushed } from './balances.js';
import type { LimitDefinition } from '../domain/limits.js';

const HOUR_MS = 3_600_000;
const BATCH_KEYS = 2000;
const LOCK_BATCH = 5000;
const BATCH = 500;

const byKeyId = (a: KeyUsage, b: KeyUsage) => (a.keyId < b.keyId ? -1 : a.keyId > b.keyId ? 1 : 0);
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface UsageBufferOptions {
  /** Keys per usage batch (one transaction each); tests make it small to cross batch boundaries. */
  batchKeys?: number;
}

/**
 * A key's live record: what it did since the last flush, kept across flushes while the key is in
 * use, so a verification finds it (by its slot, else by key id) and never allocates one. A flush takes its
 * counts (takeCounts) and leaves it in place; a key idle for a whole interval, whose minute has
 * ended, is dropped at the next flush.
 */
export interface LiveUsage extends KeyUsage {
  /** The flush interval it was last counted in (UsageBuffer.interval). */
  interval: number;
  /**
   * The first name the record spends on in its hour, and how much, kept in the record itself: a
   * plan's credits limit is then metered with a compare and an add, where the lookup and store in
   * hourSpent (another object, one per key) took about 2 % of a verification under a plan in a CPU
   * profile (bench/RESULTS.md, case 7). Other names go to hourSpent; spentOf folds this one in
   * before anything reads it.
   */
  spentName: string | null;
  spentAmount: number;
  /** The key table slot it is found at in UsageBuffer.bySlot; -1 for none. */
  slot: number;
}

// The common case alone, so small that the compiler inlines it into the verifier.
function addSpent(u: LiveUsage, name: string, amount: number): void {
  if (u.spentName === name) u.spentAmount += amount;
  else addSpentAnew(u, name, amount);
}

function addSpentAnew(u: LiveUsage, name: string, amount: number): void {
  if (u.spentName === null) {
    u.spentName = name;
    u.spentAmount = amount;
  } else {
    addToHourSpent(u, name, amount);
  }
}

function addToHourSpent(u: KeyUsage, name: string, amount: number): void {
  const spent = (u.hourSpent ??= Object.create(null) as Record<string, number>);
  spent[name] = (spent[name] ?? 0) + amount;
}

/** The record's spending this hour per name, with the name kept in the record folded in. */
function spentOf(u: LiveUsage): Record<string, number> | null {
  if (u.spentName !== null) {
    addToHourSpent(u, u.spentName, u.spentAmount);
    u.spentName = null;
    u.spentAmount = 0;
  }
  return u.hourSpent;
}

/** The counts a flush writes, taken from a live record, which keeps only the running minute's count. */
function takeCounts(u: LiveUsage): KeyUsage {
  const taken: KeyUsage = {
    keyId: u.keyId, tenantId: u.tenantId, ownerId: u.ownerId, valid: u.valid, lastUsedMs: u.lastUsedMs,
    hourMs: u.hourMs, hourValid: u.hourValid, hourFailed: u.hourFailed, hourPeak: u.hourPeak, minuteMs: u.minuteMs, minuteValid: u.minuteValid,
    hourSpent: spentOf(u), earlier: u.earlier,
  };
  u.valid = 0;
  u.lastUsedMs = 0;
  u.hourValid = 0;
  u.hourFailed = 0;
  // The minute goes on: its count so far stays the floor of the hour's peak, so the peak is not cut
  // at a flush; a minute of an hour before the record's (it moved on a failure or a management call) does not.
  u.hourPeak = u.minuteMs >= u.hourMs ? u.minuteValid : 0;
  u.hourSpent = null;
  u.earlier = null;
  return taken;
}

export class UsageBuffer {
  private usage = new Map<string, LiveUsage>();
  // The same records by key table slot (KeyEntry.slot): found with one array read, where the Map
  // hashes an id string made anew for each lookup of a key not kept hot and waits on main memory
  // several times: at 100,000 keys in use that cost most of what counting usage costs (bench/RESULTS.md,
  // case 5). Only a shortcut: a record found here counts when it is the entry's key's (another key
  // may hold the slot now), and it leaves this array when it leaves the Map.
  private readonly bySlot: (LiveUsage | undefined)[] = [];
  // The records counted in the current interval: the next flush takes their counts.
  private counted: LiveUsage[] = [];
  private interval = 0;
  private readonly credits = new CreditSpends();
  private readonly failures = new FailureMinutes();
  private readonly named = new NamedSpends();
  private platformEvents: NewEvent[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private queued = 0;
  lastFlushAt = 0;
  flushedVerifications = 0;
  /** Write transactions and statements made by flushes, for metrics and the benchmark. */
  flushTransactions = 0;
  flushStatements = 0;

  private readonly writer: UsageBatchWriter;
  private readonly batchKeys: number;

  constructor(private readonly store: Store, options: UsageBufferOptions = {}) {
    this.writer = store.file !== undefined ? new SqliteUsageWriter(store.file) : new KyselyUsageWriter(store);
    this.batchKeys = options.batchKeys ?? BATCH_KEYS;
  }

  /** Stops the usage writer's thread; after the last flush. */
  close(): Promise<void> {
    return this.writer.close();
  }

  private keyUsage(entry: KeyEntry, nowMs: number): LiveUsage {
    const slot = entry.slot;
    let u = slot >= 0 && slot < this.bySlot.length ? this.bySlot[slot] : undefined;
    if (u === undefined || u.keyId !== entry.id) {
      u = this.usage.get(entry.id) ?? this.newRecord(entry, nowMs);
      this.attach(u, slot);
    }
    this.markCounted(u);
    if (nowMs - u.hourMs >= HOUR_MS) {
      // An hour with nothing left to write (all flushed, the peak carried) is not written again.
      const spent = spentOf(u);
      if (u.hourValid > 0 || u.hourFailed > 0 || spent !== null) {
        (u.earlier ??= []).push({ hourMs: u.hourMs, valid: u.hourValid, failed: u.hourFailed, peak: u.hourPeak, spent });
      }
      u.hourMs = nowMs - (nowMs % HOUR_MS);
      u.hourValid = 0;
      u.hourFailed = 0;
      u.hourPeak = 0;
      u.hourSpent = null;
    }
    return u;
  }

  /** A key's first record (in the Map; markCounted lists it for the next flush). */
  private newRecord(entry: KeyEntry, nowMs: number): LiveUsage {
    const u: LiveUsage = {
      keyId: entry.id, tenantId: entry.tenantId, ownerId: entry.ownerId, valid: 0, lastUsedMs: 0,
      hourMs: nowMs - (nowMs % HOUR_MS), hourValid: 0, hourFailed: 0, hourPeak: 0, minuteMs: nowMs - (nowMs % MINUTE_MS), minuteValid: 0,
      hourSpent: null, earlier: null, interval: -1, spentName: null, spentAmount: 0, slot: -1,
    };
    this.usage.set(entry.id, u);
    return u;
  }

  /** A valid verification (POST /verify, not a dry run): counted, and its v1 credits spent as `remaining`. */
  recordValid(entry: KeyEntry, nowMs: number, cost: number): LiveUsage {
    const u = this.keyUsage(entry, nowMs);
    u.valid++;
    const balance = entry.limits?.credits;
    if (balance) {
      this.credits.record(balance, cost);
      if (cost > 0) addSpent(u, 'remaining', cost);
    }
    if (nowMs > u.lastUsedMs) u.lastUsedMs = nowMs;
    u.hourValid++;
    // The minute's count for the peak: two compares and an add, no Map and no date.
    if (nowMs - u.minuteMs >= MINUTE_MS) {
      u.minuteMs = nowMs - (nowMs % MINUTE_MS);
      u.minuteValid = 0;
    }
    if (++u.minuteValid > u.hourPeak) u.hourPeak = u.minuteValid;
    return u;
  }

  /**
   * Credits of a named limit (or `remaining`) spent by a verification, metered per key, hour and
   * name. Only metering: the balance itself is charged by whoever keeps it.
   */
  recordSpent(entry: KeyEntry, nowMs: number, name: string, amount: number): void {
    this.recordSpentOn(this.keyUsage(entry, nowMs), name, amount);
  }

  /** The same on the record recordValid just answered for this verification: no second lookup. */
  recordSpentOn(u: LiveUsage, name: string, amount: number): void {
    if (amount > 0) addSpent(u, name, amount);
  }

  /** A key used on the management API: its last use moves, its usage does not (DESIGN "Usage metering"). */
  recordUse(entry: KeyEntry, nowMs: number): void {
    const u = this.keyUsage(entry, nowMs);
    if (nowMs > u.lastUsedMs) u.lastUsedMs = nowMs;
  }

  /** A failed verification of a known key: counted per hour, and summed per key per minute for the audit. */
  recordFailure(entry: KeyEntry, code: string, nowMs: number): void {
    this.keyUsage(entry, nowMs).hourFailed++;
    this.failures.record(entry, code, nowMs);
  }

  /** A platform event written with the next flush (an IP throttled on verify, at most once a minute). */
  recordPlatformEvent(event: NewEvent): void {
    if (this.platformEvents.length < 1000) this.platformEvents.push(event);
  }

  /** A valid verification spent `cost` from a named credits balance. */
  recordNamedSpend(balance: NamedBalance, def: LimitDefinition, cost: number): void {
    this.named.record(balance, def, cost);
  }

  /** A charge took a named balance below its low threshold: `key.credits_low`, once per refill period. */
  recordLow(entry: KeyEntry, balance: NamedBalance, def: LimitDefinition, remaining: number): void {
    this.named.recordLow(entry, balance, def, remaining);
  }

  /** A named limit refused a verification: counted for `tenant.limit_reached`. */
  recordLimitRefusal(tenantId: string, name: string): void {
    this.named.recordRefusal(tenantId, name);
  }

  /** Named credits spent on this node from a balance's (period, version) and not yet committed. */
  unflushedNamed(balanceId: string, period: number, version: number): Unflushed<NamedBalance> {
    return this.named.readBack(balanceId, period, version);
  }

  /** Credits spent on this node from this version of a balance and not yet committed (counting a flush under way). */
  unflushedSpent(balanceId: string, version: number): Unflushed<CreditBalance> {
    return this.credits.readBack(balanceId, version);
  }

  get pendingKeys(): number {
    return this.counted.length;
  }

  /** Keys with a live record: those in use, and those whose running minute still counts toward a peak. */
  get liveKeys(): number {
    return this.usage.size;
  }

  /**
   * Writes what was counted, and turns the failure rows of minutes that have ended into events. A
   * minute still running is left open, at shutdown too: its rows are in the database, and the first
   * flush after it ends (of this node after a restart, or of another) makes its one event.
   */
  flush(nowMs: number): Promise<void> {
    // One flush at a time: a caller arriving meanwhile waits for the running one, then flushes.
    this.queued++;
    const next = this.flushing.catch(() => {}).then(() => this.flushOnce(nowMs)).finally(() => { this.queued--; });
    this.flushing = next;
    return next;
  }

  /**
   * Whether a flush is running or waiting. The timer skips its turn then: when writing takes longer
   * than the interval (100,000 keys in use on a slow disk), turns would otherwise queue without end;
   * the next flush takes everything counted meanwhile anyway.
   */
  get isFlushing(): boolean {
    return this.queued > 0;
  }

  /**
   * First the small part in one transaction (credits, named limits, failure minutes, events: they
   * settle balances and extend chains), then every used key's counts in batches (usage-batches.ts).
   * A failure puts back only what was not committed, so the next flush retries it and nothing is
   * counted twice.
   */
  private async flushOnce(nowMs: number): Promise<void> {
    const usage = this.takeCounted(nowMs);
    const failures = this.failures.take();
    const platform = this.platformEvents;
    this.platformEvents = [];
    const closeBefore = Math.floor(nowMs / MINUTE_MS);
    if (usage.length === 0 && this.credits.size === 0 && this.named.size === 0 && failures.length === 0 && platform.length === 0 && !this.failures.closes(failures, closeBefore)) return;
    const small = this.credits.size > 0 || this.named.size > 0 || failures.length > 0 || platform.length > 0 || this.failures.closes(failures, closeBefore);
    const spends = this.credits.take();
    const named = this.named.take();
    if (small) {
      let counts: Map<string, number>;
      let namedCounts: Awaited<ReturnType<NamedSpends['write']>>['counts'];
      try {
        ({ counts, namedCounts } = await this.write(spends, named, failures, platform, closeBefore, nowMs));
      } catch (err) {
        // Nothing was committed: put everything back for the next flush.
        for (const u of usage) this.merge(u);
        this.credits.restore(spends);
        this.named.restore(named);
        this.failures.restore(failures);
        this.platformEvents.push(...platform);
        throw err;
      }
      // The database now holds every node's flushed spending: take it as this node's view of the
      // credits, less what was spent here since the swap. This bounds overspending without Redis.
      this.credits.settle(spends, counts);
      this.named.settle(named, namedCounts);
    } else {
      this.credits.settle(spends, new Map());
      this.named.settle(named, new Map());
    }
    await this.writeUsage(usage);
    this.lastFlushAt = nowMs;
  }

  /** The used keys' counts, a batch per transaction, yielding to the event loop between batches. */
  private async writeUsage(keys: KeyUsage[]): Promise<void> {
    // In key order on PostgreSQL, so each batch locks its rows in DESIGN's order and two nodes'
    // batches of the same keys meet in the same order; SQLite serializes writers.
    if (this.store.dialect === 'postgres') keys.sort(byKeyId);
    for (let i = 0; i < keys.length; i += this.batchKeys) {
      const batch = keys.slice(i, i + this.batchKeys);
      try {
        this.flushStatements += await this.writer.write(batch);
      } catch (err) {
        // The batches before this one are committed; this one and the rest go back.
        for (let j = i; j < keys.length; j++) this.merge(keys[j]);
        throw err;
      }
      this.flushTransactions++;
      for (const u of batch) this.flushedVerifications += u.valid;
      if (i + this.batchKeys < keys.length) await yieldToEventLoop();
    }
  }

  /**
   * The counts of the interval that ends now, taken from their live records; then the records of
   * keys idle for the whole interval whose minute has ended are dropped (a running minute's count
   * stays for the hour's peak).
   */
  private takeCounted(nowMs: number): KeyUsage[] {
    const counted = this.counted;
    this.counted = [];
    const ended = this.interval++;
    const taken = counted.map(takeCounts);
    const minuteMs = nowMs - (nowMs % MINUTE_MS);
    for (const [id, u] of this.usage) {
      if (u.interval < ended && u.minuteMs < minuteMs) {
        this.usage.delete(id);
        this.detach(u);
      }
    }
    return taken;
  }

  /** Makes the record the one found at this slot (none for -1), and no longer at the slot it had. */
  private attach(u: LiveUsage, slot: number): void {
    if (slot < 0 || u.slot === slot) return;
    this.detach(u);
    while (this.bySlot.length <= slot) this.bySlot.push(undefined);
    this.bySlot[slot] = u;
    u.slot = slot;
  }

  private detach(u: LiveUsage): void {
    if (u.slot >= 0 && this.bySlot[u.slot] === u) this.bySlot[u.slot] = undefined;
    u.slot = -1;
  }

  /** Lists a live record for the next flush, once per interval. */
  private markCounted(u: LiveUsage): void {
    if (u.interval === this.interval) return;
    u.interval = this.interval;
    this.counted.push(u);
  }

  /** Counts a flush could not write, put back for the next one: nothing is lost, nothing counted twice. */
  private merge(from: KeyUsage) {
    const u = this.usage.get(from.keyId);
    if (!u) {
      const live: LiveUsage = { ...from, interval: this.interval, spentName: null, spentAmount: 0, slot: -1 };
      this.usage.set(from.keyId, live);
      this.counted.push(live);
      return;
    }
    this.markCounted(u);
    u.valid += from.valid;
    u.lastUsedMs = Math.max(u.lastUsedMs, from.lastUsedMs);
    (u.earlier ??= []).push({ hourMs: from.hourMs, valid: from.hourValid, failed: from.hourFailed, peak: from.hourPeak, spent: from.hourSpent }, ...(from.earlier ?? []));
  }

  private async write(
    spends: ReturnType<CreditSpends['take']>, named: ReturnType<NamedSpends['take']>,
    failures: FailureMinute[], platform: NewEvent[], closeBefore: number, nowMs: number,
  ) {
    const closing = this.failures.closes(failures, closeBefore);
    let counts = new Map<string, number>();
    let namedCounts: Awaited<ReturnType<NamedSpends['write']>>['counts'] = new Map();
    await this.store.write(async (trx) => {
      await this.lockKeys(trx, [...spends.keys()]);
      const statement = () => { this.flushStatements++; };
      counts = await this.credits.write(trx, spends, statement);
      // Named balances after the keys, before the chain head (DESIGN's lock order).
      const limits = await this.named.write(trx, named, nowMs, statement, (qb) => this.store.forUpdate(qb as any) as typeof qb);
      namedCounts = limits.counts;
      await this.failures.save(trx, failures, statement);
      const events = [...(closing ? await this.failures.close(trx, closeBefore, statement) : []), ...limits.events];
      if (events.length > 0 || platform.length > 0) {
        this.flushStatements += events.length + platform.length;
        await appendEvents(this.store, trx, SYSTEM_ORIGIN, [...events, ...platform]);
      }
    });
    this.flushTransactions++;
    if (closing) this.failures.closed(closeBefore);
    return { counts, namedCounts };
  }

  /**
   * Locks the key rows of the balances a flush charges, in id order (DESIGN's lock order: keys by
   * id), before any is written: an update locks rows in whatever order its plan reads them, and two
   * nodes charging one balance's keys would otherwise deadlock. SQLite serializes
   * writers, so there is nothing to order there.
   */
  private async lockKeys(trx: Trx, balanceIds: string[]): Promise<void> {
    if (this.store.dialect === 'sqlite' || balanceIds.length === 0) return;
    const ids = new Set<string>();
    for (let i = 0; i < balanceIds.length; i += BATCH) {
      const chunk = balanceIds.slice(i, i + BATCH);
      this.flushStatements++;
      const rows = await trx.selectFrom('api_keys').select('id')
        .where((eb) => eb.or([eb('id', 'in', chunk), eb('credits_id', 'in', chunk)])).execute();
      for (const r of rows) ids.add(r.id);
    }
    const sorted = [...ids].sort();
    for (let i = 0; i < sorted.length; i += LOCK_BATCH) {
      this.flushStatements++;
      await this.store.forUpdate(trx.selectFrom('api_keys').select('id').where('id', 'in', sorted.slice(i, i + LOCK_BATCH)).orderBy('id')).execute();
    }
  }
}
