// Failed verifications of known keys, summed per key and minute. Nodes add their counts to the
// database's per-minute rows at every flush (so a crash loses at most a second of them); the first
// flush after a minute has ended, on any node and in any run, turns its rows into one
// key.verify_failed event per key (DESIGN "Verify").
import { sql } from 'kysely';
import type { Trx } from '../store/store.js';
import type { NewEvent } from '../audit/events.js';
import type { KeyEntry } from './decide.js';

export interface FailureMinute {
  tenantId: string;
  keyId: string;
  minute: number;
  count: number;
  codes: Record<string, number>;
}

export const MINUTE_MS = 60_000;
const BATCH = 500;

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class FailureMinutes {
  private failures = new Map<string, FailureMinute>();
  // Minutes before this one have been closed by this node. 0 at start, so the first flush closes
  // what a previous run or another node left behind; then once a minute, since the rows of a minute
  // may come from other nodes, or from this node before a restart, as well as from this run.
  private closedBefore = 0;

  record(entry: KeyEntry, code: string, nowMs: number): void {
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

  /** Hands the counts to a flush. */
  take(): FailureMinute[] {
    const taken = [...this.failures.values()];
    this.failures = new Map();
    return taken;
  }

  /** The flush failed: keep the counts for the next one. */
  restore(taken: FailureMinute[]): void {
    for (const from of taken) {
      const id = `${from.keyId}|${from.minute}`;
      const f = this.failures.get(id);
      if (!f) {
        this.failures.set(id, from);
        continue;
      }
      f.count += from.count;
      for (const [code, n] of Object.entries(from.codes)) f.codes[code] = (f.codes[code] ?? 0) + n;
    }
  }

  /**
   * Whether a flush closes minutes: a minute ended since this node last closed, or this flush
   * writes failures of a minute that ended before they were written.
   */
  closes(taken: FailureMinute[], closeBefore: number): boolean {
    return closeBefore > this.closedBefore || taken.some((f) => f.minute < closeBefore);
  }

  /** The flush that closed minutes before `closeBefore` committed. */
  closed(closeBefore: number): void {
    this.closedBefore = Math.max(this.closedBefore, closeBefore);
  }

  /** Adds this node's failure counts to the per-minute rows every node shares. */
  async save(trx: Trx, failures: FailureMinute[], statement: () => void): Promise<void> {
    const rows = failures.flatMap((f) => Object.entries(f.codes).map(([code, count]) => ({
      key_id: f.keyId, tenant_id: f.tenantId, minute: new Date(f.minute * MINUTE_MS).toISOString(), code, count,
    // Upserted in one order on every node (DESIGN's lock order), so two nodes' flushes cannot deadlock.
    }))).sort((a, b) => compareText(a.key_id, b.key_id) || compareText(a.minute, b.minute) || compareText(a.code, b.code));
    for (let i = 0; i < rows.length; i += BATCH) {
      statement();
      await trx.insertInto('verify_failures').values(rows.slice(i, i + BATCH))
        .onConflict((oc) => oc.columns(['key_id', 'minute', 'code']).doUpdateSet({ count: sql`verify_failures.count + excluded.count` }))
        .execute();
    }
  }

  /**
   * Takes the rows of ended minutes (deleting them, so two nodes closing at once cannot both get
   * them) and makes one key.verify_failed event per key and minute.
   */
  async close(trx: Trx, closeBefore: number, statement: () => void): Promise<NewEvent[]> {
    statement();
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
