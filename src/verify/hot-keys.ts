// A small memo of hot keys in front of the key table, by the low bits of a cache key's first four
// bytes: the cache key's bytes, and its entry object once the key is used twice in a row. With a
// million keys their records lie on a thousand different memory pages, and each visit would wait on
// address translation as well as on memory; a hot key is answered from here without touching them.
import type { KeyEntry } from './decide.js';

/** A cache key: the 32-byte HMAC as a one-byte (latin1) string. */
export const CACHE_KEY_LENGTH = 32;
const MEMO = 4096; // hot keys remembered with their entry objects

/** The first four bytes of a cache key, which place it in the index and screen probes. */
export function head(key: string): number {
  return (key.charCodeAt(0) | (key.charCodeAt(1) << 8) | (key.charCodeAt(2) << 16) | (key.charCodeAt(3) << 24)) >>> 0;
}

export class HotKeys {
  private readonly bytes = new Uint8Array(MEMO * CACHE_KEY_LENGTH);
  private readonly heads = new Uint32Array(MEMO);
  private readonly used = new Uint8Array(MEMO);
  private readonly entries: (KeyEntry | null)[] = new Array(MEMO).fill(null);

  /** The memo cell of a key with this head. */
  cell(keyHead: number): number {
    return keyHead & (MEMO - 1);
  }

  /** Whether the cell has been claimed by this key. */
  holds(at: number, key: string, keyHead: number): boolean {
    if (this.used[at] === 0) return false;
    const bytes = this.bytes;
    const from = at * CACHE_KEY_LENGTH;
    for (let i = 4; i < CACHE_KEY_LENGTH; i++) if (bytes[from + i] !== key.charCodeAt(i)) return false;
    // The low bits of the head chose the cell; the rest of it must match too.
    return keyHead === this.heads[at];
  }

  /** The entry object kept in a cell the key holds, or null when it is only claimed. */
  kept(at: number): KeyEntry | null {
    return this.entries[at];
  }

  keep(at: number, entry: KeyEntry): void {
    this.entries[at] = entry;
  }

  /** A first use only claims the cell, in bytes; keeping objects for every key in use would churn the memo. */
  claim(at: number, key: string, keyHead: number): void {
    const from = at * CACHE_KEY_LENGTH;
    for (let i = 0; i < CACHE_KEY_LENGTH; i++) this.bytes[from + i] = key.charCodeAt(i);
    this.heads[at] = keyHead;
    this.used[at] = 1;
    if (this.entries[at] !== null) this.entries[at] = null;
  }

  /** Drops what the memo holds for keys with this head; run whenever a key's entry changes or goes. */
  forget(keyHead: number): void {
    const at = keyHead & (MEMO - 1);
    this.used[at] = 0;
    this.entries[at] = null;
  }

  clear(): void {
    this.used.fill(0);
    this.entries.fill(null);
  }
}
