// Keys calling Keywarden's own API (DESIGN "Keys on the management API") on each database: only
// management keys, tenant-wide scopes per kind of call, never wider than the calling key, never
// platform-admin rights, and 401 with the verify code for a key that does not verify.
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/services.js';
import { ADMIN } from '../helpers/server.js';
import { unique, World } from '../helpers/world.js';

describe.each(DIALECTS)('management keys on %s', (dialect) => {
  const w = World.forSuite(dialect);

  const scope = (permission: string, resourceId: string | null = null) => [{ resourceId, permission }];

  /** A tenant, a licensed developer with a management key of the given scopes, and a colleague's key. */
  async function world(scopes = scope('read'), roles = ['developer']) {
    const tid = await w.tenantWithKeys({ maxActiveKeysPerUser: 20 });
    const dev = await w.member(tid, roles);
    const colleague = await w.member(tid);
    const mgmt = await w.createKey(tid, dev.as, { name: 'mgmt', management: true, scopes });
    const own = await w.createKey(tid, dev.as, { name: 'own' });
    const theirs = await w.createKey(tid, colleague.as, { name: 'theirs' });
    return { tid, dev, colleague, mgmt, as: { key: mgmt.secret }, own: own.key, theirs: theirs.key };
  }

  it('answers 403 FORBIDDEN to a key that is not a management key', async () => {
    const tid = await w.tenantWithKeys();
    const dev = await w.member(tid);
    const { key, secret } = await w.createKey(tid, dev.as, { scopes: scope('admin') });
    for (const [method, path] of [['GET', `/tenants/${tid}/keys`], ['GET', `/tenants/${tid}/keys/${key.id}`], ['GET', '/auth/me']]) {
      const res = await w.call(method, path, { as: { key: secret } });
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
  });

  it('lets a read-scoped management key read its owner\'s keys, not a colleague\'s, and not create or change any', async () => {
    const { tid, as, own, theirs, mgmt } = await world(scope('read'));
    const list = await w.call('GET', `/tenants/${tid}/keys`, { as });
    expect(list.status).toBe(200);
    expect(list.body.items.map((k: any) => k.id).sort()).toEqual([mgmt.key.id, own.id].sort());
    expect((await w.call('GET', `/tenants/${tid}/keys/${own.id}`, { as })).status).toBe(200);
    expect((await w.call('GET', `/tenants/${tid}/keys/${theirs.id}`, { as })).status).toBe(404);
    expect((await w.call('GET', `/tenants/${tid}/stats`, { as })).status).toBe(200);
    expect((await w.call('GET', `/tenants/${tid}/keys/${own.id}/usage`, { as })).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', `/tenants/${tid}/keys`, { name: 'made by a key' }],
      ['PATCH', `/tenants/${tid}/keys/${own.id}`, { name: 'renamed by a key' }],
      ['POST', `/tenants/${tid}/keys/${own.id}/rotate`, {}],
      ['DELETE', `/tenants/${tid}/keys/${own.id}`, undefined],
    ] as const) {
      const res = await w.call(method, path, { as, ...(body && { body }) });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
  });

  it('needs a tenant-wide scope: a management key scoped to one resource may not even list', async () => {
    const tid = await w.tenantWithKeys();
    const dev = await w.member(tid);
    const res0 = await w.resource(tid);
    const { secret } = await w.createKey(tid, dev.as, { management: true, scopes: scope('admin', res0) });
    const res = await w.call('GET', `/tenants/${tid}/keys`, { as: { key: secret } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('lets a write-scoped management key create, change, rotate and delete its owner\'s keys', async () => {
    const { tid, dev, as, own } = await world(scope('write'));
    const created = await w.call('POST', `/tenants/${tid}/keys`, { as, body: { name: 'made by a key', scopes: scope('write') } });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatchObject({ ownerId: dev.id, scopes: scope('write') });
    expect((await w.call('PATCH', `/tenants/${tid}/keys/${own.id}`, { as, body: { name: 'renamed by a key' } })).status).toBe(200);
    const rotated = await w.call('POST', `/tenants/${tid}/keys/${own.id}/rotate`, { as });
    expect(rotated.status).toBe(201);
    expect((await w.call('DELETE', `/tenants/${tid}/keys/${created.body.key.id}`, { as })).status).toBe(204);
    const events = await w.events(tid, `&keyId=${created.body.key.id}&type=key.created`);
    expect(events[0].actor).toEqual({ type: 'key', id: (await w.call('GET', '/auth/me', { as })).body.key.id });
  });

  it('refuses a write-scoped key a new key wider than itself, and rotating a key wider than itself', async () => {
    const { tid, dev, as } = await world(scope('write'));
    const wider = await w.call('POST', `/tenants/${tid}/keys`, { as, body: { name: 'too wide', scopes: scope('admin') } });
    expect(wider.status).toBe(403);
    expect(wider.body.error.code).toBe('FORBIDDEN');
    const adminKey = await w.createKey(tid, dev.as, { scopes: scope('admin') });
    const rotate = await w.call('POST', `/tenants/${tid}/keys/${adminKey.key.id}/rotate`, { as });
    expect(rotate.status).toBe(403);
    expect((await w.call('GET', `/tenants/${tid}/keys/${adminKey.key.id}`, { as })).body.rotatedTo).toBeNull();
  });

  it('lets a resource-scoped key create keys on that resource and its descendants only', async () => {
    const tid = await w.tenantWithKeys();
    const dev = await w.member(tid);
    const parent = await w.resource(tid);
    const child = await w.resource(tid, undefined, parent);
    const sibling = await w.resource(tid);
    const { secret } = await w.createKey(tid, dev.as, { management: true, scopes: [...scope('write'), ...scope('admin', parent)] });
    const as = { key: secret };
    expect((await w.call('POST', `/tenants/${tid}/keys`, { as, body: { name: 'child', scopes: scope('admin', child) } })).status).toBe(201);
    expect((await w.call('POST', `/tenants/${tid}/keys`, { as, body: { name: 'sibling', scopes: scope('admin', sibling) } })).status).toBe(403);
  });

  it('needs an admin scope for ownerId, ratelimit and remaining, even when the owner is a tenant admin', async () => {
    const { tid, colleague, as, own } = await world(scope('write'), ['tenant_admin', 'developer']);
    for (const body of [{ name: 'x', ownerId: colleague.id }, { name: 'x', remaining: 5 }, { name: 'x', ratelimit: { limit: 1, durationMs: 1000 } }]) {
      const res = await w.call('POST', `/tenants/${tid}/keys`, { as, body });
      expect(res.status, JSON.stringify(body)).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    expect((await w.call('PATCH', `/tenants/${tid}/keys/${own.id}`, { as, body: { remaining: 5 } })).status).toBe(403);
  });

  it('gives an admin-scoped key of a tenant admin the tenant admin\'s reach: list all, revoke, bulk revoke, create for others', async () => {
    const { tid, colleague, as, own, theirs, mgmt } = await world(scope('admin'), ['tenant_admin', 'developer']);
    const list = await w.call('GET', `/tenants/${tid}/keys`, { as });
    expect(list.body.items.map((k: any) => k.id).sort()).toEqual([mgmt.key.id, own.id, theirs.id].sort());
    const revoked = await w.call('POST', `/tenants/${tid}/keys/${theirs.id}/revoke`, { as });
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    const bulk = await w.call('POST', `/tenants/${tid}/keys/revoke`, { as, body: { keyIds: [own.id, theirs.id] } });
    expect(bulk.body.results).toEqual([{ id: own.id, ok: true }, { id: theirs.id, ok: false, code: 'NOT_ACTIVE' }]);
    const forOther = await w.call('POST', `/tenants/${tid}/keys`, { as, body: { name: 'for colleague', ownerId: colleague.id } });
    expect(forOther.status).toBe(201);
    expect((await w.call('GET', `/tenants/${tid}/events`, { as })).status).toBe(200);
  });

  it('keeps an admin-scoped key of a plain developer to its owner\'s keys', async () => {
    const { tid, as, own, theirs } = await world(scope('admin'));
    expect((await w.call('GET', `/tenants/${tid}/keys`, { as })).body.items.map((k: any) => k.id)).not.toContain(theirs.id);
    expect((await w.call('GET', `/tenants/${tid}/keys/${theirs.id}`, { as })).status).toBe(404);
    expect((await w.call('POST', `/tenants/${tid}/keys/${own.id}/revoke`, { as })).status).toBe(403);
    expect((await w.call('POST', `/tenants/${tid}/keys/revoke`, { as, body: { keyIds: [theirs.id] } })).status).toBe(403);
  });

  it('never passes platform-admin rights to a key', async () => {
    const tid = await w.tenantWithKeys();
    const other = await w.tenantWithKeys();
    const me = await w.call('GET', '/auth/me', { as: w.admin });
    await w.grant(tid, me.body.user.id, ['tenant_admin', 'developer'], true);
    const { secret } = await w.createKey(tid, w.admin, { management: true, scopes: scope('admin') });
    const as = { key: secret };
    const tenant = await w.call('POST', '/tenants', { as, body: { name: `by a key ${unique()}` } });
    expect(tenant.status).toBe(403);
    expect(tenant.body.error.code).toBe('FORBIDDEN');
    expect((await w.call('POST', '/users', { as, body: { email: `k${Date.now()}@example.test`, name: 'n', password: 'password-123' } })).status).toBe(403);
    expect((await w.call('GET', '/users', { as })).status).toBe(403);
    const tenants = await w.call('GET', '/tenants', { as });
    expect(tenants.body.items.map((t: any) => t.id)).toEqual([tid]);
    expect((await w.call('GET', `/tenants/${other}/keys`, { as })).status).toBe(404);
    // The platform admin's own session still can.
    expect((await w.call('GET', `/tenants/${other}/keys`, { as: w.admin })).status).toBe(200);
    expect(ADMIN.email).toBe(me.body.user.email);
  });

  it('answers GET /auth/me with the key {id, tenantId, scopes} besides the user', async () => {
    const { tid, dev, as, mgmt } = await world(scope('write'));
    const res = await w.call('GET', '/auth/me', { as });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: dev.id, email: dev.email });
    expect(res.body.key).toEqual({ id: mgmt.key.id, tenantId: tid, scopes: scope('write') });
    expect((await w.call('GET', '/auth/me', { as: dev.as })).body.key).toBeUndefined();
  });

  it('answers 401 UNAUTHENTICATED with the verify code as reason for a revoked, expired, unknown or disabled key', async () => {
    const { tid, dev, as, mgmt } = await world(scope('read'));
    const expired = await w.createKey(tid, dev.as, { management: true });
    await w.setKey(expired.key.id, { expires_at: new Date(Date.now() - 1000).toISOString() });
    await w.call('POST', `/tenants/${tid}/keys/${mgmt.key.id}/revoke`, { as: w.admin });
    const unknown = `kw_${'A'.repeat(36)}`;
    for (const [key, reason] of [[as.key, 'REVOKED'], [expired.secret, 'EXPIRED'], [unknown, 'MALFORMED']]) {
      const res = await w.call('GET', `/tenants/${tid}/keys`, { as: { key } });
      expect(res.status, reason).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'UNAUTHENTICATED', reason });
      expect(JSON.stringify(res.body)).not.toContain(key);
    }
    const live = await w.createKey(tid, dev.as, { management: true });
    await w.call('PATCH', `/tenants/${tid}/settings`, { as: w.admin, body: { apiKeysEnabled: false } });
    const disabled = await w.call('GET', `/tenants/${tid}/keys`, { as: { key: live.secret } });
    expect(disabled.status).toBe(401);
    expect(disabled.body.error.reason).toBe('DISABLED');
  });

  it('answers 404 for another tenant\'s routes and keys', async () => {
    const a = await world(scope('admin'), ['tenant_admin', 'developer']);
    const b = await world(scope('read'));
    expect((await w.call('GET', `/tenants/${b.tid}/keys`, { as: a.as })).status).toBe(404);
    expect((await w.call('GET', `/tenants/${a.tid}/keys/${b.own.id}`, { as: a.as })).status).toBe(404);
    expect((await w.call('POST', `/tenants/${a.tid}/keys/${b.own.id}/revoke`, { as: a.as })).status).toBe(404);
  });
});
