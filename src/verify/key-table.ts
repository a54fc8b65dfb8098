// The cached keys, packed so a million take about 240 bytes of resident memory each: a Map of one
// object per key cost ~850, and its scattered objects made lookups wait on main memory.
//
// - An open-addressing index (linear probing, at most half full) of [first 4 hash bytes, slot + 1]
//   pairs: a probe compares the 4 bytes before it touches a record.
// - Fixed-size records in one ArrayBuffer, by slot: the full 32-byte HMAC, the expiry, the interned
//   tenant and owner, the flags, and the key id's body packed in 17 bytes (key-id-bytes.ts): a
//   string per id cost 56 bytes of heap a key (header, 30 characters, reference), the packed body
//   costs 17, and the id string is made again on lookup (about 60 ns; hot keys keep theirs in the
//   memo). An id not in the generated form (none today) is kept as a string in a side map.
// - Names as UTF-8 bytes in one growing buffer (offset and length in the record), made into a
//   string again on lookup: a string and its reference cost some 32 bytes of heap a key and left
//   the collector a million objects to trace. A replaced or dropped name's bytes are reclaimed
//   when the buffer is next rebuilt. The expiry is kept as a number and formatted per answer
//   (iso-time.ts).
// - Side maps, by slot, for what few keys have: scopes other than the default, limits, and v1.1's
//   extras (key-extras.ts).
// - In front of it all, a small memo of hot keys and their entry objects (hot-keys.ts).
import { DEFAULT_SCOPES, type Scope } from '../domain/scopes.js';
import type { KeyEntry, KeyLimits } from './decide.js';
import type { KeyExtras } from './key-extras.js';
import { isoString } from './iso-time.js';
import { CACHE_KEY_LENGTH, head, HotKeys } from './hot-keys.js';
import { decodeKeyId, encodeKeyId } from './key-id-bytes.js';

export { CACHE_KEY_LENGTH };

// bytes per record: hash 0–31, expiresAtMs 32–39, tenant 40–43, owner 44–47, flags 48, id 49–65,
// name length 66–67, name offset 68–71
const RECORD = 72;
const F64_EXPIRES = 4; // expiresAtMs as a Float64Array index within a record (32 / 8)
const U32_TENANT = 10; // tenant as a Uint32Array index within a record (40 / 4)
const U32_OWNER = 11;
const FLAGS = 48;
const ID = 49;
const U16_NAME_LENGTH = 33; // 66 / 2
const U32_NAME_AT = 17; // 68 / 4
const MAX_NAME_BYTES = 0xffff;
const LIVE = 1;
const REVOKED = 2;
const MANAGEMENT = 4;
// Set when the slot has an entry in a side map: the common key costs no Map lookup.
const HAS_SCOPES = 8;
const HAS_LIMITS = 16;
const ODD_EXPIRY = 32;
const HAS_EXTRAS = 64;
const ODD_ID = 128;
const IN_SIDE_MAPS = HAS_SCOPES | HAS_LIMITS | ODD_EXPIRY | HAS_EXTRAS | ODD_ID;

function setOrDelete<V>(map: Map<number, V>, slot: number, keep: boolean, value: V | null): void {
  if (keep) map.set(slot, value!);
  else map.delete(slot);
}

export class KeyTable {
  private index: Uint32Array; // pairs [head, slot + 1]; slot + 1 === 0 is an empty cell
  private mask: number; // cells - 1
  private records: ArrayBuffer;
  private bytes: Uint8Array;
  private words: Uint32Array;
  private floats: Float64Array;
  private halves: Uint16Array;
  private names: Buffer;
  private namesUsed = 0; // bytes of `names` handed out
  private namesFreed = 0; // of those, bytes of names replaced or dropped
  private readonly scopes = new Map<number, readonly Scope[]>();
  private readonly limits = new Map<number, KeyLimits>();
  private readonly extras = new Map<number, KeyExtras>();
  // An expiry whose stored text is not what isoString gives back (written by hand, say): kept as is.
  private readonly oddExpiries = new Map<number, string>();
  private readonly oddIds = new Map<number, string>();
  // A name longer than its length field holds (none within the API's 200 characters).
  private readonly oddNames = new Map<number, string>();
  // Tenant and owner ids, each stored once and referred to by number from the records.
  private readonly ids: string[] = [];
  private readonly idNumbers = new Map<string, number>();
  // The last tenant and owner numbered: keys come in runs of them (a bulk load reads in order), and
  // comparing with the last costs less than hashing each id read anew from the database.
  private readonly lastIds: (string | null)[] = [null, null];
  private readonly lastNumbers = [0, 0];
  private readonly free: number[] = [];
  private readonly hot = new HotKeys();
  private used = 0; // slots handed out, live or freed
  private count = 0;
  private hand = 0; // the next slot to consider for eviction when full

  constructor(private readonly maxKeys: number, initialSlots = 1024) {
    this.mask = 2 * initialSlots - 1;
    this.index = new Uint32Array(4 * initialSlots);
    this.records = new ArrayBuffer(initialSlots * RECORD);
    this.bytes = new Uint8Array(this.records);
    this.words = new Uint32Array(this.records);
    this.floats = new Float64Array(this.records);
    this.halves = new Uint16Array(this.records);
    this.names = Buffer.alloc(initialSlots * 16);
  }

  get size(): number {
    return this.count;
  }

  /** The cached key as an object over its packed fields, shared while the key stays hot, so read-only; undefined when not cached. */
  get(key: string): KeyEntry | undefined {
    if (key.length !== CACHE_KEY_LENGTH) return undefined;
    // Hot keys are answered from the memo without touching the table.
    const keyHead = head(key);
    const at = this.hot.find(key, keyHead);
    if (at >= 0) {
      const kept = this.hot.kept(at);
      if (kept !== null) return kept;
    }
    const slot = this.find(key);
    if (slot < 0) return undefined;
    const entry = this.entryAt(slot);
    // The second use keeps the object: keeping one for every key in use would churn the memo, each
    // kept object outliving the young generation (collector work for no gain).
    if (at >= 0) this.hot.keep(at, key, entry);
    else this.hot.claim(keyHead);
    return entry;
  }

  has(key: string): boolean {
    return this.find(key) >= 0;
  }

  /** Caches the entry under its key, replacing one cached before; evicts the oldest slot when full. */
  set(key: string, entry: KeyEntry): void {
    if (key.length !== CACHE_KEY_LENGTH) throw new Error('a cache key is 32 bytes');
    let slot = this.find(key);
    if (slot < 0) {
      if (this.count >= this.maxKeys) this.evictOne();
      slot = this.allocate();
      this.insertIndex(head(key), slot);
      this.count++;
    }
    this.write(slot, key, entry);
  }

  delete(key: string): boolean {
    const cell = this.findCell(key);
    if (cell < 0) return false;
    this.remove(cell);
    return true;
  }

  /** Drops every entry of this key id (changes without a hash; not on the hot path). */
  deleteById(id: string): number {
    let dropped = 0;
    for (let slot = 0; slot < this.used; slot++) {
      if ((this.bytes[slot * RECORD + FLAGS] & LIVE) !== 0 && this.idAt(slot) === id) {
        this.remove(this.cellOf(slot));
        dropped++;
      }
    }
    return dropped;
  }

  clear(): void {
    this.index.fill(0);
    this.bytes.fill(0);
    this.namesUsed = 0;
    this.namesFreed = 0;
    this.oddNames.clear();
    this.scopes.clear();
    this.limits.clear();
    this.extras.clear();
    this.oddExpiries.clear();
    this.oddIds.clear();
    this.hot.clear();
    this.ids.length = 0;
    this.idNumbers.clear();
    this.lastIds.fill(null);
    this.free.length = 0;
    this.used = 0;
    this.count = 0;
    this.hand = 0;
  }

  private find(key: string): number {
    const cell = this.findCell(key);
    return cell < 0 ? -1 : this.index[2 * cell + 1] - 1;
  }

  /** The index cell holding this key, or -1. */
  private findCell(key: string): number {
    if (key.length !== CACHE_KEY_LENGTH) return -1;
    const h = head(key);
    const index = this.index;
    for (let cell = h & this.mask; ; cell = (cell + 1) & this.mask) {
      const stored = index[2 * cell + 1];
      if (stored === 0) return -1;
      if (index[2 * cell] !== h) continue;
      if (this.sameHash(stored - 1, key)) return cell;
    }
  }

  private sameHash(slot: number, key: string): boolean {
    const bytes = this.bytes;
    const at = slot * RECORD;
    // The first four bytes already matched in the index.
    for (let i = 4; i < CACHE_KEY_LENGTH; i++) if (bytes[at + i] !== key.charCodeAt(i)) return false;
    return true;
  }

  /** The cell pointing at a live slot (by its stored hash). */
  private cellOf(slot: number): number {
    const at = slot * RECORD;
    const b = this.bytes;
    const h = (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
    for (let cell = h & this.mask; ; cell = (cell + 1) & this.mask) {
      if (this.index[2 * cell + 1] === slot + 1) return cell;
    }
  }

  private idAt(slot: number): string {
    const at = slot * RECORD;
    return (this.bytes[at + FLAGS] & ODD_ID) !== 0 ? this.oddIds.get(slot)! : decodeKeyId(this.bytes, at + ID);
  }

  private nameAt(slot: number): string {
    const length = this.halves[slot * (RECORD / 2) + U16_NAME_LENGTH];
    if (length === MAX_NAME_BYTES) return this.oddNames.get(slot)!;
    const from = this.words[slot * (RECORD / 4) + U32_NAME_AT];
    return this.names.toString('utf8', from, from + length);
  }

  /** Writes the slot's name into the buffer; the bytes of the name it had (when live) are freed. */
  private putName(slot: number, name: string): void {
    const h = slot * (RECORD / 2) + U16_NAME_LENGTH;
    if ((this.bytes[slot * RECORD + FLAGS] & LIVE) !== 0) {
      this.freeName(slot);
      this.halves[h] = 0; // a rebuild below copies nothing for it
    }
    const most = 3 * name.length; // UTF-8 bytes of a UTF-16 string, at most
    if (most >= MAX_NAME_BYTES) {
      this.halves[h] = MAX_NAME_BYTES;
      this.oddNames.set(slot, name);
      return;
    }
    if (this.namesUsed + most > this.names.length) this.rebuildNames(most);
    const length = this.names.write(name, this.namesUsed, 'utf8');
    this.words[slot * (RECORD / 4) + U32_NAME_AT] = this.namesUsed;
    this.halves[h] = length;
    this.namesUsed += length;
  }

  private freeName(slot: number): void {
    const length = this.halves[slot * (RECORD / 2) + U16_NAME_LENGTH];
    if (length === MAX_NAME_BYTES) this.oddNames.delete(slot);
    else this.namesFreed += length;
  }

  /** Copies the live names into a buffer with room for `more` bytes (twice what they need). */
  private rebuildNames(more: number): void {
    const old = this.names;
    const names = Buffer.alloc(Math.max(1024, 2 * (this.namesUsed - this.namesFreed + more)));
    let used = 0;
    for (let slot = 0; slot < this.used; slot++) {
      if ((this.bytes[slot * RECORD + FLAGS] & LIVE) === 0) continue;
      const length = this.halves[slot * (RECORD / 2) + U16_NAME_LENGTH];
      if (length === MAX_NAME_BYTES) continue;
      const w = slot * (RECORD / 4) + U32_NAME_AT;
      old.copy(names, used, this.words[w], this.words[w] + length);
      this.words[w] = used;
      used += length;
    }
    this.names = names;
    this.namesUsed = used;
    this.namesFreed = 0;
  }

  private entryAt(slot: number): KeyEntry {
    const w = (slot * RECORD) >> 2;
    const flags = this.bytes[slot * RECORD + FLAGS];
    const expiresAtMs = this.floats[(slot * RECORD) / 8 + F64_EXPIRES];
    return {
      id: this.idAt(slot),
      tenantId: this.ids[this.words[w + U32_TENANT]],
      ownerId: this.ids[this.words[w + U32_OWNER]],
      name: this.nameAt(slot),
      scopes: (flags & HAS_SCOPES) !== 0 ? this.scopes.get(slot)! : DEFAULT_SCOPES,
      expiresAtMs,
      expiresAt: (flags & ODD_EXPIRY) !== 0 ? this.oddExpiries.get(slot)! : expiresAtMs === Infinity ? null : isoString(expiresAtMs),
      revoked: (flags & REVOKED) !== 0,
      management: (flags & MANAGEMENT) !== 0,
      limits: (flags & HAS_LIMITS) !== 0 ? this.limits.get(slot)! : null,
      extras: (flags & HAS_EXTRAS) !== 0 ? this.extras.get(slot)! : null,
      answer: null,
      slot,
    };
  }

  private write(slot: number, key: string, entry: KeyEntry): void {
    this.hot.forget(head(key));
    const at = slot * RECORD;
    const wasFlags = this.bytes[at + FLAGS];
    for (let i = 0; i < CACHE_KEY_LENGTH; i++) this.bytes[at + i] = key.charCodeAt(i);
    this.floats[at / 8 + F64_EXPIRES] = entry.expiresAtMs;
    this.words[(at >> 2) + U32_TENANT] = this.idNumber(entry.tenantId, 0);
    this.words[(at >> 2) + U32_OWNER] = this.idNumber(entry.ownerId, 1);
    this.putName(slot, entry.name);
    const oddId = !encodeKeyId(entry.id, this.bytes, at + ID);
    let flags = LIVE | (entry.revoked ? REVOKED : 0) | (entry.management ? MANAGEMENT : 0) | (oddId ? ODD_ID : 0);
    const oddExpiry = entry.expiresAt === null ? entry.expiresAtMs !== Infinity : entry.expiresAt !== isoString(entry.expiresAtMs);
    if (oddExpiry) flags |= ODD_EXPIRY;
    if (entry.scopes !== DEFAULT_SCOPES) flags |= HAS_SCOPES;
    if (entry.limits !== null) flags |= HAS_LIMITS;
    if (entry.extras !== null) flags |= HAS_EXTRAS;
    this.bytes[at + FLAGS] = flags;
    // When neither this entry nor the one it replaces (if any) has anything in the side maps, as
    // for most keys, there is nothing to set or delete: a load of a million keys notices 5 Map calls a key.
    if (((flags | wasFlags) & IN_SIDE_MAPS) === 0) return;
    setOrDelete(this.oddExpiries, slot, oddExpiry, entry.expiresAt);
    setOrDelete(this.oddIds, slot, oddId, entry.id);
    setOrDelete(this.scopes, slot, entry.scopes !== DEFAULT_SCOPES, entry.scopes);
    setOrDelete(this.limits, slot, entry.limits !== null, entry.limits);
    setOrDelete(this.extras, slot, entry.extras !== null, entry.extras);
  }

  private idNumber(id: string, role: 0 | 1): number {
    if (id === this.lastIds[role]) return this.lastNumbers[role];
    let n = this.idNumbers.get(id);
    if (n === undefined) {
      n = this.ids.length;
      this.ids.push(id);
      this.idNumbers.set(id, n);
    }
    this.lastIds[role] = id;
    this.lastNumbers[role] = n;
    return n;
  }

  private allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.used * RECORD === this.records.byteLength) this.growRecords();
    return this.used++;
  }

  private growRecords(): void {
    const slots = (2 * this.records.byteLength) / RECORD;
    const records = new ArrayBuffer(slots * RECORD);
    new Uint8Array(records).set(this.bytes);
    this.records = records;
    this.bytes = new Uint8Array(records);
    this.words = new Uint32Array(records);
    this.floats = new Float64Array(records);
    this.halves = new Uint16Array(records);
  }

  private insertIndex(h: number, slot: number): void {
    // At most half full: probes stay short.
    if (2 * (this.count + 1) > this.mask + 1) this.growIndex();
    let cell = h & this.mask;
    while (this.index[2 * cell + 1] !== 0) cell = (cell + 1) & this.mask;
    this.index[2 * cell] = h;
    this.index[2 * cell + 1] = slot + 1;
  }

  private growIndex(): void {
    const old = this.index;
    this.mask = 2 * (this.mask + 1) - 1;
    this.index = new Uint32Array(2 * (this.mask + 1));
    for (let cell = 0; cell < old.length / 2; cell++) {
      const stored = old[2 * cell + 1];
      if (stored === 0) continue;
      let to = old[2 * cell] & this.mask;
      while (this.index[2 * to + 1] !== 0) to = (to + 1) & this.mask;
      this.index[2 * to] = old[2 * cell];
      this.index[2 * to + 1] = stored;
    }
  }

  /** Empties a cell and frees its slot; later cells of the run shift back so no probe stops early. */
  private remove(cell: number): void {
    const slot = this.index[2 * cell + 1] - 1;
    this.hot.forget(this.index[2 * cell]);
    this.freeName(slot);
    this.bytes[slot * RECORD + FLAGS] = 0;
    this.oddIds.delete(slot);
    this.scopes.delete(slot);
    this.limits.delete(slot);
    this.extras.delete(slot);
    this.oddExpiries.delete(slot);
    this.free.push(slot);
    this.count--;
    const index = this.index;
    const mask = this.mask;
    let hole = cell;
    for (let next = (hole + 1) & mask; index[2 * next + 1] !== 0; next = (next + 1) & mask) {
      const home = index[2 * next] & mask;
      // The entry at `next` may move into the hole unless its home lies cyclically in (hole, next].
      const stays = hole <= next ? home > hole && home <= next : home > hole || home <= next;
      if (stays) continue;
      index[2 * hole] = index[2 * next];
      index[2 * hole + 1] = index[2 * next + 1];
      hole = next;
    }
    index[2 * hole] = 0;
    index[2 * hole + 1] = 0;
  }

  /** Frees the next live slot after the clock hand: roughly the oldest, at no bookkeeping per hit. */
  private evictOne(): void {
    for (let tries = 0; tries < this.used; tries++) {
      const slot = this.hand;
      this.hand = (this.hand + 1) % this.used;
      if ((this.bytes[slot * RECORD + FLAGS] & LIVE) !== 0) {
        this.remove(this.cellOf(slot));
        return;
      }
    }
  }
}
