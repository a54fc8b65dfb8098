// The key table is loaded at start in batches while the node verifies (src/verify/key-preload.ts):
// every key that is not revoked ends up cached, entries equal what a load on first use gives, and
// a batch read while a key changed is dropped rather than cached stale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VerifyCaches } from '../../src/verify/caches.js';
import { preloadKeys } from '../../src/verify/key-preload.js';
import { DIALECTS } from '../helpers/services.js';
import { createKey, setUpTeam, startNode, type Team, type VerifyNode } from './nodes.js';

describe.each(DIALECTS)('the key table loaded at start on %s', (dialect) => {
  let node: VerifyNode;
  let team: Team;
  const secrets: string[] = [];
  beforeAll(async () => {
    node = await startNode(dialect);
    team = await setUpTeam(node);
    for (let i = 0; i < 5; i++) secrets.push((await createKey(node.api, team, { name: `preload ${i}`, remaining: i })).secret);
    const revoked = await createKey(node.api, team);
    await node.api.call('POST', `/tenants/${team.tid}/keys/${revoked.id}/revoke`, { as: team.admin });
    secrets.push(revoked.secret);
  });
  afterAll(async () => { await node?.stop(); });

  const fresh = () => new VerifyCaches(node.ctx.store, { maxKeys: 100, maxNegative: 100 });

  it('caches every key that is not revoked, as a load on first use would', async () => {
    const caches = fresh();
    const result = await preloadKeys(node.ctx.store, caches, () => false, 2);
    // The node's own set-up may hold other keys (none here): count this tenant's.
    expect(result).toMatchObject({ complete: true });
    expect(result.keys).toBe(caches.keys.size);
    const lazily = fresh();
    for (const [i, secret] of secrets.entries()) {
      const key = node.verifier.cacheKey(secret);
      const loaded = await lazily.loadKey(key, Date.now());
      if (i === 5) {
        expect(caches.keys.get(key)).toBeUndefined(); // revoked: loaded on use, as before
      } else {
        expect(caches.keys.get(key)).toEqual(loaded);
      }
    }
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
      expect(result).toMatchObject({ keys: 5, complete: true });
      for (const secret of secrets.slice(0, 5)) expect(second.verifier.caches.keys.get(second.verifier.cacheKey(secret))).toBeDefined();
    } finally {
      await second.stop();
    }
  });
});
