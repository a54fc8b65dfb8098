// What the verifier counted for named limits (DESIGN v1.1), until a usage flush writes it in the
// same transaction as the rest of usage: credits spent per balance and (period, version), balances
// that fell below their low threshold (`key.credits_low`, once per refill period: the row remembers
// the period it was raised for), and refusals per limit (`tenant.limit_reached`, at most hourly per
// limit, with the refusals counted since the last one). All off the verify path's database.
import { sql } from 'kysely';
import type { NewEvent } from '../audit/events.js';
import type { LimitDefinition } from '../domain/limits.js';
import type { Trx } from '../store/store.js';
import type { KeyEntry } from './decide.js';
import { refreshNamed, type NamedBalance } from './named-balances.js';
import type { Unflushed } from './balances.js';

interface Spend {
  balance: NamedBalance;
  period: number;
  version: number;
  /** The balance at the start of this period, for a row not yet written: the limit, or after a refill the refill. */
  start: number;
  /** The refill amount, when the limit refills. */
  refill: number | null;
  spent: number;
}

interface Low {
  balance: NamedBalance;
  period: number;
  keyId: string;
  remaining: number;
  lowThreshold: number;
}

const HOUR_MS = 3_600_000;

export class NamedSpends {
  private spends = new Map<string, Spend>();
  private last: Spend | null = null;
  private lastIn: Map<string, Spend> | null = null;
  private inFlight: Map<string, Spend> | null = null;
  private lows: Low[] = [];
  private refusals = new Map<string, { tenantId: string; name: string; count: number }>();

  get size(): number {
    return this.spends.size + this.lows.length + this.refusals.size;
  }

  record(balance: NamedBalance, def: LimitDefinition, cost: number): void {
    // The last spend recorded, while it is still this balance's in the map being filled: a plan's
    // owner or tenant balance takes most verifications in a row, so most skip the Map lookup.
    const last = this.last;
    if (last !== null && last.balance === balance && this.lastIn === this.spends && last.period === balance.period && last.version === balance.version) {
      last.spent += cost;
      return;
    }
    this.recordInMap(balance, def, cost);
  }

  // Apart from record's common case, which stays small enough to be inlined into the verifier.
  private recordInMap(balance: NamedBalance, def: LimitDefinition, cost: number): void {
    let s = this.spends.get(balance.id);
    if (s === undefined || s.period !== balance.period || s.version !== balance.version) {
      // Spends of an earlier (period, version) not yet flushed are dropped: a refill or a top-up
      // replaced that balance, and they never reduce the newer one (DESIGN: a refill sets).
      const refilled = def.refill !== undefined && balance.refilledPeriod === balance.period;
      s = { balance, period: balance.period, version: balance.version, start: refilled ? def.refill!.amount : def.limit, refill: def.refill?.amount ?? null, spent: 0 };
      this.spends.set(balance.id, s);
    }
    s.spent += cost;
    this.last = s;
    this.lastIn = this.spends;
  }

  recordLow(entry: KeyEntry, balance: NamedBalance, def: LimitDefinition, remaining: number): void {
    if (this.lows.length < 1000) this.lows.push({ balance, period: balance.period, keyId: entry.id, remaining, lowThreshold: def.lowThreshold! });
  }

  recordRefusal(tenantId: string, name: string): void {
    const id = `${tenantId}|${name}`;
    const r = this.refusals.get(id);
    if (r !== undefined) r.count++;
    else if (this.refusals.size < 10_000) this.refusals.set(id, { tenantId, name, count: 1 });
  }

  unflushed(id: string, period: number, version: number): number {
    const now = this.spends.get(id);
    const flushing = this.inFlight?.get(id);
    const of = (s: Spend | undefined) => (s !== undefined && s.period === period && s.version === version ? s.spent : 0);
    return of(now) + of(flushing);
  }

  /** For a row read now (see Unflushed in balances.ts). */
  readBack(id: string, period: number, version: number): Unflushed<NamedBalance> {
    const flushing = this.inFlight?.get(id);
    const isFlushing = flushing !== undefined && flushing.period === period && flushing.version === version;
    return { spent: this.unflushed(id, period, version), flushing: isFlushing, ...(isFlushing && { held: flushing.balance }) };
  }

  take() {
    const taken = { spends: this.spends, lows: this.lows, refusals: this.refusals };
    this.spends = new Map();
    this.lows = [];
    this.refusals = new Map();
    this.inFlight = taken.spends;
    return taken;
  }

  restore(taken: ReturnType<NamedSpends['take']>): void {
    this.inFlight = null;
    for (const [id, from] of taken.spends) {
      const s = this.spends.get(id);
      if (s === undefined) this.spends.set(id, from);
      else if (s.period === from.period && s.version === from.version) s.spent += from.spent;
    }
    this.lows.push(...taken.lows);
    for (const [id, r] of taken.refusals) {
      const mine = this.refusals.get(id);
      if (mine) mine.count += r.count;
      else this.refusals.set(id, r);
    }
  }

  /**
   * Writes the spends (balances in id order, after the keys: DESIGN's lock order), and answers the
   * events to append: credits_low for balances first below their threshold in this period, and
   * limit_reached for limits not reported within the hour.
   */
  async write(trx: Trx, taken: ReturnType<NamedSpends['take']>, nowMs: number, statement: () => void, lock: <Q>(qb: Q) => Q): Promise<{ counts: Map<string, { period: number; version: number; remaining: number }>; events: NewEvent[] }> {
    const counts = new Map<string, { period: number; version: number; remaining: number }>();
    const at = new Date(nowMs).toISOString();
    for (const [id, s] of [...taken.spends].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const b = s.balance;
      const pk = (qb: any) => qb.where('tenant_id', '=', b.tenantId).where('name', '=', b.name).where('subject_id', '=', b.subjectId);
      statement();
      await trx.insertInto('limit_balances').values({
        tenant_id: b.tenantId, name: b.name, subject_id: b.subjectId, per: b.per, remaining: s.start, period_ms: s.period, version: s.version, low_period_ms: null, updated_at: at,
      }).onConflict((oc) => oc.columns(['tenant_id', 'name', 'subject_id']).doNothing()).execute();
      statement();
      // Locked until commit (PostgreSQL): two nodes flushing one balance must not both read it first.
      const row = await lock(pk(trx.selectFrom('limit_balances').select(['remaining', 'period_ms', 'version']))).executeTakeFirst();
      if (!row) continue;
      let period = Number(row.period_ms);
      const version = Number(row.version);
      let remaining = Number(row.remaining);
      if (s.period > period && s.refill !== null && (s.version === version || period !== 0)) {
        // A refill boundary passed since the row was written: the refill sets it, whatever it was
        // set to before, less this period's spends. But a row in period 0 holds a limit that no
        // longer refills (an admin set it since, in a new version): the refill of the one before
        // never replaces it.
        period = s.period;
        remaining = s.refill - s.spent;
      } else if (s.period === period && s.version === version) {
        remaining -= s.spent;
      } else {
        counts.set(id, { period, version, remaining });
        continue; // spent before a refill or a top-up: never charged to the newer balance
      }
      statement();
      await pk(trx.updateTable('limit_balances').set({ remaining, period_ms: period, updated_at: at })).execute();
      counts.set(id, { period, version, remaining });
    }
    const events: NewEvent[] = [];
    for (const low of taken.lows) {
      const b = low.balance;
      statement();
      const done = await trx.updateTable('limit_balances').set({ low_period_ms: low.period })
        .where('tenant_id', '=', b.tenantId).where('name', '=', b.name).where('subject_id', '=', b.subjectId)
        .where((eb) => eb.or([eb('low_period_ms', 'is', null), eb('low_period_ms', '!=', low.period)])).executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0) continue;
      events.push({
        tenantId: b.tenantId, type: 'key.credits_low', keyId: low.keyId,
        details: { limit: b.name, per: b.per, subjectId: b.subjectId, remaining: low.remaining, lowThreshold: low.lowThreshold },
      });
    }
    for (const r of [...taken.refusals.values()].sort((a, b) => (`${a.tenantId}|${a.name}` < `${b.tenantId}|${b.name}` ? -1 : 1))) {
      statement();
      await trx.insertInto('limit_refusals').values({ tenant_id: r.tenantId, name: r.name, count: r.count, reported_at: null })
        .onConflict((oc) => oc.columns(['tenant_id', 'name']).doUpdateSet({ count: sql`limit_refusals.count + excluded.count` })).execute();
      statement();
      const row = await trx.selectFrom('limit_refusals').select(['count', 'reported_at']).where('tenant_id', '=', r.tenantId).where('name', '=', r.name).executeTakeFirst();
      if (!row || (row.reported_at !== null && Date.parse(row.reported_at) > nowMs - HOUR_MS)) continue;
      statement();
      await trx.updateTable('limit_refusals').set({ count: 0, reported_at: at }).where('tenant_id', '=', r.tenantId).where('name', '=', r.name).execute();
      events.push({ tenantId: r.tenantId, type: 'tenant.limit_reached', details: { limit: r.name, refusals: Number(row.count) } });
    }
    return { counts, events };
  }

  /** The flush committed: each balance takes the database's count, less what this node spent since. */
  settle(taken: ReturnType<NamedSpends['take']>, counts: Map<string, { period: number; version: number; remaining: number }>): void {
    this.inFlight = null;
    for (const [id, c] of counts) {
      const s = taken.spends.get(id)!;
      refreshNamed(s.balance, c.period, c.version, c.remaining - this.unflushed(id, c.period, c.version));
    }
  }
}
