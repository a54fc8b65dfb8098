// A cache load that was in flight when a change committed is never used for an answer after it
// (DESIGN: "Durability and consistency"). The load's read is held after it has read the row, the
// change commits meanwhile, then the read is released: no answer after the change may come from it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DIALECTS } from '../helpers/services.js';
import { createKey, setUpTeam, startNode, verifyOn, type Team, type VerifyNode } from './nodes.js';

/** Holds the next key read of `node` once it has read its row; later reads pass. */
function holdNextKeyRead(node: VerifyNode) {
  const caches = node.verifier.caches;
  const read = caches.readKeyRow.bind(caches);
  let release!: () => void;
  const released = new Promise<void>((r) => { release = r; });
  let readDone!: () => void;
  const rowRead = new Promise<void>((r) => { readDone = r; });
  let held = false;
  const spy = vi.spyOn(caches, 'readKeyRow').mockImplementation(async (key) => {
    if (held) return read(key);
    held = true;
    const row = await read(key);
    readDone();
    await released;
    return row;
  });
  return { rowRead, release, reads: () => spy.mock.calls.length, restore: () => spy.mockRestore() };
}

/** Holds every key read of `node` once it has read its row, until released one by one. */
function holdEveryKeyRead(node: VerifyNode) {
  const caches = node.verifier.caches;
  const read = caches.readKeyRow.bind(caches);
  const waiting: { release: () => void }[] = [];
  let next = () => {};
  let holding = true;
  const spy = vi.spyOn(caches, 'readKeyRow').mockImplementation(async (key) => {
    const row = await read(key);
    if (!holding) return row;
    let release!: () => void;
    const released = new Promise<void>((r) => { release = r; });
    waiting.push({ release });
    next();
    await released;
    return row;
  });
  /** Waits until the n-th read (1-based) has read its row. */
  const rowRead = (n: number) => new Promise<void>((resolve) => {
    const check = () => { if (waiting.length >= n) resolve(); };
    next = check;
    check();
  });
  const releaseAll = () => { holding = false; waiting.forEach((w) => w.release()); };
  return { rowRead, release: (n: number) => waiting[n - 1].release(), releaseAll, restore: () => spy.mockRestore() };
}

describe.each(DIALECTS)('a key load in flight across a change (%s)', (dialect) => {
  let node: VerifyNode;
  let team: Team;
  beforeAll(async () => {
    node = await startNode(dialect);
    team = await setUpTeam(node);
  });
  afterAll(async () => { await node?.stop(); });
  const verify = (secret: string) => verifyOn(node.api, secret).then((r) => r.body);

  it('answers REVOKED to a request that came after the revoke, though a load from before it was still running', async () => {
    const key = await createKey(node.api, team);
    const hold = holdNextKeyRead(node);
    try {
      const before = verify(key.secret);
      await hold.rowRead; // the row was read while the key was active
      const revoked = await node.api.call('POST', `/tenants/${team.tid}/keys/${key.id}/revoke`, { as: team.admin });
      expect(revoked.status).toBe(200);
      const after = verify(key.secret);
      hold.release();
      expect(await after).toEqual({ valid: false, code: 'REVOKED' });
      // The load that started before the revoke answers after it, so it may not say valid either.
      expect((await before).valid).toBe(false);
      expect(await verify(key.secret)).toEqual({ valid: false, code: 'REVOKED' });
    } finally {
      hold.release();
      hold.restore();
    }
  });

  it('answers a request that started before a narrowing of scopes by the narrowed scopes when its load ends after it', async () => {
    const key = await createKey(node.api, team, { scopes: [{ resourceId: null, permission: 'write' }] });
    const hold = holdNextKeyRead(node);
    try {
      const before = verifyOn(node.api, key.secret, { permission: 'write' });
      await hold.rowRead;
      const narrowed = await node.api.call('PATCH', `/tenants/${team.tid}/keys/${key.id}`, {
        as: team.dev, body: { scopes: [{ resourceId: null, permission: 'read' }] },
      });
      expect(narrowed.status).toBe(200);
      hold.release();
      expect((await before).body.code).toBe('FORBIDDEN');
      expect(hold.reads()).toBeGreaterThanOrEqual(2);
      expect((await verifyOn(node.api, key.secret, { permission: 'write' })).body.code).toBe('FORBIDDEN');
    } finally {
      hold.release();
      hold.restore();
    }
  });
  it('answers REVOKED to a request after a revoke that overtook a load already re-read for earlier changes', async () => {
    const key = await createKey(node.api, team);
    const hold = holdEveryKeyRead(node);
    const rename = (name: string) => node.api.call('PATCH', `/tenants/${team.tid}/keys/${key.id}`, { as: team.dev, body: { name } });
    try {
      const first = verify(key.secret);
      await hold.rowRead(1);
      expect((await rename('one')).status).toBe(200); // overtakes the first read
      hold.release(1);
      await hold.rowRead(2);
      expect((await rename('two')).status).toBe(200); // overtakes the second
      hold.release(2);
      await hold.rowRead(3);
      const revoked = await node.api.call('POST', `/tenants/${team.tid}/keys/${key.id}/revoke`, { as: team.admin });
      expect(revoked.status).toBe(200); // overtakes the last read the load makes
      const after = verify(key.secret);
      hold.releaseAll();
      expect(await after).toEqual({ valid: false, code: 'REVOKED' });
      await first;
    } finally {
      hold.releaseAll();
      hold.restore();
    }
  });
});
