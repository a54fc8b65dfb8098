// The key table is loaded at start in batches while the node verifies (src/verify/key-preload.ts):
// every key that is not revoked ends up cached, entries equal what a load on first use gives, and
// a batch read while a key changed is dropped rather than cached stale.
import { createHash, randomBytes } from 'node:crypto';
import { logCollector } from '../helpers/log-lines.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legacyDigest } from '../../src/domain/legacy-key.js';
import { VerifyCaches } from '../../src/verify/caches.js';
import { preloadKeys } from '../../src/verify/key-preload.js';
import { DIALECTS } from '../helpers/services.js';
import { startTestServer } from '../helpers/server.js';
import { createKey, setUpTeam, startNode, type Team, type VerifyNode } from './nodes.js';

describe.each(DIALECTS)('the key table loaded at start on %s', (dialect) => {
  let node: VerifyNode;
  let team: Team;
  // The cache keys of the keys that are not revoked, of every kind a row can describe, and of a revoked one.
  const loaded: string[] = [];
  let revokedKey = '';
  beforeAll(async () => {
    node = await startNode(dialect);
    team = await setUpTeam(node);
    const keyOf = (secret: string) => node.verifier.cacheKey(secret);
    for (let i = 0; i < 5; i++) loaded.push(keyOf((await createKey(node.api, team, { name: `preload ${i}`, remaining: i })).secret));
    const kinds: Record<string, unknown>[] = [
      { name: 'ünïcödé name ✓', expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
      { scopes: [{ resourceId: null, permission: 'write' }], ratelimit: { limit: 5, durationMs: 60_000 } },
      { meta: { plan: { tier: 'gold' } }, allowedIps: ['198.51.100.0/24'] },
      { limits: [{ name: 'tokens', kind: 'credits', per: 'key', limit: 10, autoApply: false }] },
    ];
    for (const body of kinds) loaded.push(keyOf((await createKey(node.api, team, body)).secret));
    loaded.push(keyOf((await createKey(node.api, team, { management: true, scopes: [{ resourceId: null, permission: 'read' }] }, team.dev)).secret));
    // A rotated key in its grace period and its successor, sharing one balance.
    const old = await createKey(node.api, team, { remaining: 7 }, team.dev);
    const rotated = await node.api.call('POST', `/tenants/${team.tid}/keys/${old.id}/rotate`, { as: team.dev, body: { gracePeriodSeconds: 600 } });
    expect(rotated.status).toBe(201);
    loaded.push(keyOf(old.secret), keyOf(rotated.body.secret));
    // An imported key: its cache key is that of the SHA-256 the old system handed over.
    const legacy = `sk_live_${randomBytes(18).toString('base64url')}`;
    const imported = await node.api.call('POST', `/tenants/${team.tid}/keys/import`, {
      as: team.admin, body: { keys: [{ ownerId: team.devId, hash: { algorithm: 'sha256', value: createHash('sha256').update(legacy).digest('hex') } }] },
    });
    expect(imported.status).toBe(200);
    loaded.push(keyOf(legacyDigest(legacy)));
    const revoked = await createKey(node.api, team);
    await node.api.call('POST', `/tenants/${team.tid}/keys/${revoked.id}/revoke`, { as: team.admin });
    revokedKey = keyOf(revoked.secret);
  });
  afterAll(async () => { await node?.stop(); });

  const fresh = () => new VerifyCaches(node.ctx.store, { maxKeys: 100, maxNegative: 100 });

  it('caches every key that is not revoked, of every kind, as a load on first use would', async () => {
    const caches = fresh();
    const result = await preloadKeys(node.ctx.store, caches, () => false, 2);
    expect(result).toEqual({ keys: loaded.length, ms: expect.any(Number), complete: true });
    expect(caches.keys.size).toBe(loaded.length);
    const lazily = fresh();
    for (const key of loaded) {
      const entry = await lazily.loadKey(key, Date.now());
      expect(entry).not.toBeNull();
      // The same fields, besides the table slot each sits in (a load on use answers its own object, of none).
      expect(caches.keys.get(key)).toEqual({ ...entry, slot: expect.any(Number) });
    }
    expect(caches.keys.get(revokedKey)).toBeUndefined(); // revoked: loaded on use, as before
  });

  it('drops a batch that was read while a key changed, and loads the batches after it', async () => {
    const caches = fresh();
    const all = (await preloadKeys(node.ctx.store, fresh(), () => false, 100)).keys;
    const loading = preloadKeys(node.ctx.store, caches, () => false, 2);
    // A change arrives while the first batch is being read: that batch may be older than it.
    caches.apply({ kind: 'key', tenantId: team.tid, subjectId: 'key_elsewhere', keyHash: '00'.repeat(32) });
    const result = await loading;
    expect(result.complete).toBe(true);
    expect(result.keys).toBe(all - 2);
    expect(caches.keys.size).toBe(all - 2);
  });

  it('stops when told to, and when the table is full', async () => {
    expect(await preloadKeys(node.ctx.store, fresh(), () => true, 2)).toMatchObject({ keys: 0, complete: false });
    const small = new VerifyCaches(node.ctx.store, { maxKeys: 3, maxNegative: 10 });
    expect(await preloadKeys(node.ctx.store, small, () => false, 2)).toMatchObject({ keys: 3, complete: false });
  });

  it('has the keys cached in a node that starts with them, without a read on their first use', async () => {
    const second = await startNode(dialect, dialect === 'postgres' ? { pgSchema: node.schema } : { dataDir: node.dataDir });
    try {
      const result = await second.verifier.preloaded;
      expect(result).toMatchObject({ keys: loaded.length, complete: true });
      for (const key of loaded) expect(second.verifier.caches.keys.get(key)).toBeDefined();
    } finally {
      await second.stop();
    }
  });
});

describe('the start-up log', () => {
  it('says when the key table was loaded against when the node began to listen, in the order the two happened', async () => {
    const log = logCollector();
    const server = await startTestServer('sqlite', { LOG_LEVEL: 'info' }, { logStream: log.stream });
    try {
      await server.verifier.preloaded;
      const messages = log.entries().map((entry) => entry.msg);
      const listening = messages.findIndex((m) => m.startsWith('Keywarden listening on'));
      const loaded = messages.findIndex((m) => m.startsWith('key table loaded:'));
      expect(listening).toBeGreaterThanOrEqual(0);
      expect(loaded).toBeGreaterThanOrEqual(0);
      // A table loaded before the node listened had no verification before it to speak of.
      if (loaded < listening) expect(messages[loaded]).toMatch(/before listening$/);
      else expect(messages[loaded]).toMatch(/verifying since listening at \d+\.\d s/);
    } finally {
      await server.stop();
    }
  });
});
