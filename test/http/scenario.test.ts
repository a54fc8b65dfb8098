// The seeds' story, end to end through the real server, on each database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestServer, type Credentials, type TestServer } from '../helpers/server.js';
import { DIALECTS } from '../helpers/services.js';

describe.each(DIALECTS)('the seeds scenario on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(dialect); });
  afterAll(async () => { await server?.stop(); });

  it('walks from an empty tenant to revoked and withdrawn keys', async () => {
    const { api } = server;
    const admin = await api.login(ADMIN.email, ADMIN.password);

    // The admin creates a tenant and a user, and grants access with the developer role and a licence.
    const tenant = await api.call('POST', '/tenants', { as: admin, body: { name: 'Acme Facilities' } });
    expect(tenant.status).toBe(201);
    expect(tenant.body.settings.apiKeysEnabled).toBe(false);
    const tid = tenant.body.id;
    const user = await api.call('POST', '/users', { as: admin, body: { email: 'dev@acme.test', name: 'Dana Dev', password: 'dana-password-1' } });
    expect(user.status).toBe(201);
    const grant = await api.call('PUT', `/tenants/${tid}/members/${user.body.id}`, { as: admin, body: { roles: ['developer'], licensed: true } });
    expect(grant.status).toBe(200);
    const dev: Credentials = await api.login('dev@acme.test', 'dana-password-1');

    // Keys are off by default.
    const refused = await api.call('POST', `/tenants/${tid}/keys`, { as: dev, body: { description: 'too early' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('API_KEYS_DISABLED');

    // The admin switches keys on, at most 2 keys and 30 days.
    const settings = await api.call('PATCH', `/tenants/${tid}/settings`, { as: admin, body: { apiKeysEnabled: true, maxActiveKeysPerUser: 2, maxExpiryDays: 30 } });
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({ apiKeysEnabled: true, maxActiveKeysPerUser: 2, maxExpiryDays: 30 });

    // The developer creates two keys; the third is refused; too long an expiry is refused.
    const first = await api.call('POST', `/tenants/${tid}/keys`, { as: dev, body: { description: 'Billing sync' } });
    expect(first.status).toBe(201);
    expect(first.body.secret).toMatch(/^kw_[0-9A-Za-z]{36}$/);
    expect(first.body.key.name).toBe('Billing sync');
    expect(first.body.key.scopes).toEqual([{ resourceId: null, permission: 'read' }]);
    const expiresInDays = (Date.parse(first.body.key.expiresAt) - Date.parse(first.body.key.createdAt)) / 86_400_000;
    expect(expiresInDays).toBeCloseTo(30, 5);
    const tooLong = await api.call('POST', `/tenants/${tid}/keys`, { as: dev, body: { description: 'x', expiresInDays: 31 } });
    expect(tooLong.body.error.code).toBe('EXPIRY_TOO_LONG');
    const second = await api.call('POST', `/tenants/${tid}/keys`, { as: dev, body: { name: 'Reporting', expiresInDays: 7 } });
    expect(second.status).toBe(201);
    const third = await api.call('POST', `/tenants/${tid}/keys`, { as: dev, body: { description: 'One too many' } });
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('KEY_LIMIT_REACHED');

    // The secret is shown once: reads and lists carry only its start.
    const read = await api.call('GET', `/tenants/${tid}/keys/${first.body.key.id}`, { as: dev });
    expect(JSON.stringify(read.body)).not.toContain(first.body.secret);
    expect(read.body.start).toBe(first.body.secret.slice(0, 9));

    // Rename, list and search.
    const renamed = await api.call('PATCH', `/tenants/${tid}/keys/${first.body.key.id}`, { as: dev, body: { name: 'Billing sync (prod)' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Billing sync (prod)');
    const list = await api.call('GET', `/tenants/${tid}/keys`, { as: dev });
    expect(list.body.items.map((k: any) => k.id).sort()).toEqual([first.body.key.id, second.body.key.id].sort());
    expect(JSON.stringify(list.body)).not.toContain(first.body.secret);
    const search = await api.call('GET', `/tenants/${tid}/keys?q=PROD`, { as: dev });
    expect(search.body.items.map((k: any) => k.id)).toEqual([first.body.key.id]);

    // A program verifies with X-API-Key.
    const verify = (secret: string) => api.call('POST', '/verify', { headers: { 'x-api-key': secret } });
    const ok = await verify(first.body.secret);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ valid: true, keyId: first.body.key.id, tenantId: tid, ownerId: user.body.id });

    // The admin finds the key in the events and revokes it.
    const events = await api.call('GET', `/tenants/${tid}/events?keyId=${first.body.key.id}`, { as: admin });
    expect(events.status).toBe(200);
    expect(events.body.items.map((e: any) => e.type)).toContain('key.created');
    const revoked = await api.call('POST', `/tenants/${tid}/keys/${first.body.key.id}/revoke`, { as: admin });
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    expect((await verify(first.body.secret)).body).toEqual({ valid: false, code: 'REVOKED' });
    const again = await api.call('POST', `/tenants/${tid}/keys/${first.body.key.id}/revoke`, { as: admin });
    expect(again.body.error.code).toBe('NOT_ACTIVE');

    // Keys off for the tenant: the other key answers DISABLED; on again and it works.
    await api.call('PATCH', `/tenants/${tid}/settings`, { as: admin, body: { apiKeysEnabled: false } });
    expect((await verify(second.body.secret)).body).toEqual({ valid: false, code: 'DISABLED' });
    await api.call('PATCH', `/tenants/${tid}/settings`, { as: admin, body: { apiKeysEnabled: true } });
    expect((await verify(second.body.secret)).body.valid).toBe(true);

    // Withdrawing access revokes the developer's keys for good.
    const withdrawn = await api.call('DELETE', `/tenants/${tid}/members/${user.body.id}`, { as: admin });
    expect(withdrawn.status).toBe(204);
    expect((await verify(second.body.secret)).body).toEqual({ valid: false, code: 'REVOKED' });
    const all = await api.call('GET', `/tenants/${tid}/events?type=member.withdrawn,key.revoked`, { as: admin });
    expect(all.body.items.map((e: any) => e.type).sort()).toEqual(['key.revoked', 'key.revoked', 'member.withdrawn']);
  });
});
