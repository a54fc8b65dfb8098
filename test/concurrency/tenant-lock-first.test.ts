// Writes that read a tenant's keys, resources or limit names while another write of the same tenant
// is under way (DESIGN's lock order: tenant, member, keys, chain heads). On PostgreSQL a statement
// that waits on a row lock keeps the snapshot it started with, so a key another write inserted
// meanwhile was unseen: each write here now takes the tenant's row first. Found by a review; each
// case holds the tenant's chain head so the first request stops at its event, holding its locks,
// then starts the second, and commits once both wait.
import { describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../helpers/services.js';
import { holdTransaction, type HeldTransaction } from '../helpers/pg-hold.js';
import { World } from '../helpers/world.js';

const keyLimit = { name: 'tokens', kind: 'credits', per: 'key', limit: 100, autoApply: false };
const tenantLimit = { name: 'tokens', kind: 'credits', per: 'tenant', limit: 1000, autoApply: false };

describe.skipIf(!TEST_DATABASE_URL)('writes beside a write of the same tenant, on PostgreSQL', () => {
  const world = World.forSuite('postgres');

  /** Starts `first` and then `second` while the tenant's chain head is held; answers both once it is let go. */
  async function sideBySide<A, B>(tid: string, first: () => Promise<A>, second: () => Promise<B>): Promise<[A, B]> {
    const held: HeldTransaction = await holdTransaction(world.server.schema!);
    await held.query('select seq from chain_heads where chain = $1 for update', [tid]);
    const a = first();
    await held.waiters(1);
    const b = second();
    await held.waiters(2);
    await held.commit();
    return [await a, await b];
  }

  it('a withdrawal revokes the key a rotation under way made, for good', async () => {
    const tid = await world.tenantWithKeys();
    const dev = await world.member(tid);
    const { key } = await world.createKey(tid, dev.as);
    const [rotated, withdrawn] = await sideBySide(tid,
      () => world.call('POST', `/tenants/${tid}/keys/${key.id}/rotate`, { as: dev.as, body: {} }),
      () => world.call('DELETE', `/tenants/${tid}/members/${dev.id}`, { as: world.admin }));
    expect([rotated.status, withdrawn.status]).toEqual([201, 204]);
    const newKey = await world.call('GET', `/tenants/${tid}/keys/${rotated.body.key.id}`, { as: world.admin });
    // Before: the new key stayed active, owned by no member, and verified again after a re-grant.
    expect((await world.grant(tid, dev.id, ['developer'], true)).status).toBe(200);
    const answer = await world.verify(rotated.body.secret);
    expect({ status: newKey.body.status, answer: answer.code }).toEqual({ status: 'revoked', answer: 'REVOKED' });
  });

  it('a balance set while the key is rotated is the balance of the new key too', async () => {
    const tid = await world.tenantWithKeys();
    const dev = await world.member(tid);
    const { key } = await world.createKey(tid, dev.as, { remaining: 100 });
    const [rotated, patched] = await sideBySide(tid,
      () => world.call('POST', `/tenants/${tid}/keys/${key.id}/rotate`, { as: dev.as, body: { gracePeriodSeconds: 3600 } }),
      () => world.call('PATCH', `/tenants/${tid}/keys/${key.id}`, { as: world.admin, body: { remaining: 0 } }));
    expect([rotated.status, patched.status, patched.body.remaining]).toEqual([201, 200, 0]);
    const newKey = await world.call('GET', `/tenants/${tid}/keys/${rotated.body.key.id}`, { as: world.admin });
    // Before: the new key kept 100 and verified.
    expect({ remaining: newKey.body.remaining, answer: (await world.verify(rotated.body.secret)).code })
      .toEqual({ remaining: 0, answer: 'USAGE_EXCEEDED' });
  });

  /** The limit names a tenant and one of its keys share: none, by DESIGN v1.1. */
  async function sharedLimitNames(tid: string, keyId: string): Promise<string[]> {
    const settings = await world.call('GET', `/tenants/${tid}/settings`, { as: world.admin });
    const key = await world.call('GET', `/tenants/${tid}/keys/${keyId}`, { as: world.admin });
    const keyNames: string[] = (key.body.limits ?? []).map((l: { name: string }) => l.name);
    return (settings.body.limits ?? []).map((l: { name: string }) => l.name).filter((n: string) => keyNames.includes(n));
  }

  it('a key created with a limit while the tenant is given a limit of that name: one of them is refused', async () => {
    const tid = await world.tenantWithKeys();
    const dev = await world.member(tid);
    const [created, planned] = await sideBySide(tid,
      () => world.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: 'k', limits: [keyLimit] } }),
      () => world.call('PATCH', `/tenants/${tid}/settings`, { as: world.admin, body: { limits: [tenantLimit] } }));
    expect([created.status, planned.status]).toEqual([201, 400]);
    expect(await sharedLimitNames(tid, created.body.key.id)).toEqual([]);
  });

  it('a key given a limit while the tenant is given a limit of that name: one of them is refused', async () => {
    const tid = await world.tenantWithKeys();
    const dev = await world.member(tid);
    const { key } = await world.createKey(tid, dev.as);
    const [planned, changed] = await sideBySide(tid,
      () => world.call('PATCH', `/tenants/${tid}/settings`, { as: world.admin, body: { limits: [tenantLimit] } }),
      () => world.call('PATCH', `/tenants/${tid}/keys/${key.id}`, { as: world.admin, body: { limits: [keyLimit] } }));
    expect([planned.status, changed.status]).toEqual([200, 400]);
    expect(await sharedLimitNames(tid, key.id)).toEqual([]);
  });

  it('a balance set for a tenant limit while the plan drops that limit: the balance is refused 404', async () => {
    const tid = await world.tenantWithKeys();
    expect((await world.call('PATCH', `/tenants/${tid}/settings`, { as: world.admin, body: { limits: [tenantLimit] } })).status).toBe(200);
    const [dropped, topped] = await sideBySide(tid,
      () => world.call('PATCH', `/tenants/${tid}/settings`, { as: world.admin, body: { limits: [] } }),
      () => world.call('PATCH', `/tenants/${tid}/limits/${tenantLimit.name}`, { as: world.admin, body: { remaining: 500 } }));
    // Before: 200 for a limit the plan no longer had, read from before the plan's change.
    expect([dropped.status, topped.status]).toEqual([200, 404]);
  });

  it('a key narrowed to a resource while the resource is deleted: the deletion is refused IN_USE', async () => {
    const tid = await world.tenantWithKeys();
    const dev = await world.member(tid);
    const rid = await world.resource(tid);
    const { key } = await world.createKey(tid, dev.as, { scopes: [{ resourceId: null, permission: 'write' }] });
    const [narrowed, removed] = await sideBySide(tid,
      () => world.call('PATCH', `/tenants/${tid}/keys/${key.id}`, { as: dev.as, body: { scopes: [{ resourceId: rid, permission: 'read' }] } }),
      () => world.call('DELETE', `/tenants/${tid}/resources/${rid}`, { as: world.admin }));
    expect([narrowed.status, removed.status, removed.body?.error?.code]).toEqual([200, 409, 'IN_USE']);
  });

  it('deleting all of one\'s keys while one of them is rotated deletes the new key too', async () => {
    const tid = await world.tenantWithKeys();
    const dev = await world.member(tid);
    const { key } = await world.createKey(tid, dev.as);
    const [rotated, deleted] = await sideBySide(tid,
      () => world.call('POST', `/tenants/${tid}/keys/${key.id}/rotate`, { as: dev.as, body: {} }),
      () => world.call('DELETE', `/tenants/${tid}/keys?owner=me`, { as: dev.as }));
    expect([rotated.status, deleted.status]).toEqual([201, 204]);
    const left = await world.call('GET', `/tenants/${tid}/keys`, { as: dev.as });
    expect(left.body.items).toEqual([]);
    expect((await world.verify(rotated.body.secret)).code).toBe('NOT_FOUND');
  });
});
