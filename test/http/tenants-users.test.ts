// Tenants, settings, users and sessions through the real server, on each database.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Credentials, TestServer } from '../helpers/server.js';
import { unique as uniqueId, World } from '../helpers/world.js';
import { DIALECTS } from '../helpers/services.js';

describe.each(DIALECTS)('tenants, settings and users on %s', (dialect) => {
  const world = World.forSuite(dialect);
  let server: TestServer;
  let admin: Credentials;
  beforeAll(() => ({ server, admin } = world));

  const unique = (label: string) => `${label} ${uniqueId()}`;
  const newUser = (password = 'password-123') => world.user({ name: 'Some One', password });

  async function newTenant(members: { id: string; roles: string[]; licensed?: boolean }[] = []) {
    const tid = await world.tenant();
    for (const m of members) expect((await world.grant(tid, m.id, m.roles, m.licensed ?? false)).status).toBe(200);
    return tid;
  }

  it('creates a tenant with keys off by default and makes the creator its tenant admin', async () => {
    const res = await server.api.call('POST', '/tenants', { as: admin, body: { name: unique('Fresh') } });
    expect(res.status).toBe(201);
    expect(res.body.settings).toEqual({
      apiKeysEnabled: false, maxExpiryDays: null, maxActiveKeysPerUser: 5,
      excessiveUsePerMinute: null, autoRevokeOnExcessiveUse: false, expiryReminderDays: 7, leakPolicy: 'revoke',
    });
    const list = await server.api.call('GET', '/tenants', { as: admin });
    expect(list.body.items.find((t: any) => t.id === res.body.id).roles).toEqual(['tenant_admin']);
  });

  it('refuses a tenant name that differs only in case with 409 NAME_TAKEN', async () => {
    const name = unique('Case');
    await server.api.call('POST', '/tenants', { as: admin, body: { name } });
    const again = await server.api.call('POST', '/tenants', { as: admin, body: { name: name.toUpperCase() } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('NAME_TAKEN');
  });

  it('lets only a platform admin create tenants and users', async () => {
    const user = await newUser();
    const tid = await newTenant([{ id: user.id, roles: ['tenant_admin', 'developer'], licensed: true }]);
    const as = await user.login();
    expect((await server.api.call('POST', '/tenants', { as, body: { name: unique('Nope') } })).status).toBe(403);
    expect((await server.api.call('POST', '/users', { as, body: { email: 'x@y.test', name: 'X', password: 'password-123' } })).status).toBe(403);
    expect((await server.api.call('GET', `/tenants/${tid}`, { as })).status).toBe(200);
  });

  it('lists only the caller\'s tenants, with their roles', async () => {
    const user = await newUser();
    const mine = await newTenant([{ id: user.id, roles: ['developer'] }]);
    const other = await newTenant();
    const list = await server.api.call('GET', '/tenants', { as: await user.login() });
    const ids = list.body.items.map((t: any) => t.id);
    expect(ids).toContain(mine);
    expect(ids).not.toContain(other);
    expect(list.body.items.find((t: any) => t.id === mine).roles).toEqual(['developer']);
  });

  it('hides another tenant entirely: 404 for its tenant, settings and rename', async () => {
    const user = await newUser();
    await newTenant([{ id: user.id, roles: ['tenant_admin'] }]);
    const foreign = await newTenant();
    const as = await user.login();
    for (const [method, path, body] of [
      ['GET', `/tenants/${foreign}`], ['PATCH', `/tenants/${foreign}`, { name: unique('x') }],
      ['GET', `/tenants/${foreign}/settings`], ['PATCH', `/tenants/${foreign}/settings`, { apiKeysEnabled: true }],
    ] as const) {
      const res = await server.api.call(method, path, { as, body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('lets members read settings and only tenant admins change them, within their ranges', async () => {
    const dev = await newUser();
    const tid = await newTenant([{ id: dev.id, roles: ['developer'], licensed: true }]);
    const as = await dev.login();
    expect((await server.api.call('GET', `/tenants/${tid}/settings`, { as })).body.maxActiveKeysPerUser).toBe(5);
    expect((await server.api.call('PATCH', `/tenants/${tid}/settings`, { as, body: { apiKeysEnabled: true } })).status).toBe(403);
    const tooMany = await server.api.call('PATCH', `/tenants/${tid}/settings`, { as: admin, body: { maxActiveKeysPerUser: 1001 } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details[0].field).toBe('/maxActiveKeysPerUser');
    expect((await server.api.call('PATCH', `/tenants/${tid}/settings`, { as: admin, body: { maxExpiryDays: 0 } })).status).toBe(400);
    expect((await server.api.call('PATCH', `/tenants/${tid}/settings`, { as: admin, body: {} })).status).toBe(400);
    const ok = await server.api.call('PATCH', `/tenants/${tid}/settings`, { as: admin, body: { maxActiveKeysPerUser: 1000, maxExpiryDays: null } });
    expect(ok.body).toMatchObject({ maxActiveKeysPerUser: 1000, maxExpiryDays: null, apiKeysEnabled: false });
    const events = await server.api.call('GET', `/tenants/${tid}/events?type=settings.updated`, { as: admin });
    expect(events.body.items[0].details.changes.maxActiveKeysPerUser).toEqual({ from: 5, to: 1000 });
  });

  it('renames a tenant and records tenant.updated', async () => {
    const tid = await newTenant();
    const name = unique('Renamed');
    const res = await server.api.call('PATCH', `/tenants/${tid}`, { as: admin, body: { name } });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe(name);
    const events = await server.api.call('GET', `/tenants/${tid}/events?type=tenant.updated`, { as: admin });
    expect(events.body.items).toHaveLength(1);
  });

  it('refuses a duplicate email case-insensitively with 409 EMAIL_TAKEN', async () => {
    const user = await newUser();
    const again = await server.api.call('POST', '/users', { as: admin, body: { email: user.email.toUpperCase(), name: 'Dup', password: 'password-123' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('EMAIL_TAKEN');
  });

  it('lets a tenant admin find one user by exact email, and only a platform admin list them', async () => {
    const tenantAdmin = await newUser();
    const target = await newUser();
    await newTenant([{ id: tenantAdmin.id, roles: ['tenant_admin'] }]);
    const as = await tenantAdmin.login();
    const found = await server.api.call('GET', `/users?email=${encodeURIComponent(target.email.toUpperCase())}`, { as });
    expect(found.status).toBe(200);
    expect(found.body.items.map((u: any) => u.id)).toEqual([target.id]);
    expect((await server.api.call('GET', '/users', { as })).status).toBe(403);
    const dev = await newUser();
    expect((await server.api.call('GET', `/users?email=${target.email}`, { as: await dev.login() })).status).toBe(403);
    const all = await server.api.call('GET', `/users?q=${encodeURIComponent(target.email.slice(0, 6))}`, { as: admin });
    expect(all.body.items.map((u: any) => u.id)).toContain(target.id);
  });

  it('answers a wrong password, an unknown email and a disabled user alike with 401 INVALID_CREDENTIALS', async () => {
    const user = await newUser();
    const wrong = await server.api.call('POST', '/auth/login', { body: { email: user.email, password: 'not-the-password' } });
    const unknown = await server.api.call('POST', '/auth/login', { body: { email: 'nobody@example.test', password: 'whatever-123' } });
    await server.api.call('PATCH', `/users/${user.id}`, { as: admin, body: { disabled: true } });
    const disabled = await server.api.call('POST', '/auth/login', { body: { email: user.email, password: 'password-123' } });
    for (const res of [wrong, unknown, disabled]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual(wrong.body);
      expect(res.body.error.code).toBe('INVALID_CREDENTIALS');
    }
  });

  it('ends a disabled user\'s sessions and makes their keys answer DISABLED until enabled again', async () => {
    const user = await newUser();
    const tid = await newTenant([{ id: user.id, roles: ['developer'], licensed: true }]);
    await server.api.call('PATCH', `/tenants/${tid}/settings`, { as: admin, body: { apiKeysEnabled: true } });
    const as = await user.login();
    const created = await server.api.call('POST', `/tenants/${tid}/keys`, { as, body: { name: 'k' } });
    const verify = () => server.api.call('POST', '/verify', { headers: { 'x-api-key': created.body.secret } });
    expect((await verify()).body.valid).toBe(true);
    await server.api.call('PATCH', `/users/${user.id}`, { as: admin, body: { disabled: true } });
    expect((await server.api.call('GET', '/auth/me', { as })).status).toBe(401);
    expect((await verify()).body).toEqual({ valid: false, code: 'DISABLED' });
    await server.api.call('PATCH', `/users/${user.id}`, { as: admin, body: { disabled: false } });
    expect((await verify()).body.valid).toBe(true);
  });

  it('makes keys answer DISABLED when the owner loses the licence or the developer role, and valid again after', async () => {
    const user = await newUser();
    const tid = await newTenant([{ id: user.id, roles: ['developer'], licensed: true }]);
    await server.api.call('PATCH', `/tenants/${tid}/settings`, { as: admin, body: { apiKeysEnabled: true } });
    const created = await server.api.call('POST', `/tenants/${tid}/keys`, { as: await user.login(), body: { name: 'k' } });
    const verify = () => server.api.call('POST', '/verify', { headers: { 'x-api-key': created.body.secret } });
    const setMember = (roles: string[], licensed: boolean) =>
      server.api.call('PUT', `/tenants/${tid}/members/${user.id}`, { as: admin, body: { roles, licensed } });
    await setMember(['developer'], false);
    expect((await verify()).body.code).toBe('DISABLED');
    await setMember([], true);
    expect((await verify()).body.code).toBe('DISABLED');
    await setMember(['developer'], true);
    expect((await verify()).body.valid).toBe(true);
  });

  it('changes the caller\'s own name and password, needing the current password, and ends other sessions', async () => {
    const user = await newUser();
    const first = await user.login();
    const second = await user.login();
    const wrong = await server.api.call('PATCH', '/auth/me', { as: first, body: { name: 'New', currentPassword: 'nope-nope' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual([{ field: '/currentPassword', message: 'is not your current password' }]);
    const ok = await server.api.call('PATCH', '/auth/me', { as: first, body: { name: 'New Name', password: 'a-new-password', currentPassword: 'password-123' } });
    expect(ok.status).toBe(200);
    expect(ok.body.user.name).toBe('New Name');
    expect((await server.api.call('GET', '/auth/me', { as: first })).status).toBe(200);
    expect((await server.api.call('GET', '/auth/me', { as: second })).status).toBe(401);
    await expect(server.api.login(user.email, 'a-new-password')).resolves.toBeTruthy();
  });

  it('ends the session on logout', async () => {
    const user = await newUser();
    const as = await user.login();
    const out = await server.api.call('POST', '/auth/logout', { as });
    expect(out.status).toBe(204);
    expect((await server.api.call('GET', '/auth/me', { as })).status).toBe(401);
  });

  it('answers 401 UNAUTHENTICATED without credentials', async () => {
    for (const path of ['/auth/me', '/tenants', '/users']) {
      const res = await server.api.call('GET', path);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
  });
});
