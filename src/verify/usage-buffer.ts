// Usage is counted in memory and written in batches: no database write per verification.
// Flushed at least once a second and on shutdown (DESIGN: "Durability and consistency").
import { sql } from 'kysely';
import type { Store } from '../store/store.js';
import { appendEvents, SYSTEM_ORIGIN } from '../audit/events.js';

interface KeyUsage {
  tenantId: string;
  valid: number;
  spent: number;
  lastUsedAt: string | null;
  hours: Map<string, { valid: number; failed: number }>;
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
const hourOf = (ms: number) => new Date(Math.floor(ms / HOUR_MS) * HOUR_MS).toISOString();

export class UsageBuffer {
  private usage = new Map<string, KeyUsage>();
  private failures = new Map<string, FailureMinute>();
  private flushing: Promise<void> = Promise.resolve();
  /** Credits spent and not yet written, so this node's answers subtract them at once. */
  readonly pendingSpent = new Map<string, number>();
  lastFlushAt = 0;
  flushedVerifications = 0;

  constructor(private readonly store: Store, private readonly onFlushed: (spentKeyIds: string[]) => void = () => {}) {}

  private keyUsage(keyId: string, tenantId: string): KeyUsage {
    let u = this.usage.get(keyId);
    if (!u) {
      u = { tenantId, valid: 0, spent: 0, lastUsedAt: null, hours: new Map() };
      this.usage.set(keyId, u);
    }
    return u;
  }

  private hour(u: KeyUsage, nowMs: number) {
    const bucket = hourOf(nowMs);
    let h = u.hours.get(bucket);
    if (!h) {
      h = { valid: 0, failed: 0 };
      u.hours.set(bucket, h);
    }
    return h;
  }

  recordValid(keyId: string, tenantId: string, nowMs: number, cost: number): void {
    const u = this.keyUsage(keyId, tenantId);
    u.valid++;
    u.spent += cost;
    u.lastUsedAt = new Date(nowMs).toISOString();
    this.hour(u, nowMs).valid++;
    if (cost > 0) this.pendingSpent.set(keyId, (this.pendingSpent.get(keyId) ?? 0) + cost);
  }

  /** A failed verification of a known key: counted per hour, and summed per key per minute for the audit. */
  recordFailure(keyId: string, tenantId: string, code: string, nowMs: number): void {
    this.hour(this.keyUsage(keyId, tenantId), nowMs).failed++;
    const minute = Math.floor(nowMs / MINUTE_MS);
    const id = `${keyId}|${minute}`;
    let f = this.failures.get(id);
    if (!f) {
      f = { tenantId, keyId, minute, count: 0, codes: {} };
      this.failures.set(id, f);
    }
    f.count++;
    f.codes[code] = (f.codes[code] ?? 0) + 1;
  }

  get pendingKeys(): number {
    return this.usage.size;
  }

  /** Writes what was counted; `all` also closes the current minute's failure summaries (shutdown). */
  flush(nowMs: number, all = false): Promise<void> {
    // One flush at a time: a caller arriving meanwhile waits for the running one, then flushes.
    const next = this.flushing.catch(() => {}).then(() => this.flushOnce(nowMs, all));
    this.flushing = next;
    return next;
  }

  private async flushOnce(nowMs: number, all: boolean): Promise<void> {
    const usage = this.usage;
    this.usage = new Map();
    const currentMinute = Math.floor(nowMs / MINUTE_MS);
    const closed = [...this.failures.entries()].filter(([, f]) => all || f.minute < currentMinute);
    for (const [id] of closed) this.failures.delete(id);
    if (usage.size === 0 && closed.length === 0) return;
    try {
      await this.write(usage, closed.map(([, f]) => f));
    } catch (err) {
      // Put the counts back so the next flush retries them.
      for (const [keyId, u] of usage) this.merge(keyId, u);
      for (const [id, f] of closed) this.failures.set(id, f);
      throw err;
    }
    const spentKeys: string[] = [];
    for (const [keyId, u] of usage) {
      this.flushedVerifications += u.valid;
      if (u.spent === 0) continue;
      spentKeys.push(keyId);
      const left = (this.pendingSpent.get(keyId) ?? 0) - u.spent;
      if (left > 0) this.pendingSpent.set(keyId, left);
      else this.pendingSpent.delete(keyId);
    }
    this.lastFlushAt = nowMs;
    this.onFlushed(spentKeys);
  }

  private merge(keyId: string, from: KeyUsage) {
    const u = this.keyUsage(keyId, from.tenantId);
    u.valid += from.valid;
    u.spent += from.spent;
    if (from.lastUsedAt && (!u.lastUsedAt || from.lastUsedAt > u.lastUsedAt)) u.lastUsedAt = from.lastUsedAt;
    for (const [bucket, h] of from.hours) {
      const mine = u.hours.get(bucket) ?? { valid: 0, failed: 0 };
      mine.valid += h.valid;
      mine.failed += h.failed;
      u.hours.set(bucket, mine);
    }
  }

  private async write(usage: Map<string, KeyUsage>, failures: FailureMinute[]): Promise<void> {
    await this.store.write(async (trx) => {
      for (const [keyId, u] of usage) {
        if (u.valid > 0) {
          await trx.updateTable('api_keys').set({
            usage_count: sql`usage_count + ${u.valid}`,
            last_used_at: sql`case when last_used_at is null or last_used_at < ${u.lastUsedAt} then ${u.lastUsedAt} else last_used_at end`,
            ...(u.spent > 0 && { remaining: sql`case when remaining is null then null else remaining - ${u.spent} end` }),
          }).where('id', '=', keyId).execute();
        }
        for (const [bucket, h] of u.hours) {
          await trx.insertInto('key_usage').values({ key_id: keyId, tenant_id: u.tenantId, bucket, valid: h.valid, failed: h.failed })
            .onConflict((oc) => oc.columns(['key_id', 'bucket']).doUpdateSet({
              valid: sql`key_usage.valid + ${h.valid}`,
              failed: sql`key_usage.failed + ${h.failed}`,
            })).execute();
        }
      }
      for (const f of failures) {
        await appendEvents(this.store, trx, SYSTEM_ORIGIN, [{
          tenantId: f.tenantId, type: 'key.verify_failed', keyId: f.keyId,
          details: { count: f.count, codes: f.codes, minute: new Date(f.minute * MINUTE_MS).toISOString() },
        }]);
      }
    });
  }
}
