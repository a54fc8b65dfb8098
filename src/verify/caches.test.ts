import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateKey } from '../domain/key-format.js';
import { openStore, type Store } from '../store/store.js';
import { cacheKeyToHex, NEGATIVE_TTL_MS } from './caches.js';
import { Verifier } from './verifier.js';

describe('the negative cache', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ url: 'sqlite::memory:' });
    await store.migrate();
  });
  afterAll(async () => { await store.close(); });

  function verifierAt(clock: { now: number }, maxNegative = 1000) {
    return new Verifier(store, Buffer.from('unit-test-secret-0123456789abcdefghij'), {
      ipFailuresPerMinute: 0, flushIntervalMs: 1000, pollIntervalMs: 1000, now: () => clock.now, maxNegative,
    });
  }

  it('answers NOT_FOUND for an unknown key from memory until its entry expires', async () => {
    const clock = { now: 1_700_000_000_000 };
    const verifier = verifierAt(clock);
    const load = vi.spyOn(verifier.caches, 'loadKey');
    const { secret } = generateKey('kw');
    expect(await verifier.verify(secret, {}, '127.0.0.1')).toEqual({ valid: false, code: 'NOT_FOUND' });
    expect(load).toHaveBeenCalledTimes(1);
    clock.now += NEGATIVE_TTL_MS - 1;
    expect(await verifier.verify(secret, {}, '127.0.0.1')).toEqual({ valid: false, code: 'NOT_FOUND' });
    expect(load).toHaveBeenCalledTimes(1);
    clock.now += 2;
    expect(await verifier.verify(secret, {}, '127.0.0.1')).toEqual({ valid: false, code: 'NOT_FOUND' });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('stays within its size under a flood of distinct bad keys', async () => {
    const clock = { now: 1_700_000_000_000 };
    const verifier = verifierAt(clock, 50);
    for (let i = 0; i < 500; i++) {
      expect((await verifier.verify(generateKey('kw').secret, {}, '127.0.0.1')).valid).toBe(false);
      expect(verifier.caches.negative.size).toBeLessThanOrEqual(50);
    }
    expect(verifier.caches.negative.size).toBe(50);
  });

  it('makes one query for a burst of requests for the same cold key', async () => {
    const verifier = verifierAt({ now: Date.now() });
    // The key row is read through a statement compiled once (caches.ts): count the reads themselves.
    const query = vi.spyOn(verifier.caches, 'readKeyRow');
    const { secret } = generateKey('kw');
    await Promise.all(Array.from({ length: 20 }, () => verifier.verify(secret, {}, '127.0.0.1')));
    expect(query).toHaveBeenCalledTimes(1);
    query.mockRestore();
  });

  it('reads a key again when a change of it came while it was read, and caches only the second read', async () => {
    const verifier = verifierAt({ now: Date.now() });
    const { secret } = generateKey('kw');
    const read = vi.spyOn(verifier.caches, 'readKeyRow');
    const pending = verifier.verify(secret, {}, '127.0.0.1');
    verifier.caches.apply({ kind: 'key', tenantId: null, subjectId: 'key_x', keyHash: cacheKeyToHex(verifier.cacheKey(secret)) });
    expect(await pending).toEqual({ valid: false, code: 'NOT_FOUND' });
    expect(read).toHaveBeenCalledTimes(2);
    expect(verifier.caches.isKnownMissing(verifier.cacheKey(secret), Date.now())).toBe(true);
  });

  it('leaves a load alone when another key changes meanwhile', async () => {
    const verifier = verifierAt({ now: Date.now() });
    const { secret } = generateKey('kw');
    const read = vi.spyOn(verifier.caches, 'readKeyRow');
    const pending = verifier.verify(secret, {}, '127.0.0.1');
    verifier.caches.apply({ kind: 'key', tenantId: null, subjectId: 'key_x', keyHash: '00'.repeat(32) });
    expect(await pending).toEqual({ valid: false, code: 'NOT_FOUND' });
    expect(read).toHaveBeenCalledTimes(1);
  });
});
