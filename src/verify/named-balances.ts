// The named credits balances this node has seen (DESIGN v1.1 "Named limits"), one object per limit
// and subject (the key's balance, the owner, the tenant), so that every cached key spending from one
// balance spends from one count here too. A change of the tenant's limits or balances (the change
// feed's `tenant` kind) marks its balances stale: the next verification that needs one reads it
// again, refreshing the same object, so spends recorded against it stay attached.
import { currentBalance, type LimitDefinition } from '../domain/limits.js';
import type { Store } from '../store/store.js';
import type { Unflushed } from './balances.js';

export interface NamedBalance {
  /** `tenant|name|subject`: unique, and never a key id (a v1 balance's id). */
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly subjectId: string;
  readonly per: LimitDefinition['per'];
  /** The refill period this count belongs to (its start in ms; 0 without refill). */
  period: number;
  /** Changed only when an admin sets the balance: spends made against an older version are dropped. */
  version: number;
  /** What this node believes is left. */
  remaining: number;
  /** The tenant's limits epoch it was read at; an older one is read again before use. */
  epoch: number;
  /** The tenant's epoch as it stands, shared by all its balances: checking one costs no Map lookup. */
  readonly tenantEpoch: EpochCell;
  /** The period this node refilled it to in memory (-1: none), so the flush knows the period's start. */
  refilledPeriod: number;
}

/** A tenant's limits epoch, one object per tenant, held by each of its balances. */
interface EpochCell {
  value: number;
}

export const namedBalanceId = (tenantId: string, name: string, subjectId: string) => `${tenantId}|${name}|${subjectId}`;

/**
 * Takes a newer count: a later version (a balance an admin set, in whatever period its limit now
 * has: one without refill counts in period 0) or a later period of the same version (a refill)
 * replaces it, the same (period, version) only lowers it (within one it only goes down), an older
 * one is stale.
 */
export function refreshNamed(balance: NamedBalance, period: number, version: number, left: number): void {
  if (version > balance.version || (version === balance.version && period > balance.period)) {
    balance.period = period;
    balance.version = version;
    balance.remaining = left;
  } else if (period === balance.period && version === balance.version && left < balance.remaining) {
    balance.remaining = left;
  }
}

/** Sets the balance to its refill when a refill boundary has passed since it was counted (in memory; the flush writes it). */
export function refillIfDue(balance: NamedBalance, def: LimitDefinition, nowMs: number): void {
  if (def.refill === undefined) return;
  const current = currentBalance(def, { remaining: balance.remaining, period: balance.period }, nowMs);
  if (current.period !== balance.period) {
    balance.period = current.period;
    balance.remaining = current.remaining;
    balance.refilledPeriod = current.period;
  }
}

export class NamedBalances {
  private readonly balances = new Map<string, NamedBalance>();
  private readonly epochs = new Map<string, EpochCell>();
  private readonly loading = new Map<string, Promise<NamedBalance>>();

  constructor(
    private readonly store: Store,
    private readonly max: number,
    /** Credits this node spent from a balance's (period, version) and has not yet written. */
    private readonly unflushed: (id: string, period: number, version: number) => Unflushed<NamedBalance>,
  ) {}

  /** The tenant's limits or balances changed: read its balances again before their next use. */
  stale(tenantId: string): void {
    this.epochOf(tenantId).value++;
  }

  private epochOf(tenantId: string): EpochCell {
    let cell = this.epochs.get(tenantId);
    if (cell === undefined) this.epochs.set(tenantId, (cell = { value: 0 }));
    return cell;
  }

  clear(): void {
    // A balance held by reference (named-limits.ts) must not outlive its place in the map.
    for (const b of this.balances.values()) b.epoch = -1;
    this.balances.clear();
    this.loading.clear();
    for (const t of this.epochs.keys()) this.stale(t);
  }

  /** The cached balance, when it is current; undefined when it must be read. */
  get(tenantId: string, name: string, subjectId: string): NamedBalance | undefined {
    return this.byId(tenantId, namedBalanceId(tenantId, name, subjectId));
  }

  /** The same by the balance's id (namedBalanceId), which a charge already carries. */
  byId(tenantId: string, id: string): NamedBalance | undefined {
    const b = this.balances.get(id);
    return b !== undefined && b.epoch === b.tenantEpoch.value ? b : undefined;
  }

  /** A balance got earlier (byId) is still the current one: read at the tenant's epoch, and not dropped since. */
  isCurrent(b: NamedBalance): boolean {
    return b.epoch === b.tenantEpoch.value;
  }

  private keep(balance: NamedBalance): void {
    if (this.balances.size >= this.max) {
      const oldest = this.balances.keys().next().value!;
      this.balances.get(oldest)!.epoch = -1; // see clear()
      this.balances.delete(oldest);
    }
    this.balances.set(balance.id, balance);
  }

  /** Reads a balance again, into the object a charge holds too (its shared count in Redis is gone). */
  async readAgain(balance: NamedBalance, def: LimitDefinition, nowMs: number): Promise<void> {
    const epoch = this.epochOf(balance.tenantId).value;
    const row = await this.readRow(balance.tenantId, def.name, balance.subjectId);
    // No row yet: nothing was written, and the node's count (its own refills too) is all there is.
    if (!row) return;
    const current = this.fromRow(balance.id, balance.tenantId, def, balance.subjectId, row, epoch, nowMs);
    if (current !== balance) refreshNamed(balance, current.period, current.version, current.remaining);
  }

  /** Reads the balance (one query; concurrent reads of one balance share it). */
  load(tenantId: string, def: LimitDefinition, subjectId: string, nowMs: number): Promise<NamedBalance> {
    const id = namedBalanceId(tenantId, def.name, subjectId);
    let p = this.loading.get(id);
    if (p === undefined) {
      p = this.read(id, tenantId, def, subjectId, nowMs).finally(() => this.loading.delete(id));
      this.loading.set(id, p);
    }
    return p;
  }

  private async read(id: string, tenantId: string, def: LimitDefinition, subjectId: string, nowMs: number): Promise<NamedBalance> {
    // The epoch before the read: a change during it makes the balance read again at its next use.
    const epoch = this.epochOf(tenantId).value;
    return this.fromRow(id, tenantId, def, subjectId, await this.readRow(tenantId, def.name, subjectId), epoch, nowMs);
  }

  private readRow(tenantId: string, name: string, subjectId: string) {
    return this.store.db.selectFrom('limit_balances').select(['remaining', 'period_ms', 'version'])
      .where('tenant_id', '=', tenantId).where('name', '=', name).where('subject_id', '=', subjectId).executeTakeFirst();
  }

  /** The balance as a row read (none: not yet written) gives it, into the object this node holds. */
  private fromRow(
    id: string, tenantId: string, def: LimitDefinition, subjectId: string,
    row: { remaining: number | string; period_ms: number | string; version: number | string } | undefined, epoch: number, nowMs: number,
  ): NamedBalance {
    const tenantEpoch = this.epochOf(tenantId);
    const version = row ? Number(row.version) : 0;
    const stored = currentBalance(def, row ? { remaining: Number(row.remaining), period: Number(row.period_ms) } : null, nowMs);
    const { spent, flushing, held } = this.unflushed(id, stored.period, version);
    const left = stored.remaining - spent;
    let balance = this.balances.get(id);
    if (balance === undefined && held !== undefined) {
      // Dropped while a flush of it is under way: the flush's own object comes back (see balances.ts).
      held.epoch = epoch;
      this.keep(held);
      return held;
    }
    if (balance === undefined) {
      balance = { id, tenantId, name: def.name, subjectId, per: def.per, period: stored.period, version, remaining: left, epoch, tenantEpoch, refilledPeriod: -1 };
      this.keep(balance);
    } else {
      // A top-up is a new version and replaces the count; otherwise the lower count is the newer,
      // unless a flush of this (period, version) is under way (balances.ts, Unflushed).
      const sameCount = stored.period === balance.period && version === balance.version;
      if (!flushing || !sameCount) refreshNamed(balance, stored.period, version, left);
      balance.epoch = epoch;
    }
    return balance;
  }
}
