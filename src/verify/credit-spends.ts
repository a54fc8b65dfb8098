// Credits spent on this node, per balance, until a flush writes them: one statement per balance
// subtracts them from every key of it, and the count that comes back refreshes this node's view.
import { sql, type ExpressionBuilder } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Trx } from '../store/store.js';
import { refreshBalance, type Unflushed } from './balances.js';
import type { CreditBalance } from './decide.js';

interface Spend {
  balance: CreditBalance;
  // The balance's version the credits were spent against: after a top-up they are not charged to it.
  version: number;
  spent: number;
}

export class CreditSpends {
  private spends = new Map<string, Spend>();
  private inFlight: Map<string, Spend> | null = null;

  get size(): number {
    return this.spends.size;
  }

  /** A valid verification spent `cost` from the balance (0 too: the flush then refreshes its count). */
  record(balance: CreditBalance, cost: number): void {
    let s = this.spends.get(balance.id);
    if (s === undefined) {
      this.spends.set(balance.id, (s = { balance, version: balance.version, spent: 0 }));
    } else if (s.version !== balance.version) {
      s.version = balance.version;
      s.spent = 0;
    }
    s.spent += cost;
  }

  /** Credits spent from this version of the balance and not yet committed (counting a flush under way). */
  unflushed(balanceId: string, version: number): number {
    const now = this.spends.get(balanceId);
    const flushing = this.inFlight?.get(balanceId);
    return (now?.version === version ? now.spent : 0) + (flushing?.version === version ? flushing.spent : 0);
  }

  /** For a row read now (see Unflushed). */
  readBack(balanceId: string, version: number): Unflushed<CreditBalance> {
    const flushing = this.inFlight?.get(balanceId);
    const isFlushing = flushing?.version === version;
    return { spent: this.unflushed(balanceId, version), flushing: isFlushing, ...(isFlushing && { held: flushing!.balance }) };
  }

  /** Hands the spends to a flush; they count as unflushed until `settle` or `restore`. */
  take(): Map<string, Spend> {
    const taken = this.spends;
    this.spends = new Map();
    this.inFlight = taken;
    return taken;
  }

  /** The flush failed: keep the spends for the next one. */
  restore(taken: Map<string, Spend>): void {
    this.inFlight = null;
    for (const [id, from] of taken) {
      const s = this.spends.get(id);
      if (s === undefined) this.spends.set(id, from);
      else if (s.version === from.version) s.spent += from.spent;
      else if (from.version > s.version) this.spends.set(id, { ...from, spent: from.spent });
    }
  }

  /**
   * Subtracts the spends from every key of each balance (the version guard drops spends made before
   * a top-up), and answers each balance's count as the database now has it: every node's spending.
   * Balances in id order, as the lock order wants keys.
   */
  async write(trx: Trx, taken: Map<string, Spend>, statement: () => void): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const [id, s] of [...taken].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const ofBalance = (eb: ExpressionBuilder<Database, 'api_keys'>) => eb.and([eb.or([eb('id', '=', id), eb('credits_id', '=', id)]),
        eb('credits_version', '=', s.version), eb('remaining', 'is not', null)]);
      statement();
      const row = s.spent > 0
        ? await trx.updateTable('api_keys').set({ remaining: sql`remaining - ${s.spent}` }).where(ofBalance)
          .returning('remaining').executeTakeFirst()
        : await trx.selectFrom('api_keys').select('remaining').where(ofBalance).limit(1).executeTakeFirst();
      if (row && row.remaining !== null) counts.set(id, Number(row.remaining));
    }
    return counts;
  }

  /** The flush committed: this node's view of each balance is the database's, less what it spent since. */
  settle(taken: Map<string, Spend>, counts: Map<string, number>): void {
    this.inFlight = null;
    for (const [id, left] of counts) {
      const s = taken.get(id)!;
      refreshBalance(s.balance, s.version, left - this.unflushed(id, s.version));
    }
  }
}
