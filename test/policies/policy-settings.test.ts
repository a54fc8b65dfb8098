// The policy settings (DESIGN v1.1 "Tenant policies"): their ranges and types, who may change them,
// and the resource-type rule, checked when resources are created or moved (existing ones are left alone).
import { describe, expect, it } from 'vitest';
import { World } from '../helpers/world.js';
import { DIALECTS } from '../helpers/services.js';

const PRESET = { '': ['account'], account: ['folder'], folder: ['building'], building: ['database'] };

describe.each(DIALECTS)('policy settings on %s', (dialect) => {
  const world = World.forSuite(dialect);

  const patch = (tid: string, body: unknown, as = world.admin) => world.call('PATCH', `/tenants/${tid}/settings`, { as, body });
  const refusedField = async (tid: string, body: unknown) => {
    const res = await patch(tid, body);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    return res.body.error.details?.[0]?.field as string | undefined;
  };

  it('starts with the policies off and leak reports revoking', async () => {
    const tid = await world.tenant();
    const settings = (await world.call('GET', `/tenants/${tid}/settings`, { as: world.admin })).body;
    expect(settings).toMatchObject({ rotationReminderDays: null, revokeUnusedAfterDays: null, leakPolicy: 'revoke', resourceTypes: null });
  });

  it('takes the policies within their ranges and records the change', async () => {
    const tid = await world.tenant();
    const body = { rotationReminderDays: 90, revokeUnusedAfterDays: 3650, leakPolicy: 'notify', resourceTypes: PRESET };
    const res = await patch(tid, body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(body);
    expect((await world.call('GET', `/tenants/${tid}/settings`, { as: world.admin })).body).toMatchObject(body);
    const [event] = await world.events(tid, '&type=settings.updated');
    expect(event.details.changes).toEqual({
      rotationReminderDays: { from: null, to: 90 }, revokeUnusedAfterDays: { from: null, to: 3650 },
      leakPolicy: { from: 'revoke', to: 'notify' }, resourceTypes: { from: null, to: PRESET },
    });
    // Setting the same rule again is no change.
    await patch(tid, { resourceTypes: PRESET, rotationReminderDays: null });
    const [again] = await world.events(tid, '&type=settings.updated');
    expect(again.details.changes).toEqual({ rotationReminderDays: { from: 90, to: null } });
  });

  it('refuses values out of range or of the wrong type, naming the field', async () => {
    const tid = await world.tenant();
    expect(await refusedField(tid, { rotationReminderDays: 0 })).toBe('/rotationReminderDays');
    expect(await refusedField(tid, { rotationReminderDays: 3651 })).toBe('/rotationReminderDays');
    expect(await refusedField(tid, { rotationReminderDays: '30' })).toBe('/rotationReminderDays');
    expect(await refusedField(tid, { revokeUnusedAfterDays: 1.5 })).toBe('/revokeUnusedAfterDays');
    expect(await refusedField(tid, { revokeUnusedAfterDays: -1 })).toBe('/revokeUnusedAfterDays');
    expect(await refusedField(tid, { leakPolicy: 'delete' })).toBe('/leakPolicy');
    expect(await refusedField(tid, { resourceTypes: ['account'] })).toBe('/resourceTypes');
    expect(await refusedField(tid, { resourceTypes: { '': 'account' } })).toBe('/resourceTypes/');
    expect(await refusedField(tid, { resourceTypes: { '': ['Account'] } })).toBe('/resourceTypes//0');
    expect(await refusedField(tid, { resourceTypes: { '': ['account', 'account'] } })).toBe('/resourceTypes/');
    expect(await refusedField(tid, { resourceTypes: { Folder: ['building'] } })).toBe('/resourceTypes/Folder');
    // Also when a tenant is created with them.
    const created = await world.call('POST', '/tenants', { as: world.admin, body: { name: `T ${Date.now()}`, settings: { resourceTypes: { 'a b': [] } } } });
    expect(created.status).toBe(400);
    expect(created.body.error.details[0].field).toBe('/resourceTypes/a b');
    expect((await world.call('GET', `/tenants/${tid}/settings`, { as: world.admin })).body.rotationReminderDays).toBeNull();
  });

  it('lets only a tenant admin change them: a developer gets 403 and changes nothing', async () => {
    const tid = await world.tenantWithKeys();
    const dev = await world.member(tid, ['developer']);
    const admin = await world.member(tid, ['tenant_admin']);
    const refused = await patch(tid, { revokeUnusedAfterDays: 30 }, dev.as);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    // A developer still reads them (the console shows what applies to their keys).
    expect((await world.call('GET', `/tenants/${tid}/settings`, { as: dev.as })).body.revokeUnusedAfterDays).toBeNull();
    expect((await patch(tid, { revokeUnusedAfterDays: 30 }, admin.as)).status).toBe(200);
  });

  describe('the resource-type rule', () => {
    async function tenantWithRule() {
      const tid = await world.tenant();
      // Made before the rule: a database at the root, which the rule would refuse.
      const stray = await world.resource(tid, 'Stray', null, 'database');
      expect((await patch(tid, { resourceTypes: PRESET })).status).toBe(200);
      return { tid, stray };
    }
    const create = (tid: string, type: string, parentId: string | null, name = `r ${Math.random()}`) =>
      world.call('POST', `/tenants/${tid}/resources`, { as: world.admin, body: { type, name, parentId } });
    const move = (tid: string, rid: string, body: Record<string, unknown>) =>
      world.call('PATCH', `/tenants/${tid}/resources/${rid}`, { as: world.admin, body });

    it('allows the types it lists, at the root and under each type', async () => {
      const { tid } = await tenantWithRule();
      const account = await create(tid, 'account', null);
      expect(account.status).toBe(201);
      const folder = await create(tid, 'folder', account.body.id);
      expect(folder.status).toBe(201);
      const building = await create(tid, 'building', folder.body.id);
      expect(building.status).toBe(201);
      expect((await create(tid, 'database', building.body.id)).status).toBe(201);
    });

    it('refuses a type where the rule does not allow it, with a clear message on /type', async () => {
      const { tid } = await tenantWithRule();
      const root = await create(tid, 'folder', null);
      expect(root.status).toBe(400);
      expect(root.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: '/type', message: "the tenant's resource types do not allow type folder at the root (allowed there: account)" }],
      });
      const account = (await create(tid, 'account', null)).body.id;
      const wrong = await create(tid, 'database', account);
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.details[0]).toEqual({
        field: '/type', message: "the tenant's resource types do not allow type database under type account (allowed there: folder)",
      });
    });

    it('refuses a move to where the rule does not allow the type, on /parentId, and allows one where it does', async () => {
      const { tid } = await tenantWithRule();
      const account = (await create(tid, 'account', null)).body.id;
      const other = (await create(tid, 'account', null)).body.id;
      const folder = (await create(tid, 'folder', account)).body.id;
      const building = (await create(tid, 'building', folder)).body.id;

      const toRoot = await move(tid, folder, { parentId: null });
      expect(toRoot.status).toBe(400);
      expect(toRoot.body.error.details[0].field).toBe('/parentId');
      const underAccount = await move(tid, building, { parentId: other });
      expect(underAccount.status).toBe(400);
      expect(underAccount.body.error.details[0].message).toContain('type building under type account');
      expect((await move(tid, folder, { parentId: other })).status).toBe(200);
    });

    it('leaves resources made before the rule as they are: listed, and renamed without a check', async () => {
      const { tid, stray } = await tenantWithRule();
      const list = (await world.call('GET', `/tenants/${tid}/resources`, { as: world.admin })).body.items;
      expect(list.map((r: any) => r.id)).toContain(stray);
      expect((await move(tid, stray, { name: 'Stray, renamed' })).status).toBe(200);
      // Moving it is checked, as any move.
      const account = (await create(tid, 'account', null)).body.id;
      expect((await move(tid, stray, { parentId: account })).status).toBe(400);
    });

    it('allows anything again when the rule is set back to null', async () => {
      const { tid } = await tenantWithRule();
      expect((await patch(tid, { resourceTypes: null })).status).toBe(200);
      expect((await create(tid, 'folder', null)).status).toBe(201);
    });
  });
});
