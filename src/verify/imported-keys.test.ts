// The verifier's switch for values not in Keywarden's format (DESIGN v1.1 "Importing keys"): off
// while no key is imported (MALFORMED), on from the first key change after an import, and never
// answered from a read that a later change overtook.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore, type Store } from '../store/store.js';
import { Verifier } from './verifier.js';

const now = new Date().toISOString();
const LEGACY = 'sk_live_0123456789abcdefghij';

describe('values not in Keywarden\'s format', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ url: 'sqlite::memory:' });
    await store.migrate();
    await store.db.insertInto('tenants').values({ id: 'ten_1', name: 'A', name_lc: 'a', settings: '{}', created_at: now, updated_at: now }).execute();
    await store.db.insertInto('users').values({
      id: 'usr_1', email: 'a@example.test', email_lc: 'a@example.test', name: 'A', name_lc: 'a', password_hash: 'x',
      is_platform_admin: 0, disabled: 0, created_at: now, updated_at: now,
    }).execute();
  });
  afterAll(async () => { await store.close(); });

  const importRow = (id: string) => store.db.insertInto('api_keys').values({
    id, tenant_id: 'ten_1', owner_id: 'usr_1', name: 'k', name_lc: 'k', description: null, email: null, search_lc: 'k', start: '',
    hash: `hash-${id}`, management: 0, scopes: '[]', created_at: now, updated_at: now, expires_at: null, revoked_at: null, revoked_by: null,
    last_used_at: null, usage_count: 0, rotated_from: null, rotated_to: null, ratelimit_limit: null, ratelimit_duration_ms: null,
    remaining: null, expiry_reminded_at: null, credits_id: id, credits_version: 0, imported: 1,
  }).execute();
  const change = (id: string) => ({ kind: 'key' as const, tenantId: 'ten_1', subjectId: id, keyHash: null });

  it('are MALFORMED until a key change shows an imported key, then looked up (NOT_FOUND when unknown)', async () => {
    const verifier = new Verifier(store, Buffer.from('unit-test-secret-0123456789abcdefghij'), { ipFailuresPerMinute: 0, flushIntervalMs: 1000, pollIntervalMs: 1000 });
    expect(await verifier.caches.refreshImported()).toBe(false);
    expect(await verifier.verify(LEGACY, {}, '127.0.0.1')).toEqual({ valid: false, code: 'MALFORMED' });
    await importRow('key_a');
    verifier.caches.apply(change('key_a'));
    // The read the change started is under way: the verification waits for it rather than say MALFORMED.
    expect(verifier.caches.importedKeys()).toBeInstanceOf(Promise);
    expect(await verifier.verify(LEGACY, {}, '127.0.0.1')).toEqual({ valid: false, code: 'NOT_FOUND' });
    expect((await verifier.authenticate(LEGACY, '127.0.0.1'))).toEqual({ ok: false, code: 'NOT_FOUND' });
    // Values that cannot be an imported key stay MALFORMED.
    expect(await verifier.verify('too-short', {}, '127.0.0.1')).toEqual({ valid: false, code: 'MALFORMED' });
    await store.db.deleteFrom('api_keys').where('id', '=', 'key_a').execute();
    verifier.caches.apply(change('key_a'));
    expect(await verifier.caches.refreshImported()).toBe(false);
    expect(await verifier.verify(LEGACY, {}, '127.0.0.1')).toEqual({ valid: false, code: 'MALFORMED' });
  });

  it('reads again when a change comes while a read is under way, so the answer is never older than the change', async () => {
    const verifier = new Verifier(store, Buffer.from('unit-test-secret-0123456789abcdefghij'), { ipFailuresPerMinute: 0, flushIntervalMs: 1000, pollIntervalMs: 1000 });
    await store.db.deleteFrom('api_keys').execute();
    const caches = verifier.caches;
    const read = caches.readAnyImported.bind(caches);
    let sawNone!: () => void;
    const seen = new Promise<void>((resolve) => { sawNone = resolve; });
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const reads = vi.spyOn(caches, 'readAnyImported').mockImplementationOnce(async () => {
      const found = await read();
      sawNone();
      await held; // the read has its (old) answer but has not returned it yet
      return found;
    });
    const first = caches.refreshImported();
    await seen;
    await importRow('key_b');
    caches.apply(change('key_b')); // comes while the read is under way
    release();
    expect(await first).toBe(true);
    expect(reads).toHaveBeenCalledTimes(2);
    expect(await verifier.caches.importedKeys()).toBe(true);
    await store.db.deleteFrom('api_keys').execute();
  });
});
