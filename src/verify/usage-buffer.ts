// Usage is counted in memory and written in batches: no database write per verification.
// Flushed at least once a second and on shutdown (DESIGN: "Durability and consistency").
import { sql } from 'kysely';
import type { Store, Trx } from '../store/store.js';
import { appendEvents, SYSTEM_ORIGIN, type NewEvent } from '../audit/events.js';
import type { KeyEntry } from './decide.js';
import { CreditSpends } from './credit-spends.js';

interface KeyUsage {
  keyId: string;
  tenantId: string;
  valid: number;
  lastUsedMs: number;
  // The current hour's counts inline: recording touches no Map and formats no date.
  hourMs: number;
  hourValid: number;
  hourFailed: number;
  // Earlier hours, only when an hour ends between two flushes.
  earlier: { hourMs: number; valid: number; failed: number }[] | null;
}

interface FailureMinute {
  tenantId: string;
  keyId: string;
  minute: number;
  count: number;
  codes: Record<string, number>;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const BATCH = 500;
const LOCK_BATCH = 5000;

/**
 * Adds counts and last-used times to many keys at once. VALUES columns are named column1… on both
 * databases, and the cast gives PostgreSQL the type its parameters lack.
 */
function addUsage(trx: Trx, rows: KeyUsage[]) {
  const values = sql.join(rows.map((u) => sql`(${u.keyId}, ${u.valid}, ${new Date(u.lastUsedMs).toISOString()})`));
  return sql`update api_keys set
      usage_count = api_keys.usage_count + v.n,
      last_used_at = case when api_keys.last_used_at is null or api_keys.last_used_at < v.last then v.last else api_keys.last_used_at end
    from (select column1 as id, cast(column2 as bigint) as n, column3 as last from (values ${values}) as t) as v
    where api_keys.id = v.id`.execute(trx);
}

export class UsageBuffer {
  private usage = new Map<string, KeyUsage>();
  private readonly credits = new CreditSpends();
  private failures = new Map<string, FailureMinute>();
  // Minutes before this one have been closed by this node. 0 at start, so the first flush closes
  // what a previous run or another node left behind; then once a minute, since the rows of a minute
  // may come from other nodes, or from this node before a restart, as well as from this run.
  private closedBefore = 0;
  private platformEvents: NewEvent[] = [];
  private flushing: Promise<void> = Promise.resolve();
  lastFlushAt = 0;
  flushedVerifications = 0;
  /** Write transactions and statements made by flushes, for metrics and the benchmark. */
  flushTransactions = 0;
  flushStatements = 0;

  constructor(private readonly store: Store) {}

  private keyUsage(entry: KeyEntry, nowMs: number): KeyUsage {
    let u = this.usage.get(entry.id);
    if (u === undefined) {
      u = { keyId: entry.id, tenantId: entry.tenantId, valid: 0, lastUsedMs: 0, hourMs: nowMs - (nowMs % HOUR_MS), hourValid: 0, hourFailed: 0, earlier: null };
      this.usage.set(entry.id, u);
      return u;
    }
    if (nowMs - u.hourMs >= HOUR_MS) {
      (u.earlier ??= []).push({ hourMs: u.hourMs, valid: u.hourValid, failed: u.hourFailed });
      u.hourMs = nowMs - (nowMs % HOUR_MS);
      u.hourValid = 0;
      u.hourFailed = 0;
    }
    return u;
  }

  recordValid(entry: KeyEntry, nowMs: number, cost: number): void {
    const u = this.keyUsage(entry, nowMs);
    u.valid++;
    const balance = entry.limits?.credits;
    if (balance) this.credits.record(balance, cost);
    if (nowMs > u.lastUsedMs) u.lastUsedMs = nowMs;
    u.hourValid++;
  }

  /** A failed verification of a known key: counted per hour, and summed per key per minute for the audit. */
  recordFailure(entry: KeyEntry, code: string, nowMs: number): void {
    this.keyUsage(entry, nowMs).hourFailed++;
    const minute = Math.floor(nowMs / MINUTE_MS);
    const id = `${entry.id}|${minute}`;
    let f = this.failures.get(id);
    if (!f) {
      f = { tenantId: entry.tenantId, keyId: entry.id, minute, count: 0, codes: {} };
      this.failures.set(id, f);
    }
    f.count++;
    f.codes[code] = (f.codes[code] ?? 0) + 1;
  }

  /** A platform event written with the next flush (an IP throttled on verify, at most once a minute). */
  recordPlatformEvent(event: NewEvent): void {
    if (this.platformEvents.length < 1000) this.platformEvents.push(event);
  }

  /** Credits spent on this node from this version of a balance and not yet committed (counting a flush under way). */
  unflushedSpent(balanceId: string, version: number): number {
    return this.credits.unflushed(balanceId, version);
  }

  get pendingKeys(): number {
    return this.usage.size;
  }

  /**
   * Writes what was counted, and turns the failure rows of minutes that have ended into events. A
   * minute still running is left open, at shutdown too: its rows are in the database, and the first
   * flush after it ends (of this node after a restart, or of another) makes its one event.
   */
  flush(nowMs: number): Promise<void> {
    // One flush at a time: a caller arriving meanwhile waits for the running one, then flushes.
    const next = this.flushing.catch(() => {}).then(() => this.flushOnce(nowMs));
    this.flushing = next;
    return next;
  }

  private async flushOnce(nowMs: number): Promise<void> {
    const usage = this.usage;
    this.usage = new Map();
    const failures = [...this.failures.values()];
    this.failures = new Map();
    const platform = this.platformEvents;
    this.platformEvents = [];
    const closeBefore = Math.floor(nowMs / MINUTE_MS);
    if (usage.size === 0 && this.credits.size === 0 && failures.length === 0 && platform.length === 0 && !this.closes(failures, closeBefore)) return;
    const spends = this.credits.take();
    let counts: Map<string, number>;
    try {
      counts = await this.write(usage, spends, failures, platform, closeBefore);
    } catch (err) {
      // Put the counts back so the next flush retries them.
      for (const u of usage.values()) this.merge(u);
      this.credits.restore(spends);
      for (const f of failures) this.addFailures(f);
      this.platformEvents.push(...platform);
      throw err;
    }
    for (const u of usage.values()) this.flushedVerifications += u.valid;
    // The database now holds every node's flushed spending: take it as this node's view of the
    // credits, less what was spent here since the swap. This bounds overspending without Redis.
    this.credits.settle(spends, counts);
    this.lastFlushAt = nowMs;
  }

  private addFailures(from: FailureMinute) {
    const id = `${from.keyId}|${from.minute}`;
    const f = this.failures.get(id);
    if (!f) {
      this.failures.set(id, from);
      return;
    }
    f.count += from.count;
    for (const [code, n] of Object.entries(from.codes)) f.codes[code] = (f.codes[code] ?? 0) + n;
  }

  private merge(from: KeyUsage) {
    const u = this.usage.get(from.keyId);
    if (!u) {
      this.usage.set(from.keyId, from);
      return;
    }
    u.valid += from.valid;
    u.lastUsedMs = Math.max(u.lastUsedMs, from.lastUsedMs);
    (u.earlier ??= []).push({ hourMs: from.hourMs, valid: from.hourValid, failed: from.hourFailed }, ...(from.earlier ?? []));
  }

  /**
   * Whether a flush closes minutes: a minute ended since this node last closed, or this flush
   * writes failures of a minute that ended before they were written.
   */
  private closes(failures: FailureMinute[], closeBefore: number): boolean {
    return closeBefore > this.closedBefore || failures.some((f) => f.minute < closeBefore);
  }

  private async write(
    usage: Map<string, KeyUsage>, spends: ReturnType<CreditSpends['take']>, failures: FailureMinute[], platform: NewEvent[], closeBefore: number,
  ): Promise<Map<string, number>> {
    const closing = this.closes(failures, closeBefore);
    let counts = new Map<string, number>();
    const buckets: { key_id: string; tenant_id: string; bucket: string; valid: number; failed: number }[] = [];
    for (const [keyId, u] of usage) {
      const tenantId = u.tenantId;
      const hours = [{ hourMs: u.hourMs, valid: u.hourValid, failed: u.hourFailed }, ...(u.earlier ?? [])];
      const byHour = new Map<number, { valid: number; failed: number }>();
      for (const h of hours) {
        if (h.valid === 0 && h.failed === 0) continue;
        const sum = byHour.get(h.hourMs) ?? { valid: 0, failed: 0 };
        sum.valid += h.valid;
        sum.failed += h.failed;
        byHour.set(h.hourMs, sum);
      }
      for (const [hourMs, h] of byHour) {
        buckets.push({ key_id: keyId, tenant_id: tenantId, bucket: new Date(hourMs).toISOString(), valid: h.valid, failed: h.failed });
      }
    }
    await this.store.write(async (trx) => {
      const used = [...usage.values()].filter((u) => u.valid > 0);
      await this.lockKeys(trx, used.map((u) => u.keyId), [...spends.keys()]);
      // Counts and last use with one statement per batch of keys, not one per key.
      for (let i = 0; i < used.length; i += BATCH) {
        this.flushStatements++;
        await addUsage(trx, used.slice(i, i + BATCH));
      }
      counts = await this.credits.write(trx, spends, () => { this.flushStatements++; });
      for (let i = 0; i < buckets.length; i += BATCH) {
        this.flushStatements++;
        await trx.insertInto('key_usage').values(buckets.slice(i, i + BATCH))
          .onConflict((oc) => oc.columns(['key_id', 'bucket']).doUpdateSet({
            valid: sql`key_usage.valid + excluded.valid`,
            failed: sql`key_usage.failed + excluded.failed`,
          })).execute();
      }
      await this.saveFailures(trx, failures);
      const events = closing ? await this.closeFailures(trx, closeBefore) : [];
      if (events.length > 0 || platform.length > 0) {
        this.flushStatements += events.length + platform.length;
        await appendEvents(this.store, trx, SYSTEM_ORIGIN, [...events, ...platform]);
      }
    });
    this.flushTransactions++;
    if (closing) this.closedBefore = Math.max(this.closedBefore, closeBefore);
    return counts;
  }

  /**
   * Locks the key rows a flush writes, in id order (DESIGN's lock order: keys by id), before any is
   * written: the batch updates lock rows in whatever order the plan reads them, and two nodes
   * flushing the same keys, or one balance's keys, would otherwise deadlock. SQLite serializes
   * writers, so there is nothing to order there.
   */
  private async lockKeys(trx: Trx, keyIds: string[], balanceIds: string[]): Promise<void> {
    if (this.store.dialect === 'sqlite' || (keyIds.length === 0 && balanceIds.length === 0)) return;
    const ids = new Set(keyIds);
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

  /** Adds this node's failure counts to the per-minute rows every node shares. */
  private async saveFailures(trx: Trx, failures: FailureMinute[]): Promise<void> {
    const rows = failures.flatMap((f) => Object.entries(f.codes).map(([code, count]) => ({
      key_id: f.keyId, tenant_id: f.tenantId, minute: new Date(f.minute * MINUTE_MS).toISOString(), code, count,
    })));
    for (let i = 0; i < rows.length; i += BATCH) {
      this.flushStatements++;
      await trx.insertInto('verify_failures').values(rows.slice(i, i + BATCH))
        .onConflict((oc) => oc.columns(['key_id', 'minute', 'code']).doUpdateSet({ count: sql`verify_failures.count + excluded.count` }))
        .execute();
    }
  }

  /**
   * Takes the rows of ended minutes (deleting them, so two nodes closing at once cannot both get
   * them) and makes one key.verify_failed event per key and minute.
   */
  private async closeFailures(trx: Trx, closeBefore: number): Promise<NewEvent[]> {
    this.flushStatements++;
    const rows = await trx.deleteFrom('verify_failures').where('minute', '<', new Date(closeBefore * MINUTE_MS).toISOString())
      .returning(['key_id', 'tenant_id', 'minute', 'code', 'count']).execute();
    const summaries = new Map<string, { tenantId: string; keyId: string; minute: string; count: number; codes: Record<string, number> }>();
    for (const r of rows.sort((a, b) => (a.minute < b.minute ? -1 : a.minute > b.minute ? 1 : 0))) {
      const id = `${r.key_id}|${r.minute}`;
      let s = summaries.get(id);
      if (!s) summaries.set(id, (s = { tenantId: r.tenant_id, keyId: r.key_id, minute: r.minute, count: 0, codes: {} }));
      s.count += Number(r.count);
      s.codes[r.code] = (s.codes[r.code] ?? 0) + Number(r.count);
    }
    return [...summaries.values()].map((s) => ({
      tenantId: s.tenantId, type: 'key.verify_failed', keyId: s.keyId,
      details: { count: s.count, codes: s.codes, minute: s.minute },
    }));
  }
}
