// Fixed one-minute windows of attempt or failure counts per subject (a client address, an account).
// In memory and bounded. Eviction must not help an attacker: a blocked subject is never evicted to
// make room (that would clear its own block), only windows that are not blocked are, oldest first;
// when every window is blocked, a new subject is refused until the oldest block ends (fail closed).
// Filling the table with blocked windows takes `maxEntries × limit` counted attempts in one minute,
// and filling it at all takes `maxEntries` attempts that stay counted: attempts given back, and
// refused ones, leave no window behind.

interface Window {
  start: number;
  count: number;
  /** The first refusal in this window was reported (`auth.throttled` at most once per window). */
  reported: boolean;
}

/** The answer to an attempt: counted (waitMs 0), or refused for waitMs. */
export interface Attempt {
  waitMs: number;
  /** This refusal is the subject's first in its window: report it. */
  firstRefusal: boolean;
}

const COUNTED: Attempt = Object.freeze({ waitMs: 0, firstRefusal: false });

export class FailureWindows {
  // Two tables, each in insertion order (and so roughly in order of start): evicting the oldest
  // open window is O(1), and blocked windows are kept apart so they are never evicted early.
  private readonly open = new Map<string, Window>();
  private readonly blocked = new Map<string, Window>();

  constructor(readonly limit: number, readonly windowMs = 60_000, private readonly maxEntries = 100_000) {}

  private current(subject: string, now: number): Window | undefined {
    const w = this.open.get(subject) ?? this.blocked.get(subject);
    if (w && now - w.start < this.windowMs) return w;
    if (w) {
      this.open.delete(subject);
      this.blocked.delete(subject);
    }
    return undefined;
  }

  private waitOf(w: Window, now: number): number {
    return Math.max(1, w.start + this.windowMs - now);
  }

  /** A new window for the subject, or the wait when the table holds nothing but blocked windows. */
  private newWindow(subject: string, now: number): Window | number {
    if (this.size >= this.maxEntries) {
      const oldestOpen = this.open.keys().next();
      if (!oldestOpen.done) this.open.delete(oldestOpen.value);
      else {
        for (const [s, w] of this.blocked) {
          if (now - w.start < this.windowMs) break;
          this.blocked.delete(s);
        }
        if (this.size >= this.maxEntries) return this.waitOf(this.blocked.values().next().value!, now);
      }
    }
    const w = { start: now, count: 0, reported: false };
    this.open.set(subject, w);
    return w;
  }

  private add(subject: string, w: Window): void {
    w.count++;
    if (w.count >= this.limit && this.open.delete(subject)) this.blocked.set(subject, w);
  }

  private sub(subject: string, w: Window): void {
    w.count--;
    if (w.count < this.limit && this.blocked.delete(subject)) this.open.set(subject, w);
  }

  /** Milliseconds until the subject may try again, or 0 when it is not throttled. */
  blockedFor(subject: string, now: number): number {
    if (this.limit === 0) return 0;
    const w = this.current(subject, now);
    if (w) return w.count >= this.limit ? this.waitOf(w, now) : 0;
    if (this.open.size === 0 && this.blocked.size >= this.maxEntries) return this.waitOf(this.blocked.values().next().value!, now);
    return 0;
  }

  /**
   * Counts an attempt (or `cost` of them) before it is checked, unless that would take the subject past
   * its limit: then it is refused.
   * Parallel attempts cannot all pass a check made before any of them failed.
   */
  take(subject: string, now: number, cost = 1): Attempt {
    if (this.limit === 0) return COUNTED;
    // A refused attempt makes no window: else refusals alone would fill the table and evict the
    // windows of subjects under attack, and with them their counts.
    const known = this.current(subject, now);
    if (known === undefined && cost > this.limit) return { waitMs: this.windowMs, firstRefusal: false };
    const w = known ?? this.newWindow(subject, now);
    if (typeof w === 'number') return { waitMs: w, firstRefusal: false };
    // `cost` attempts at once (a leak report counts each key it names): all of them, or none.
    if (w.count + cost > this.limit) {
      const firstRefusal = !w.reported;
      w.reported = true;
      return { waitMs: this.waitOf(w, now), firstRefusal };
    }
    w.count += cost - 1;
    this.add(subject, w);
    return COUNTED;
  }

  /** Gives back an attempt that take() counted and that succeeded (or was never checked). */
  giveBack(subject: string, now: number): void {
    const w = this.current(subject, now);
    if (!w || w.count === 0) return;
    this.sub(subject, w);
    // A window back at nothing goes, so attempts given back (successes, refusals by another
    // throttle) take no room in the table; one that reported a refusal stays, to report it once.
    if (w.count === 0 && !w.reported) this.open.delete(subject);
  }

  /** Counts a failure after the fact; answers true the first time the subject reaches the limit in this window. */
  fail(subject: string, now: number): boolean {
    if (this.limit === 0) return false;
    const w = this.current(subject, now) ?? this.newWindow(subject, now);
    if (typeof w === 'number') return false;
    this.add(subject, w);
    if (w.count >= this.limit && !w.reported) {
      w.reported = true;
      return true;
    }
    return false;
  }

  /** Blocks the subject until `untilMs` (another node saw it reach the limit). */
  block(subject: string, now: number, untilMs: number): void {
    if (this.limit === 0) return;
    const w = this.current(subject, now) ?? this.newWindow(subject, now);
    if (typeof w === 'number') return;
    w.start = untilMs - this.windowMs; // the shared window is the one that counts
    w.reported = true;
    if (w.count < this.limit) {
      w.count = this.limit - 1;
      this.add(subject, w);
    }
  }

  /** Whether any subject may be blocked right now: when not, a check needs no key at all (verify's hot path). */
  get mayBlock(): boolean {
    return this.blocked.size > 0;
  }

  clear(subject: string): void {
    this.open.delete(subject);
    this.blocked.delete(subject);
  }

  get size(): number {
    return this.open.size + this.blocked.size;
  }
}
