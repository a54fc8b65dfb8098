// A small memo of hot keys in front of the key table: the cache key, and its entry object once the
// key is used twice. With a million keys their records lie on a thousand different memory
// pages, and each visit would wait on address translation as well as on memory; a hot key is
// answered from here without touching them.
//
// Four ways per set, chosen by the low bits of a cache key's first four bytes. A memo of one way per
// cell put a quarter of 1,000 keys in use in a cell another key also wanted: those two took the cell
// from each other on every use, and each use made the key's entry object (and its answer) again.
import type { KeyEntry } from './decide.js';

/** A cache key: the 32-byte HMAC as a one-byte (latin1) string. */
export const CACHE_KEY_LENGTH = 32;
const WAYS = 4;
const SETS = 2048; // 8,192 hot keys remembered with their entry objects
const SET_MASK = SETS - 1;
// A claim that this many later claims in its set have not taken over is stale (see victim).
const STALE_CLAIMS = 16;

/** The first four bytes of a cache key, which place it in the index and screen probes. */
export function head(key: string): number {
  return (key.charCodeAt(0) | (key.charCodeAt(1) << 8) | (key.charCodeAt(2) << 16) | (key.charCodeAt(3) << 24)) >>> 0;
}

// A cell claimed by a first use holds the key's head alone (see claim).
const CLAIMED = '';

export class HotKeys {
  // The cache keys of kept entries: one string compare (native) costs less than 28 char-code
  // compares. CLAIMED for a cell a key has only claimed, null for a free one.
  private readonly keys: (string | null)[] = new Array(SETS * WAYS).fill(null);
  private readonly heads = new Uint32Array(SETS * WAYS);
  private readonly entries: (KeyEntry | null)[] = new Array(SETS * WAYS).fill(null);
  // Per set, the next way to give up when all four hold kept entries.
  private readonly hands = new Uint8Array(SETS);
  // Per set, the claims made in it so far (wrapping); per cell, that count when it was claimed.
  private readonly claims = new Uint32Array(SETS);
  private readonly claimedAt = new Uint32Array(SETS * WAYS);

  /**
   * The cell this key holds in the memo, or -1 when it holds none. A claimed cell is matched by the
   * head alone: another key with the same four bytes may take it over (keep stores the key that is
   * looked up), and the key that claimed it then claims another, so no key is answered with another's entry.
   */
  find(key: string, keyHead: number): number {
    const first = (keyHead & SET_MASK) * WAYS;
    for (let at = first; at < first + WAYS; at++) {
      if (this.heads[at] === keyHead && (this.keys[at] === key || this.keys[at] === CLAIMED)) return at;
    }
    return -1;
  }

  /** The entry object kept in a cell, or null when the key has only claimed it. */
  kept(at: number): KeyEntry | null {
    return this.entries[at];
  }

  /** The cell's key and its entry, found in the key table: the key's second use. */
  keep(at: number, key: string, entry: KeyEntry): void {
    this.keys[at] = key;
    this.entries[at] = entry;
  }

  /**
   * A first use only claims a cell, with the key's head alone: keeping objects for every key in use
   * would churn the memo, and with 100,000 keys in use nearly every verification claims a cell, so
   * the key string, kept there until another claim takes the cell, was young garbage the collector
   * had to copy (bench/RESULTS.md, case 5). The cell taken is a free one, else the stalest claim,
   * else the first cell only claimed, else the set's next in turn.
   */
  claim(keyHead: number): void {
    const set = keyHead & SET_MASK;
    const at = this.victim(set);
    this.keys[at] = CLAIMED;
    this.heads[at] = keyHead;
    if (this.entries[at] !== null) this.entries[at] = null;
    this.claimedAt[at] = this.claims[set]++;
  }

  /**
   * Claims go to one cell of a set while the others' claims are fresh: under traffic that comes
   * round in turn over more keys than a set holds, the other cells' keys come back and are kept
   * (taking cells in turn instead kept none of them). A claim that STALE_CLAIMS later claims in
   * its set have passed by is taken first: after a pass over many keys (a node's warm-up over a
   * million) every cell holds such a claim, and two keys then new to one set took the one cell from
   * each other on every use, never kept: a fifth of a thousand keys in use read the key table on
   * every use, far apart in memory (bench/RESULTS.md, case 5).
   */
  private victim(set: number): number {
    const first = set * WAYS;
    const now = this.claims[set];
    let claimedOnly = -1;
    let stalest = -1;
    let oldest = STALE_CLAIMS - 1;
    for (let at = first; at < first + WAYS; at++) {
      if (this.keys[at] === null) return at;
      if (this.entries[at] !== null) continue;
      if (claimedOnly < 0) claimedOnly = at;
      const age = (now - this.claimedAt[at]) >>> 0;
      if (age > oldest) {
        oldest = age;
        stalest = at;
      }
    }
    if (stalest >= 0) return stalest;
    if (claimedOnly >= 0) return claimedOnly;
    const way = this.hands[set];
    this.hands[set] = (way + 1) % WAYS;
    return first + way;
  }

  /** Drops what the memo holds for keys with this head; run whenever a key's entry changes or goes. */
  forget(keyHead: number): void {
    const first = (keyHead & SET_MASK) * WAYS;
    for (let at = first; at < first + WAYS; at++) {
      if (this.heads[at] === keyHead) {
        this.keys[at] = null;
        this.entries[at] = null;
      }
    }
  }

  clear(): void {
    this.keys.fill(null);
    this.entries.fill(null);
  }
}
