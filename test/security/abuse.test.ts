// Brute force: bad keys are limited per client IP (verify and the management API), and sign-in
// attempts per account and per IP, each answered RATE_LIMITED with Retry-After and recorded as
// platform events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type Credentials, type TestServer } from '../helpers/server.js';
import { createKey, createPerson, grant, startFastServer } from './world.js';

const IP_FAILURES = 5;
const LOGIN_FAILURES = 2; // per account and per IP alike

describe('brute-force limits', () => {
  let server: TestServer;
  let admin: Credentials;
  let goodKey: string;
  let managementKey: string;

  beforeAll(async () => {
    server = await startFastServer('sqlite', { KEYWARDEN_VERIFY_IP_FAILURES: String(IP_FAILURES), KEYWARDEN_LOGIN_FAILURES: String(LOGIN_FAILURES) });
    admin = await server.api.login(ADMIN.email, ADMIN.password);
    const tenant = await server.api.call('POST', '/tenants', { as: admin, body: { name: 'Abuse', settings: { apiKeysEnabled: true } } });
    const dev = await createPerson(server, 'abuse-dev');
    await grant(server.api, admin, tenant.body.id, dev.id, ['tenant_admin', 'developer'], true);
    goodKey = (await createKey(server.api, dev.creds, tenant.body.id)).secret;
    managementKey = (await createKey(server.api, dev.creds, tenant.body.id, { management: true, scopes: [{ resourceId: null, permission: 'admin' }] })).secret;
  });
  afterAll(async () => { await server?.stop(); });

  const inject = (ip: string, url: string, options: { method?: 'GET' | 'POST'; key?: string; body?: object; headers?: Record<string, string> } = {}) =>
    server.app.inject({
      method: options.method ?? 'POST', url: `/api/v1${url}`, remoteAddress: ip,
      headers: { ...options.headers, ...(options.key !== undefined && { 'x-api-key': options.key }) },
      ...(options.body && { payload: options.body }),
    });
  const unknownKey = 'kw_000000000000000000000000000000' + '2rK5Vm'; // well-formed shape, wrong checksum or unknown

  it('answers RATE_LIMITED with Retry-After to an IP past its bad-key limit on verify, valid keys included', async () => {
    const ip = '198.51.100.1';
    expect(JSON.parse((await inject(ip, '/verify', { key: goodKey })).body).valid).toBe(true);
    for (let i = 0; i < IP_FAILURES; i++) {
      const res = await inject(ip, '/verify', { key: i % 2 ? 'garbage' : unknownKey });
      expect(res.statusCode).toBe(200);
      expect(['MALFORMED', 'NOT_FOUND']).toContain(JSON.parse(res.body).code);
    }
    const limited = await inject(ip, '/verify', { key: goodKey });
    expect(limited.statusCode).toBe(200);
    expect(JSON.parse(limited.body)).toMatchObject({ valid: false, code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // The management API refuses any X-API-Key from that IP, before any lookup.
    const mgmt = await inject(ip, '/auth/me', { method: 'GET', key: managementKey });
    expect(mgmt.statusCode).toBe(429);
    expect(JSON.parse(mgmt.body).error.code).toBe('RATE_LIMITED');
    expect(Number(mgmt.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Another address is not affected.
    expect(JSON.parse((await inject('198.51.100.2', '/verify', { key: goodKey })).body).valid).toBe(true);
  });

  it('counts bad keys on the management API too, then answers 429 with Retry-After', async () => {
    const ip = '198.51.100.3';
    for (let i = 0; i < IP_FAILURES; i++) {
      const res = await inject(ip, '/tenants', { method: 'GET', key: unknownKey });
      expect(res.statusCode).toBe(401);
    }
    const limited = await inject(ip, '/tenants', { method: 'GET', key: managementKey });
    expect(limited.statusCode).toBe(429);
    expect(JSON.parse(limited.body).error.code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
    expect(JSON.parse((await inject(ip, '/verify', { key: goodKey })).body).code).toBe('RATE_LIMITED');
  });

  it('does not count failures of real keys (revoked, forbidden) against the IP', async () => {
    const ip = '198.51.100.4';
    for (let i = 0; i < IP_FAILURES * 2; i++) {
      const res = await inject(ip, '/verify', { key: goodKey, body: { resourceId: 'res_doesnotexist' } });
      expect(JSON.parse(res.body).code).toBe('FORBIDDEN');
    }
    expect(JSON.parse((await inject(ip, '/verify', { key: goodKey })).body).valid).toBe(true);
  });

  const login = (ip: string, email: string, password: string) => inject(ip, '/auth/login', { body: { email, password } });

  it('throttles sign-in per account with 429 RATE_LIMITED and Retry-After, even with the right password', async () => {
    const victim = await createPerson(server, 'victim');
    const failed = await Promise.all(Array.from({ length: LOGIN_FAILURES }, (_, i) => login(`203.0.113.${i + 1}`, victim.email, 'wrong-password')));
    expect(failed.map((r) => r.statusCode)).toEqual(failed.map(() => 401));
    const throttled = await login('203.0.113.99', victim.email, victim.password);
    expect(throttled.statusCode).toBe(429);
    expect(JSON.parse(throttled.body).error.code).toBe('RATE_LIMITED');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Other accounts still sign in from the same place.
    const other = await createPerson(server, 'bystander');
    expect((await login('203.0.113.99', other.email, other.password)).statusCode).toBe(200);

    const events = await server.api.call('GET', '/events?type=auth.login_failed,auth.throttled&limit=200', { as: admin });
    expect(events.status).toBe(200);
    const mine = events.body.items.filter((e: any) => e.details.email === victim.email.toLowerCase());
    expect(mine.filter((e: any) => e.type === 'auth.login_failed')).toHaveLength(LOGIN_FAILURES);
    expect(mine.filter((e: any) => e.type === 'auth.throttled')).toEqual([expect.objectContaining({ details: expect.objectContaining({ by: 'account' }) })]);
    expect(JSON.stringify(events.body)).not.toContain('wrong-password');
  }, 60_000);

  it('throttles sign-in per client IP across accounts, and records it once', async () => {
    const ip = '203.0.113.200';
    const perIp = LOGIN_FAILURES;
    // Different unknown accounts, so only the per-IP limit is reached.
    // Concurrently: each attempt costs a scrypt, and the threadpool runs several at once.
    const failed = await Promise.all(Array.from({ length: perIp }, (_, i) => login(ip, `nobody${i}@sec.test`, 'guess-1')));
    expect(failed.map((r) => r.statusCode)).toEqual(failed.map(() => 401));
    const person = await createPerson(server, 'behind-nat');
    const throttled = await login(ip, person.email, person.password);
    expect(throttled.statusCode).toBe(429);
    expect(throttled.headers['retry-after']).toBeDefined();
    expect((await login('203.0.113.201', person.email, person.password)).statusCode).toBe(200);
    const events = await server.api.call('GET', '/events?type=auth.throttled&limit=200', { as: admin });
    expect(events.body.items.filter((e: any) => e.details.by === 'ip' && e.details.ip === ip)).toHaveLength(1);
  }, 60_000);
});
