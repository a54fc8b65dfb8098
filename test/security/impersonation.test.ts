// A management key is only ever created for oneself (DESIGN "Keys on the management API"): a tenant
// admin naming another member's ownerId with management: true is 403 FORBIDDEN, from a session and
// from a key; and on upgrade, management keys made that way before are revoked ("impersonation").
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/services.js';
import { World } from '../helpers/world.js';

describe.each(DIALECTS)('management keys in another member\'s name on %s', (dialect) => {
  const w = World.forSuite(dialect);
  const tenantWide = (permission: string) => [{ resourceId: null, permission }];

  async function team() {
    const tid = await w.tenantWithKeys({ maxActiveKeysPerUser: 20 });
    const admin = await w.member(tid, ['tenant_admin', 'developer']);
    const dev = await w.member(tid);
    return { tid, admin, dev };
  }

  it('refuses a tenant admin\'s session a management key for another member with 403 FORBIDDEN', async () => {
    const { tid, admin, dev } = await team();
    const res = await w.call('POST', `/tenants/${tid}/keys`, { as: admin.as, body: { name: 'as dev', management: true, ownerId: dev.id, scopes: tenantWide('write') } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    const keys = await w.call('GET', `/tenants/${tid}/keys?owner=${dev.id}`, { as: admin.as });
    expect(keys.body.items).toEqual([]);
  });

  it('refuses the same through an admin-scoped management key of a tenant admin', async () => {
    const { tid, admin, dev } = await team();
    const { secret } = await w.createKey(tid, admin.as, { management: true, scopes: tenantWide('admin') });
    const res = await w.call('POST', `/tenants/${tid}/keys`, { as: { key: secret }, body: { name: 'as dev', management: true, ownerId: dev.id } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('still lets a tenant admin create a plain key for a member, and a management key for themself', async () => {
    const { tid, admin, dev } = await team();
    expect((await w.createKey(tid, admin.as, { ownerId: dev.id })).key).toMatchObject({ ownerId: dev.id, management: false });
    expect((await w.createKey(tid, admin.as, { ownerId: admin.id, management: true })).key).toMatchObject({ ownerId: admin.id, management: true });
  });

  it('checks it after NOT_LICENSED and before the 404 of an ownerId who is not a member', async () => {
    const { tid, admin } = await team();
    const stranger = await w.member(null);
    const unlicensed = await w.member(tid, ['developer'], false);
    const create = (ownerId: string) => w.call('POST', `/tenants/${tid}/keys`, { as: admin.as, body: { name: 'k', management: true, ownerId } });
    expect((await create(unlicensed.id)).body.error.code).toBe('NOT_LICENSED');
    const res = await create(stranger.id);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });
});
