// Usage is buffered in memory and written at the flush and at shutdown: counts, last use, hourly
// buckets and the per-minute key.verify_failed summary; a cache hit reads and writes nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DIALECTS } from '../helpers/services.js';
import type { Change } from '../../src/store/store.js';
import { awayFromMinuteEdge, createKey, setUpTeam, startNode, verifyOn, type Team, type VerifyNode } from './nodes.js';

describe.each(DIALECTS)('usage on %s', (dialect) => {
  let node: VerifyNode;
  let team: Team;
  beforeAll(async () => {
    // A long flush interval: only the test's own flushes write. A long poll interval: the change
    // feed is read when a test says so, not in the middle of one (a key's own change read back
    // drops it from the cache once more, and its next verification reads it again).
    node = await startNode(dialect, { env: { KEYWARDEN_FLUSH_INTERVAL: '1h', KEYWARDEN_POLL_INTERVAL: '1h' } });
    team = await setUpTeam(node);
  });
  afterAll(async () => { await node?.stop(); });

  it('answers a cached key without any database read or write', async () => {
    // On PostgreSQL the node also hears its own change back through LISTEN a moment after the write:
    // wait for that notification, so it cannot drop the freshly cached key in the middle of the test.
    const heard: string[] = [];
    const onChange = (change: Change) => { if (change.subjectId) heard.push(change.subjectId); };
    node.ctx.store.changes.on('change', onChange);
    const key = await createKey(node.api, team);
    const expected = dialect === 'postgres' ? 2 : 1;
    await vi.waitFor(() => expect(heard.filter((id) => id === key.id).length).toBeGreaterThanOrEqual(expected), { timeout: 10_000 });
    node.ctx.store.changes.off('change', onChange);
    await node.verifier.pollChanges(); // the feed read to its end: nothing of the key's is left to apply
    expect((await verifyOn(node.api, key.secret)).body.valid).toBe(true);
    const caches = node.verifier.caches;
    const loads = [vi.spyOn(caches, 'loadKey'), vi.spyOn(caches, 'loadTenant'), vi.spyOn(caches, 'loadOwner')];
    const executor = vi.spyOn(node.ctx.store.db.getExecutor(), 'executeQuery');
    const flushes = node.verifier.usage.flushTransactions;
    for (let i = 0; i < 50; i++) expect((await verifyOn(node.api, key.secret)).body.valid).toBe(true);
    for (const spy of loads) expect(spy).not.toHaveBeenCalled();
    expect(executor).not.toHaveBeenCalled();
    expect(node.verifier.usage.flushTransactions).toBe(flushes);
    vi.restoreAllMocks();
  });

  it('makes usageCount, lastUsedAt and the usage buckets equal the verifications after a flush', async () => {
    const key = await createKey(node.api, team);
    const before = Date.now();
    for (let i = 0; i < 12; i++) await verifyOn(node.api, key.secret);
    for (let i = 0; i < 3; i++) await verifyOn(node.api, key.secret, { permission: 'admin' });
    await verifyOn(node.api, key.secret, { dryRun: true });
    let read = await node.api.call('GET', `/tenants/${team.tid}/keys/${key.id}`, { as: team.admin });
    expect(read.body.usageCount).toBe(0);
    await node.verifier.flush();
    read = await node.api.call('GET', `/tenants/${team.tid}/keys/${key.id}`, { as: team.admin });
    expect(read.body.usageCount).toBe(12);
    expect(Date.parse(read.body.lastUsedAt)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(read.body.lastUsedAt)).toBeLessThanOrEqual(Date.now());
    const usage = await node.api.call('GET', `/tenants/${team.tid}/keys/${key.id}/usage`, { as: team.admin });
    expect(usage.status).toBe(200);
    const sum = (field: 'valid' | 'failed') => usage.body.items.reduce((n: number, b: any) => n + b[field], 0);
    expect(sum('valid')).toBe(12);
    expect(sum('failed')).toBe(3);
    // A second round adds to the first.
    for (let i = 0; i < 5; i++) await verifyOn(node.api, key.secret);
    await node.verifier.flush();
    read = await node.api.call('GET', `/tenants/${team.tid}/keys/${key.id}`, { as: team.admin });
    expect(read.body.usageCount).toBe(17);
  });

  it('counts many keys in one flush, each with its own number and last use', async () => {
    const keys = await Promise.all([1, 2, 3, 4].map(() => createKey(node.api, team)));
    for (const [i, key] of keys.entries()) for (let n = 0; n <= i * 2; n++) await verifyOn(node.api, key.secret);
    await node.verifier.flush();
    for (const [i, key] of keys.entries()) {
      const read = await node.api.call('GET', `/tenants/${team.tid}/keys/${key.id}`, { as: team.admin });
      expect(read.body.usageCount).toBe(i * 2 + 1);
      expect(read.body.lastUsedAt).not.toBeNull();
    }
  });

  it('records one key.verify_failed event per key per minute with the count and the codes', async () => {
    const key = await createKey(node.api, team, { remaining: 1 });
    await awayFromMinuteEdge();
    await verifyOn(node.api, key.secret);
    for (let i = 0; i < 2; i++) await verifyOn(node.api, key.secret, { permission: 'write' });
    for (let i = 0; i < 3; i++) await verifyOn(node.api, key.secret);
    // A flush within the minute keeps the summary open; the next minute closes it.
    await node.verifier.flush();
    const events = () => node.api.call('GET', `/tenants/${team.tid}/events?type=key.verify_failed&keyId=${key.id}`, { as: team.admin });
    expect((await events()).body.items).toEqual([]);
    // Already in the database, so a crash now would not lose them.
    const saved = await node.ctx.store.db.selectFrom('verify_failures').select(['code', 'count']).where('key_id', '=', key.id).orderBy('code').execute();
    expect(saved.map((r) => [r.code, Number(r.count)])).toEqual([['FORBIDDEN', 2], ['USAGE_EXCEEDED', 3]]);
    await node.verifier.usage.flush(Date.now() + 60_000);
    expect(await node.ctx.store.db.selectFrom('verify_failures').select('code').where('key_id', '=', key.id).execute()).toEqual([]);
    const items = (await events()).body.items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ type: 'key.verify_failed', keyId: key.id, actor: { type: 'system', id: null } });
    expect(items[0].details).toMatchObject({ count: 5, codes: { FORBIDDEN: 2, USAGE_EXCEEDED: 3 } });
  });

  it('sums a minute whose failures are first written after it ended', async () => {
    const key = await createKey(node.api, team);
    await node.verifier.flush(); // nothing else is left open
    await awayFromMinuteEdge();
    for (let i = 0; i < 2; i++) await verifyOn(node.api, key.secret, { permission: 'admin' });
    // The first flush to see these failures runs in a later minute (a slow flush, or a minute
    // that ended between two flushes): it must write them and close their minute at once.
    await node.verifier.usage.flush(Date.now() + 60_000);
    const items = (await node.api.call('GET', `/tenants/${team.tid}/events?type=key.verify_failed&keyId=${key.id}`, { as: team.admin })).body.items;
    expect(items).toHaveLength(1);
    expect(items[0].details).toMatchObject({ count: 2, codes: { FORBIDDEN: 2 } });
    expect(await node.ctx.store.db.selectFrom('verify_failures').select('code').where('key_id', '=', key.id).execute()).toEqual([]);
  });

  it('writes failures of unknown keys nowhere but the counters', async () => {
    const before = node.verifier.counts.NOT_FOUND ?? 0;
    await verifyOn(node.api, 'kw_000000000000000000000000000000' + '000000');
    await verifyOn(node.api, 'kw_nonsense');
    expect((node.verifier.counts.MALFORMED ?? 0) + (node.verifier.counts.NOT_FOUND ?? 0)).toBeGreaterThan(before);
  });
});

describe.each(DIALECTS)('shutdown on %s', (dialect) => {
  it('flushes usage when the server closes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keywarden-verify-'));
    const first = await startNode(dialect, { dataDir, env: { KEYWARDEN_FLUSH_INTERVAL: '1h' } });
    let second: VerifyNode | undefined;
    try {
      const team = await setUpTeam(first);
      const key = await createKey(first.api, team, { remaining: 100 });
      for (let i = 0; i < 7; i++) expect((await verifyOn(first.api, key.secret)).body.valid).toBe(true);
      await verifyOn(first.api, key.secret, { permission: 'admin' });
      await first.close();
      second = await startNode(dialect, { dataDir, pgSchema: first.schema });
      const admin = await second.api.login('admin@example.test', 'admin-password-1');
      const read = await second.api.call('GET', `/tenants/${team.tid}/keys/${key.id}`, { as: admin });
      expect(read.body).toMatchObject({ usageCount: 7, remaining: 93 });
      expect(read.body.lastUsedAt).not.toBeNull();
      // The failure was written; its minute becomes an event once it has ended.
      expect(await second.ctx.store.db.selectFrom('verify_failures').select('count').where('key_id', '=', key.id).execute()).toHaveLength(1);
      await second.verifier.usage.flush(Date.now() + 60_000);
      const failed = await second.api.call('GET', `/tenants/${team.tid}/events?type=key.verify_failed&keyId=${key.id}`, { as: admin });
      expect(failed.body.items.map((e: any) => e.details.count)).toEqual([1]);
    } finally {
      await second?.close();
      await first.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('makes one key.verify_failed event of a minute whose failures straddle a graceful restart', async () => {
    // The servers' clock: 5 s into a minute, moved by the test alone.
    let clock = Math.floor(Date.now() / 60_000) * 60_000 + 5_000;
    const now = () => new Date(clock);
    const dataDir = mkdtempSync(join(tmpdir(), 'keywarden-verify-'));
    const env = { KEYWARDEN_FLUSH_INTERVAL: '1h' };
    const first = await startNode(dialect, { dataDir, now, env });
    let second: VerifyNode | undefined;
    try {
      const team = await setUpTeam(first);
      const key = await createKey(first.api, team);
      for (let i = 0; i < 2; i++) expect((await verifyOn(first.api, key.secret, { permission: 'admin' })).body.code).toBe('FORBIDDEN');
      clock += 20_000;
      await first.close();
      second = await startNode(dialect, { dataDir, pgSchema: first.schema, now, env });
      clock += 20_000;
      for (let i = 0; i < 3; i++) expect((await verifyOn(second.api, key.secret, { permission: 'admin' })).body.code).toBe('FORBIDDEN');
      await second.verifier.flush();
      const events = async () => (await second!.api.call('GET', `/tenants/${team.tid}/events?type=key.verify_failed&keyId=${key.id}`, { as: team.admin })).body.items;
      expect(await events()).toEqual([]);
      clock += 20_000; // the minute ends
      await second.verifier.flush();
      const items = await events();
      expect(items).toHaveLength(1);
      expect(items[0].details).toMatchObject({ count: 5, codes: { FORBIDDEN: 5 } });
    } finally {
      await second?.close();
      await first.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
