// A management key held to addresses (allowedIps, e.g. a CI runner's) cannot hand out a key that
// works from elsewhere: a key it creates takes its list, and it rotates only keys held within it.
// Found by an attacker-side review: a new key had the tenant's default (any address) and outlived
// the first key's revocation. A key with a tenant-wide admin scope sets lists freely, as a tenant admin does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type Credentials, type TestServer } from '../helpers/server.js';
import { DIALECTS } from '../helpers/services.js';
import { createPerson, grant, startFastServer, type Person } from './world.js';

const RUNNER = '198.18.80.1';
const ELSEWHERE = '203.0.113.9';

describe.each(DIALECTS)('a management key held to one address on %s', (dialect) => {
  let server: TestServer;
  let admin: Credentials;
  let tid: string;
  let dev: Person;
  beforeAll(async () => {
    server = await startFastServer(dialect);
    admin = await server.api.login(ADMIN.email, ADMIN.password);
    tid = (await server.api.call('POST', '/tenants', { as: admin, body: { name: `Held ${dialect}`, settings: { apiKeysEnabled: true, maxActiveKeysPerUser: 20 } } })).body.id;
    dev = await createPerson(server, `ci-owner-${dialect}`);
    await grant(server.api, admin, tid, dev.id, ['developer'], true);
  });
  afterAll(async () => { await server?.stop(); });

  const asKey = (secret: string, ip: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    server.app.inject({ method, url: `/api/v1${url}`, remoteAddress: ip, headers: { 'x-api-key': secret }, ...(payload && { payload }) });
  const createAsDev = async (body: object) => {
    const res = await server.api.call('POST', `/tenants/${tid}/keys`, { as: dev.creds, body: { name: 'k', ...body } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { key: { id: string }; secret: string };
  };
  const ciKey = (permission: 'write' | 'admin') =>
    createAsDev({ name: 'ci', management: true, scopes: [{ resourceId: null, permission }], allowedIps: [`${RUNNER}/32`] });

  it('gives a key it creates its own list, so the new key works from nowhere else', async () => {
    const ci = await ciKey('write');
    expect((await asKey(ci.secret, ELSEWHERE, 'GET', `/tenants/${tid}/keys`)).statusCode).toBe(401);
    const minted = await asKey(ci.secret, RUNNER, 'POST', `/tenants/${tid}/keys`,
      { name: 'minted', management: true, scopes: [{ resourceId: null, permission: 'write' }] });
    expect(minted.statusCode).toBe(201);
    const { key, secret } = JSON.parse(minted.body);
    expect(key.allowedIps).toEqual([RUNNER]);
    // Before: 200 from anywhere.
    expect((await asKey(secret, ELSEWHERE, 'GET', `/tenants/${tid}/keys`)).statusCode).toBe(401);
    expect((await asKey(secret, RUNNER, 'GET', `/tenants/${tid}/keys`)).statusCode).toBe(200);
  });

  it('rotates only keys held within its list, so it cannot take a new secret of an open key', async () => {
    const ci = await ciKey('write');
    const open = await createAsDev({ name: 'open' });
    const refused = await asKey(ci.secret, RUNNER, 'POST', `/tenants/${tid}/keys/${open.key.id}/rotate`, {});
    expect([refused.statusCode, JSON.parse(refused.body).error.code]).toEqual([403, 'FORBIDDEN']);
    const narrow = await createAsDev({ name: 'narrow', allowedIps: [`${RUNNER}/32`] });
    expect((await asKey(ci.secret, RUNNER, 'POST', `/tenants/${tid}/keys/${narrow.key.id}/rotate`, {})).statusCode).toBe(201);
  });

  it('holds a developer\'s key with a tenant-wide admin scope too: a list of the new key\'s own must lie within its list', async () => {
    const ci = await ciKey('admin');
    const wide = await asKey(ci.secret, RUNNER, 'POST', `/tenants/${tid}/keys`, { name: 'wide', allowedIps: ['0.0.0.0/0', '::/0'] });
    expect([wide.statusCode, JSON.parse(wide.body).error.code]).toEqual([403, 'FORBIDDEN']);
    const inherited = await asKey(ci.secret, RUNNER, 'POST', `/tenants/${tid}/keys`, { name: 'inherited' });
    expect([inherited.statusCode, JSON.parse(inherited.body).key.allowedIps]).toEqual([201, [RUNNER]]);
  });

  it('leaves lists free to a tenant admin\'s key with a tenant-wide admin scope, as to the admin', async () => {
    const tenantAdmin = await createPerson(server, `tenant-admin-${dialect}`);
    await grant(server.api, admin, tid, tenantAdmin.id, ['tenant_admin', 'developer'], true);
    const res = await server.api.call('POST', `/tenants/${tid}/keys`, {
      as: tenantAdmin.creds, body: { name: 'admin ci', management: true, scopes: [{ resourceId: null, permission: 'admin' }], allowedIps: [`${RUNNER}/32`] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const open = await asKey(res.body.secret, RUNNER, 'POST', `/tenants/${tid}/keys`, { name: 'open' });
    expect([open.statusCode, JSON.parse(open.body).key.allowedIps]).toEqual([201, null]);
  });
});
