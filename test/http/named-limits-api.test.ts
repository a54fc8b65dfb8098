// Named limits on the management API (DESIGN v1.1 "Named limits"), on both databases: who may set
// a tenant's plan and a key's limits and balances, and the validation of names, counts, the
// reserved name and collisions between a tenant's limits and its keys'.
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/services.js';
import { World } from '../helpers/world.js';

const credits = (name: string, over: Record<string, unknown> = {}) => ({ name, kind: 'credits', per: 'key', limit: 100, autoApply: false, ...over });

describe.each(DIALECTS)('named limits on the management API (%s)', (dialect) => {
  const w = World.forSuite(dialect);

  async function team() {
    const tid = await w.tenantWithKeys({ maxActiveKeysPerUser: 50 });
    const tenantAdmin = await w.member(tid, ['tenant_admin', 'developer']);
    const dev = await w.member(tid);
    return { tid, tenantAdmin, dev };
  }
  const setPlan = (tid: string, limits: unknown[], as = w.admin) => w.call('PATCH', `/tenants/${tid}/settings`, { as, body: { limits } });
  const fieldsOf = (res: { body: any }) => res.body.error.details?.map((d: any) => d.field);

  it('lets only a platform admin change a tenant\'s plan, and every member read it', async () => {
    const { tid, tenantAdmin, dev } = await team();
    const plan = [credits('tokens', { per: 'tenant', refill: { amount: 100, interval: 'month', dayOfMonth: 5 } })];
    const refused = await setPlan(tid, plan, tenantAdmin.as);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    // A tenant admin still changes the rest of the settings.
    expect((await w.call('PATCH', `/tenants/${tid}/settings`, { as: tenantAdmin.as, body: { expiryReminderDays: 3 } })).status).toBe(200);
    const set = await setPlan(tid, plan);
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.limits).toEqual(plan);
    expect((await w.call('GET', `/tenants/${tid}/settings`, { as: dev.as })).body.limits).toEqual(plan);
    // Balances of the plan: a platform admin sets them; a tenant admin reads them.
    expect((await w.call('PATCH', `/tenants/${tid}/limits/tokens`, { as: tenantAdmin.as, body: { remaining: 5 } })).status).toBe(403);
    expect((await w.call('PATCH', `/tenants/${tid}/limits/tokens`, { as: w.admin, body: { remaining: 5 } })).status).toBe(200);
    const listed = await w.call('GET', `/tenants/${tid}/limits`, { as: tenantAdmin.as });
    expect(listed.body.items).toEqual([{ name: 'tokens', kind: 'credits', per: 'tenant', limit: 100, ownerId: null, keyId: null, remaining: 5, resetAt: expect.any(String) }]);
    expect((await w.call('GET', `/tenants/${tid}/limits`, { as: dev.as })).status).toBe(403);
    expect((await w.call('PATCH', `/tenants/${tid}/limits/nothing`, { as: w.admin, body: { remaining: 5 } })).status).toBe(404);
  });

  it('refuses bad names, the reserved name, names used twice and too many limits', async () => {
    const { tid, dev } = await team();
    expect(fieldsOf(await setPlan(tid, [credits('Tokens', { per: 'tenant' })]))).toEqual(['/limits/0/name']);
    expect(fieldsOf(await setPlan(tid, [credits('remaining', { per: 'tenant' })]))).toEqual(['/limits/0/name']);
    expect(fieldsOf(await setPlan(tid, [credits('a'), credits('a')]))).toEqual(['/limits/1/name']);
    expect((await setPlan(tid, Array.from({ length: 21 }, (_, i) => credits(`c${i}`)))).status).toBe(400);
    expect(fieldsOf(await setPlan(tid, [{ name: 'r', kind: 'rate', per: 'tenant', limit: 1, durationMs: 500, autoApply: true }]))).toEqual(['/limits/0/durationMs']);
    const key = await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: 'k', limits: Array.from({ length: 11 }, (_, i) => credits(`c${i}`)) } });
    expect(key.status).toBe(400);
    const perOwner = await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: 'k', limits: [credits('c', { per: 'owner' })] } });
    expect(perOwner.status).toBe(400);
    expect(fieldsOf(perOwner)).toEqual(['/limits/0/per']);
  });

  it('refuses a key limit named like a tenant limit, and a tenant limit named like a key limit', async () => {
    const { tid, tenantAdmin, dev } = await team();
    expect((await setPlan(tid, [credits('plan', { per: 'tenant' })])).status).toBe(200);
    const clash = await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: 'k', limits: [credits('plan')] } });
    expect(clash.status).toBe(400);
    expect(fieldsOf(clash)).toEqual(['/limits/0/name']);
    const key = await w.createKey(tid, dev.as, { limits: [credits('mine')] });
    expect(key.key.limits).toEqual([credits('mine')]);
    expect(fieldsOf(await setPlan(tid, [credits('mine', { per: 'tenant' })]))).toEqual(['/limits/0/name']);
    const patched = await w.call('PATCH', `/tenants/${tid}/keys/${key.key.id}`, { as: tenantAdmin.as, body: { limits: [credits('plan')] } });
    expect(patched.status).toBe(400);
  });

  it('refuses a plan limit\'s balance in a key\'s limitBalances to everyone but a platform admin', async () => {
    // Security review (HIGH): a tenant admin topped up the platform's per-key plan quota through the key.
    const { tid, tenantAdmin, dev } = await team();
    expect((await setPlan(tid, [credits('quota', { limit: 10 })])).status).toBe(200);
    const key = await w.createKey(tid, dev.as, { limits: [credits('mine')] });
    const path = `/tenants/${tid}/keys/${key.key.id}`;
    const byTenantAdmin = await w.call('PATCH', path, { as: tenantAdmin.as, body: { limitBalances: [{ name: 'quota', remaining: 1000000 }] } });
    expect(byTenantAdmin.status).toBe(403);
    expect(byTenantAdmin.body.error.code).toBe('FORBIDDEN');
    // Mixed with the key's own limit: nothing is written.
    const mixed = await w.call('PATCH', path, { as: tenantAdmin.as, body: { limitBalances: [{ name: 'mine', remaining: 7 }, { name: 'quota', remaining: 1000000 }] } });
    expect(mixed.status).toBe(403);
    const mgmt = await w.createKey(tid, tenantAdmin.as, { management: true, scopes: [{ resourceId: null, permission: 'admin' }] });
    const byAdminKey = await w.call('PATCH', path, { as: { key: mgmt.secret }, body: { limitBalances: [{ name: 'quota', remaining: 1000000 }] } });
    expect(byAdminKey.status).toBe(403);
    expect(byAdminKey.body.error.code).toBe('FORBIDDEN');
    const balances = async () => (await w.call('GET', `/tenants/${tid}/limits?keyId=${key.key.id}`, { as: tenantAdmin.as })).body.items;
    expect(await balances()).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'quota', remaining: 10 }), expect.objectContaining({ name: 'mine', remaining: 100 })]));
    // The key's own limits stay the tenant admin's; the plan's stay the platform admin's.
    expect((await w.call('PATCH', path, { as: tenantAdmin.as, body: { limitBalances: [{ name: 'mine', remaining: 7 }] } })).status).toBe(200);
    expect((await w.call('PATCH', path, { as: w.admin, body: { limitBalances: [{ name: 'quota', remaining: 3 }] } })).status).toBe(200);
    expect(await balances()).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'quota', remaining: 3 }), expect.objectContaining({ name: 'mine', remaining: 7 })]));
  });

  it('lets the creator set a key\'s limits, then only a tenant admin; never a key without admin', async () => {
    const { tid, tenantAdmin, dev } = await team();
    const key = await w.createKey(tid, dev.as, { limits: [credits('mine')] });
    const byOwner = await w.call('PATCH', `/tenants/${tid}/keys/${key.key.id}`, { as: dev.as, body: { limits: [] } });
    expect(byOwner.status).toBe(403);
    expect((await w.call('PATCH', `/tenants/${tid}/keys/${key.key.id}`, { as: dev.as, body: { limitBalances: [{ name: 'mine', remaining: 1 }] } })).status).toBe(403);
    const byAdmin = await w.call('PATCH', `/tenants/${tid}/keys/${key.key.id}`, { as: tenantAdmin.as, body: { limits: [credits('mine', { limit: 5 })], limitBalances: [{ name: 'mine', remaining: 2 }] } });
    expect(byAdmin.status, JSON.stringify(byAdmin.body)).toBe(200);
    expect(byAdmin.body.limits[0].limit).toBe(5);
    expect((await w.call('GET', `/tenants/${tid}/limits?keyId=${key.key.id}`, { as: tenantAdmin.as })).body.items)
      .toEqual([expect.objectContaining({ name: 'mine', keyId: key.key.id, remaining: 2 })]);
    expect(fieldsOf(await w.call('PATCH', `/tenants/${tid}/keys/${key.key.id}`, { as: tenantAdmin.as, body: { limitBalances: [{ name: 'other', remaining: 2 }] } })))
      .toEqual(['/limitBalances/0/name']);
    // A developer's management key with a write scope may create keys, but not with limits.
    const mgmt = await w.createKey(tid, dev.as, { management: true, scopes: [{ resourceId: null, permission: 'write' }] });
    const throughKey = await w.call('POST', `/tenants/${tid}/keys`, { as: { key: mgmt.secret }, body: { name: 'k2', limits: [credits('more')] } });
    expect(throughKey.status).toBe(403);
    expect(throughKey.body.error.code).toBe('FORBIDDEN');
    expect((await w.call('POST', `/tenants/${tid}/keys`, { as: { key: mgmt.secret }, body: { name: 'k3' } })).status).toBe(201);
  });

  it('pages the per-owner balances after the tenant-wide limits', async () => {
    const { tid, tenantAdmin, dev } = await team();
    const other = await w.member(tid);
    expect((await setPlan(tid, [credits('pool', { per: 'tenant' }), credits('seat', { per: 'owner', limit: 10 })])).status).toBe(200);
    for (const [uid, remaining] of [[dev.id, 1], [other.id, 2], [tenantAdmin.id, 3]] as const) {
      expect((await w.call('PATCH', `/tenants/${tid}/limits/seat`, { as: w.admin, body: { remaining, ownerId: uid } })).status).toBe(200);
    }
    expect((await w.call('PATCH', `/tenants/${tid}/limits/seat`, { as: w.admin, body: { remaining: 1 } })).status).toBe(400);
    const first = await w.call('GET', `/tenants/${tid}/limits?limit=2`, { as: tenantAdmin.as });
    expect(first.body.items.map((i: any) => [i.name, i.per])).toEqual([['pool', 'tenant'], ['seat', 'owner'], ['seat', 'owner']]);
    const second = await w.call('GET', `/tenants/${tid}/limits?limit=2&cursor=${first.body.nextCursor}`, { as: tenantAdmin.as });
    expect(second.body.nextCursor).toBeNull();
    const owners = [...first.body.items.slice(1), ...second.body.items].map((i: any) => [i.ownerId, i.remaining]);
    expect(owners.sort()).toEqual([[dev.id, 1], [other.id, 2], [tenantAdmin.id, 3]].sort());
    expect((await w.call('GET', `/tenants/${tid}/limits?ownerId=${other.id}`, { as: tenantAdmin.as })).body.items)
      .toEqual([{ name: 'seat', kind: 'credits', per: 'owner', limit: 10, ownerId: other.id, keyId: null, remaining: 2, resetAt: null }]);
    expect((await w.call('GET', `/tenants/${tid}/limits?cursor=nonsense`, { as: tenantAdmin.as })).status).toBe(400);
  });
});
