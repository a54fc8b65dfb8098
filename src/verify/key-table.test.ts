import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_SCOPES } from '../domain/scopes.js';
import type { KeyEntry } from './decide.js';
import { KeyTable } from './key-table.js';
import { newId } from '../domain/ids.js';

/** A 32-byte cache key; `head` fixes the first four bytes so keys can be made to collide in the index. */
function cacheKey(n: number, head = n): string {
  const bytes = Buffer.alloc(32);
  bytes.writeUInt32LE(head >>> 0, 0);
  bytes.writeUInt32LE(n >>> 0, 4);
  bytes[31] = 0xff; // a byte past 0x7f: the key is latin1, one char per byte
  return bytes.toString('latin1');
}

function entry(n: number, over: Partial<KeyEntry> = {}): KeyEntry {
  return {
    id: `key_${n}`, tenantId: `ten_${n % 3}`, ownerId: `usr_${n % 5}`, name: `key ${n}`, scopes: DEFAULT_SCOPES,
    expiresAtMs: n % 2 ? Infinity : 1_700_000_000_000 + n, expiresAt: n % 2 ? null : new Date(1_700_000_000_000 + n).toISOString(),
    revoked: n % 7 === 0, management: n % 11 === 0, limits: null, extras: null, answer: null, slot: -1, ...over,
  };
}

describe('the packed key table', () => {
  it('gives back every field it was given', () => {
    const table = new KeyTable(10);
    const scoped = entry(1, { scopes: [{ resourceId: 'res_a', permission: 'write' }], limits: { ratelimit: { limit: 5, durationMs: 1000 }, credits: { id: 'key_1', version: 2, remaining: 9 } } });
    table.set(cacheKey(1), scoped);
    table.set(cacheKey(14), entry(14));
    // Each entry comes back with the slot it sits in, in the order they came.
    expect(table.get(cacheKey(1))).toEqual({ ...scoped, slot: 0 });
    expect(table.get(cacheKey(14))).toEqual({ ...entry(14), slot: 1 });
    expect(table.get(cacheKey(14))!.scopes).toBe(DEFAULT_SCOPES);
    expect(table.get(cacheKey(2))).toBeUndefined();
    expect(table.get('short')).toBeUndefined();
  });

  it('gives back generated key ids (packed in the record) and other ids (kept aside), and drops either by id', () => {
    const table = new KeyTable(10);
    const generated = entry(2, { id: newId('key') });
    const other = entry(3, { id: 'key_imported-by-hand' });
    table.set(cacheKey(2), generated);
    table.set(cacheKey(3), other);
    expect(table.get(cacheKey(2))).toEqual({ ...generated, slot: 0 });
    expect(table.get(cacheKey(3))).toEqual({ ...other, slot: 1 });
    // A slot reused by a generated id after an odd one forgets the odd one.
    expect(table.deleteById(other.id)).toBe(1);
    table.set(cacheKey(4), entry(4, { id: newId('key') }));
    expect(table.get(cacheKey(4))!.id).toMatch(/^key_[0-9a-z]{26}$/);
    expect(table.get(cacheKey(4))!.slot).toBe(1);
    expect(table.deleteById(generated.id)).toBe(1);
    expect(table.get(cacheKey(2))).toBeUndefined();
    expect(table.size).toBe(1);
  });

  it('gives back names of any script and length, after many replacements have rebuilt the name buffer', () => {
    const table = new KeyTable(100, 4);
    const names = ['', 'ключ', '🔑 key', 'x'.repeat(200), 'y'.repeat(30_000)];
    for (let round = 0; round < 50; round++) {
      for (let n = 0; n < 20; n++) table.set(cacheKey(n), entry(n, { name: `${names[(n + round) % names.length]} ${round}` }));
      if (round % 7 === 3) table.delete(cacheKey(round % 20));
    }
    for (let n = 0; n < 20; n++) expect(table.get(cacheKey(n))!.name).toBe(`${names[(n + 49) % names.length]} 49`);
  });

  it('keeps an expiry text that is not in the canonical ISO form as it was stored', () => {
    const table = new KeyTable(10);
    const odd = entry(2, { expiresAt: '2027-01-01T00:00:00Z', expiresAtMs: Date.parse('2027-01-01T00:00:00Z') });
    table.set(cacheKey(2), odd);
    expect(table.get(cacheKey(2))).toEqual({ ...odd, slot: 0 });
    table.set(cacheKey(2), entry(2));
    expect(table.get(cacheKey(2))!.expiresAt).toBe(entry(2).expiresAt);
  });

  it('formats the expiry of a key that took over a freed slot, not the one before it', () => {
    const table = new KeyTable(10);
    table.set(cacheKey(4), entry(4));
    // Twice: the second use keeps the object, which the delete must then drop.
    expect(table.get(cacheKey(4))!.expiresAt).toBe(entry(4).expiresAt);
    expect(table.get(cacheKey(4))).toBe(table.get(cacheKey(4)));
    table.delete(cacheKey(4));
    expect(table.get(cacheKey(4))).toBeUndefined();
    table.set(cacheKey(6), entry(6));
    expect(table.get(cacheKey(6))!.expiresAt).toBe(entry(6).expiresAt);
  });

  it('gives the new fields after an entry is replaced under the same key', () => {
    const table = new KeyTable(10);
    table.set(cacheKey(5), entry(5, { revoked: false }));
    expect(table.get(cacheKey(5))!.revoked).toBe(false);
    expect(table.get(cacheKey(5))!.revoked).toBe(false);
    table.set(cacheKey(5), entry(5, { revoked: true }));
    expect(table.get(cacheKey(5))!.revoked).toBe(true);
  });

  it('never answers one key with another that shares its memo cell', () => {
    const table = new KeyTable(10);
    // Same first four bytes (one memo cell), different keys.
    table.set(cacheKey(1, 9), entry(1));
    table.set(cacheKey(2, 9), entry(2));
    expect(table.get(cacheKey(1, 9))!.id).toBe('key_1');
    expect(table.get(cacheKey(1, 9))!.id).toBe('key_1');
    expect(table.get(cacheKey(2, 9))!.id).toBe('key_2');
    expect(table.get(cacheKey(3, 9))).toBeUndefined();
    // Same low bits of the head (the memo's set), another head.
    table.set(cacheKey(1, 9 + 2048), entry(4));
    expect(table.get(cacheKey(1, 9 + 2048))!.id).toBe('key_4');
    expect(table.get(cacheKey(1, 9))!.id).toBe('key_1');
    expect(table.get(cacheKey(1, 9))!.id).toBe('key_1');
    expect(table.get(cacheKey(1, 9 + 2048))!.id).toBe('key_4');
  });

  it('answers each key with its own entry when one key takes over a cell another key with the same head only claimed', () => {
    const table = new KeyTable(10);
    // Same first four bytes: a claim holds the head alone, so the second key's use finds the first's claim.
    table.set(cacheKey(1, 9), entry(1));
    table.set(cacheKey(2, 9), entry(2));
    expect(table.get(cacheKey(1, 9))!.id).toBe('key_1'); // claims
    expect(table.get(cacheKey(2, 9))!.id).toBe('key_2'); // takes that cell over: kept for key 2
    const kept = table.get(cacheKey(2, 9));
    expect(kept!.id).toBe('key_2');
    for (let round = 0; round < 3; round++) {
      expect(table.get(cacheKey(1, 9))!.id).toBe('key_1');
      expect(table.get(cacheKey(2, 9))!.id).toBe('key_2');
    }
    // Both kept by now, each in its own cell.
    expect(table.get(cacheKey(1, 9))).toBe(table.get(cacheKey(1, 9)));
    expect(table.get(cacheKey(2, 9))).toBe(kept);
    // A key not in the table, with the same head, finds nothing, claimed cell or not.
    expect(table.get(cacheKey(3, 9))).toBeUndefined();
    expect(table.get(cacheKey(3, 9))).toBeUndefined();
    expect(table.get(cacheKey(1, 9))!.id).toBe('key_1');
  });

  it('keeps the entry objects of hot keys that share a memo set, and answers each with its own when more share it than it holds', () => {
    const table = new KeyTable(10);
    const keys = [1, 2, 3, 4].map((n) => cacheKey(n, 9 + 2048 * n));
    keys.forEach((key, n) => table.set(key, entry(n)));
    // Used in turn, as keys in use come round: from the second round each keeps its object.
    for (const key of keys) table.get(key);
    const kept = keys.map((key) => table.get(key));
    for (let round = 0; round < 3; round++) keys.forEach((key, n) => expect(table.get(key)).toBe(kept[n]));
    // A fifth key in the set takes a cell; every key still gets its own entry.
    const fifth = cacheKey(5, 9 + 2048 * 5);
    table.set(fifth, entry(4));
    for (let round = 0; round < 3; round++) [...keys, fifth].forEach((key, n) => expect(table.get(key)!.id).toBe(`key_${n}`));
    // A changed entry is never answered from the memo.
    table.set(keys[2], entry(2, { revoked: true }));
    expect(table.get(keys[2])!.revoked).toBe(true);
    expect(table.get(keys[2])!.revoked).toBe(true);
  });

  it('keeps two hot keys of one memo set whose cells a pass over many keys had all claimed', () => {
    const table = new KeyTable(100);
    // Keys used once each fill the set with claims, as a pass over a million keys leaves every set.
    const passing = Array.from({ length: 40 }, (_, n) => cacheKey(100 + n, 9 + 2048 * (10 + n)));
    passing.forEach((key, n) => table.set(key, entry(100 + n)));
    for (const key of passing) table.get(key);
    // Then two keys of that set come into use, in turn. Before, both claimed the first cell only
    // claimed, took it from each other on every use, and were read from the table each time.
    const hot = [7, 8].map((n) => cacheKey(n, 9 + 2048 * n));
    hot.forEach((key, n) => table.set(key, entry(n)));
    for (let round = 0; round < 20; round++) for (const key of hot) table.get(key);
    const kept = hot.map((key) => table.get(key));
    for (let round = 0; round < 3; round++) hot.forEach((key, n) => expect(table.get(key)).toBe(kept[n]));
  });

  it('keeps most of five keys that come round in turn in one memo set of four cells', () => {
    const table = new KeyTable(100);
    const keys = [1, 2, 3, 4, 5].map((n) => cacheKey(n, 9 + 2048 * n));
    keys.forEach((key, n) => table.set(key, entry(n)));
    for (let round = 0; round < 10; round++) for (const key of keys) table.get(key);
    const first = keys.map((key) => table.get(key));
    const second = keys.map((key) => table.get(key));
    // Claims taking the cells in turn kept none: each key's claim was taken just before its next use.
    expect(keys.filter((_, n) => first[n] === second[n]).length).toBeGreaterThanOrEqual(3);
  });

  it('shares the limits object, so credits refreshed by a flush are seen by the next lookup', () => {
    const table = new KeyTable(10);
    table.set(cacheKey(3), entry(3, { limits: { ratelimit: null, credits: { id: 'key_3', version: 0, remaining: 10 } } }));
    table.get(cacheKey(3))!.limits!.credits!.remaining = 4;
    expect(table.get(cacheKey(3))!.limits!.credits!.remaining).toBe(4);
  });

  it('finds keys whose first four bytes collide, and keeps finding them after deletes', () => {
    const table = new KeyTable(1000, 8);
    for (let n = 0; n < 40; n++) table.set(cacheKey(n, 7), entry(n));
    for (let n = 0; n < 40; n += 3) expect(table.delete(cacheKey(n, 7))).toBe(true);
    for (let n = 0; n < 40; n++) expect(table.get(cacheKey(n, 7))?.id).toBe(n % 3 === 0 ? undefined : `key_${n}`);
    expect(table.size).toBe(26);
  });

  it('drops every entry of a key id, and empties on clear', () => {
    const table = new KeyTable(10);
    table.set(cacheKey(1), entry(1));
    table.set(cacheKey(2), entry(1));
    table.set(cacheKey(3), entry(3));
    // Each used twice, so the memo holds them: dropping must reach it too.
    for (const n of [1, 2, 3, 1, 2, 3]) table.get(cacheKey(n));
    expect(table.deleteById('key_1')).toBe(2);
    expect(table.get(cacheKey(1))).toBeUndefined();
    expect(table.size).toBe(1);
    expect(table.get(cacheKey(3))?.id).toBe('key_3');
    table.clear();
    expect(table.size).toBe(0);
    expect(table.get(cacheKey(3))).toBeUndefined();
  });

  it('stays within its size, evicting the oldest entries first', () => {
    const table = new KeyTable(100, 4);
    for (let n = 0; n < 250; n++) {
      table.set(cacheKey(n), entry(n));
      table.get(cacheKey(n));
      table.get(cacheKey(n));
    }
    expect(table.size).toBe(100);
    expect(table.has(cacheKey(149))).toBe(false);
    for (let n = 150; n < 250; n++) expect(table.get(cacheKey(n))?.id).toBe(`key_${n}`);
  });

  it('agrees with a Map under any sequence of sets, deletes and clears', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), n: fc.integer({ min: 0, max: 300 }), head: fc.integer({ min: 0, max: 15 }) }),
      fc.record({ kind: fc.constant('delete' as const), n: fc.integer({ min: 0, max: 300 }), head: fc.integer({ min: 0, max: 15 }) }),
      fc.record({ kind: fc.constant('clear' as const), n: fc.constant(0), head: fc.constant(0) }),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
      const table = new KeyTable(10_000, 2);
      const model = new Map<string, KeyEntry>();
      for (const { kind, n, head } of ops) {
        const key = cacheKey(n, head);
        if (kind === 'set') {
          table.set(key, entry(n));
          model.set(key, entry(n));
        } else if (kind === 'delete') {
          if (table.delete(key) !== model.delete(key)) return false;
        } else {
          table.clear();
          model.clear();
        }
      }
      if (table.size !== model.size) return false;
      // Compared as one value: an expect per key made the run slow.
      const seen: unknown[] = [];
      const wanted: unknown[] = [];
      for (let n = 0; n <= 300; n++) {
        for (let head = 0; head <= 15; head++) {
          const [got, want] = [table.get(cacheKey(n, head)), model.get(cacheKey(n, head))];
          seen.push(got && `${got.id} ${got.expiresAt}`);
          wanted.push(want && `${want.id} ${want.expiresAt}`);
        }
      }
      expect(seen).toEqual(wanted);
    }), { numRuns: 200 });
  });
});
