// The credit balances this node has seen, one object per balance, so that the cached keys spending
// from one balance (a rotated key and its successor) spend from one count here too.
import type { CreditBalance } from './decide.js';

/**
 * What a row read now may lack of this node's spending: the credits spent and not yet committed,
 * and whether a flush of them is under way. A flush's commit is seen by other reads before its
 * answer reaches this node, so a row read meanwhile may hold those spends or not.
 */
export interface Unflushed<B = unknown> {
  spent: number;
  flushing: boolean;
  /** With `flushing`: the balance object the flush will settle, to be kept rather than made anew. */
  held?: B;
}

export class CreditBalances {
  private readonly byId = new Map<string, CreditBalance>();

  constructor(
    private readonly max: number,
    /** Credits this node spent from a balance version and has not yet written (the usage buffer knows). */
    private readonly unflushedSpent: (balanceId: string, version: number) => Unflushed<CreditBalance>,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  /** The balance of a key row just read: the row's `remaining` less what this node spent and has not written. */
  fromRow(id: string, version: number, stored: number): CreditBalance {
    const balance = this.byId.get(id);
    if (balance !== undefined) {
      this.refresh(balance, version, stored);
      return balance;
    }
    const { spent, held } = this.unflushedSpent(id, version);
    // Dropped from the table while a flush of it is under way: the flush's own object comes back
    // (a new one from this row could count the flush's spends twice), and its settle brings the count.
    // Else bounded like the key table; a balance dropped here while keys still hold it is found
    // again at their next load, and the flush brings both copies back to the database's count.
    const kept = held ?? { id, version, remaining: stored - spent };
    this.keep(kept);
    return kept;
  }

  /** Takes a row's count into a balance object this node holds (see fromRow). */
  refresh(balance: CreditBalance, version: number, stored: number): void {
    const { spent, flushing } = this.unflushedSpent(balance.id, version);
    // While a flush of this version is under way the row may already hold its spends, and they
    // would count twice: the flush's settle brings the count instead.
    if (!flushing || version !== balance.version) refreshBalance(balance, version, stored - spent);
  }

  private keep(balance: CreditBalance): void {
    if (this.byId.size >= this.max) this.byId.delete(this.byId.keys().next().value!);
    this.byId.set(balance.id, balance);
  }

  clear(): void {
    this.byId.clear();
  }
}

/**
 * Takes a newer count of a balance. Within one version a balance only goes down, so the lower of
 * two counts is the more recent; a new version (a top-up) replaces it, an older one is stale.
 */
export function refreshBalance(balance: CreditBalance, version: number, left: number): void {
  if (version > balance.version) {
    balance.version = version;
    balance.remaining = left;
  } else if (version === balance.version && left < balance.remaining) {
    balance.remaining = left;
  }
}
