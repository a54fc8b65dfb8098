// Web hygiene: CSRF on cookie-authenticated writes and every login, the session cookie's flags,
// security headers, 413 for oversized bodies, and a 500 that tells nothing but a request id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type Credentials, type TestServer } from '../helpers/server.js';
import { createPerson, grant, startFastServer } from './world.js';

const HOST = 'keywarden.example.test';
const OWN_ORIGIN = `http://${HOST}`;

describe('CSRF and request hygiene', () => {
  let server: TestServer;
  let admin: Credentials;
  let tid: string;
  let resourceId: string;
  let memberId: string;

  beforeAll(async () => {
    server = await startFastServer('sqlite');
    admin = await server.api.login(ADMIN.email, ADMIN.password);
    tid = (await server.api.call('POST', '/tenants', { as: admin, body: { name: 'Web', settings: { apiKeysEnabled: true } } })).body.id;
    resourceId = (await server.api.call('POST', `/tenants/${tid}/resources`, { as: admin, body: { type: 'folder', name: 'docs' } })).body.id;
    memberId = (await createPerson(server, 'csrf-member')).id;
    await grant(server.api, admin, tid, memberId, ['developer'], false);
  });
  afterAll(async () => { await server?.stop(); });

  const send = (method: string, url: string, headers: Record<string, string>, body?: object) =>
    server.app.inject({ method: method as 'POST', url: `/api/v1${url}`, headers: { host: HOST, ...headers }, ...(body && { payload: body }) });

  const writes = () => [
    { method: 'POST', url: `/tenants/${tid}/resources`, body: { type: 'folder', name: `r${Math.random()}` } },
    { method: 'PATCH', url: `/tenants/${tid}`, body: { name: `Web ${Math.random()}` } },
    { method: 'PUT', url: `/tenants/${tid}/members/${memberId}`, body: { roles: ['developer'], licensed: true } },
    { method: 'DELETE', url: `/tenants/${tid}/resources/${resourceId}` },
  ];
  const FOREIGN: Record<string, string>[] = [
    { origin: 'https://evil.example' },
    { origin: `https://${HOST}` }, // another scheme is another origin
    { 'sec-fetch-site': 'cross-site' },
    { 'sec-fetch-site': 'same-site' },
    { origin: OWN_ORIGIN, 'sec-fetch-site': 'cross-site' },
  ];

  it('refuses cookie-authenticated POST, PUT, PATCH and DELETE from another origin with 403 CSRF_FAILED, changing nothing', async () => {
    const before = await server.ctx.store.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    for (const w of writes()) {
      for (const headers of FOREIGN) {
        const res = await send(w.method, w.url, { cookie: admin.cookie!, ...headers }, w.body);
        expect({ ...w, headers, status: res.statusCode, code: JSON.parse(res.body).error?.code }).toEqual({ ...w, headers, status: 403, code: 'CSRF_FAILED' });
      }
    }
    const after = await server.ctx.store.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('lets the same writes through from the own origin, from same-origin or user-initiated fetches, and without either header', async () => {
    const allowed: Record<string, string>[] = [{}, { origin: OWN_ORIGIN }, { 'sec-fetch-site': 'same-origin' }, { 'sec-fetch-site': 'none' }];
    for (const headers of allowed) {
      for (const w of writes().slice(0, 3)) {
        const res = await send(w.method, w.url, { cookie: admin.cookie!, ...headers }, w.body);
        expect({ ...w, headers, status: res.statusCode }).toEqual({ ...w, headers, status: w.method === 'POST' ? 201 : 200 });
      }
    }
    expect((await send('DELETE', `/tenants/${tid}/resources/${resourceId}`, { cookie: admin.cookie! })).statusCode).toBe(204);
  });

  it('checks every login, signed in or not, but not reads', async () => {
    for (const headers of FOREIGN) {
      const res = await send('POST', '/auth/login', headers, { email: ADMIN.email, password: ADMIN.password });
      expect(res.statusCode).toBe(403);
      expect(JSON.parse(res.body).error.code).toBe('CSRF_FAILED');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect((await send('POST', '/auth/login', {}, { email: ADMIN.email, password: ADMIN.password })).statusCode).toBe(200);
    // Reads are not checked, and the server sends no CORS headers.
    const read = await send('GET', `/tenants/${tid}`, { cookie: admin.cookie!, origin: 'https://evil.example' });
    expect(read.statusCode).toBe(200);
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
    expect(read.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('sends the security headers on answers and errors alike', async () => {
    for (const res of [await send('GET', '/health', {}), await send('GET', '/tenants', {}), await send('GET', '/nope', {})]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['strict-transport-security']).toContain('max-age=');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('answers 413 PAYLOAD_TOO_LARGE to oversized bodies on every kind of route, before authentication', async () => {
    const big = { name: 'x'.repeat(70 * 1024) };
    for (const [method, url] of [['POST', '/auth/login'], ['POST', '/verify'], ['POST', `/tenants/${tid}/keys`], ['PATCH', `/tenants/${tid}/settings`]]) {
      const res = await send(method, url, { cookie: admin.cookie! }, big);
      expect(res.statusCode).toBe(413);
      expect(JSON.parse(res.body)).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) } });
    }
  });
});

describe('session cookie flags', () => {
  const servers: TestServer[] = [];
  afterAll(async () => { for (const s of servers) await s.stop(); });

  async function cookieFrom(env: Record<string, string>, headers: Record<string, string> = {}): Promise<string> {
    const server = await startFastServer('sqlite', env);
    servers.push(server);
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers, payload: { email: ADMIN.email, password: ADMIN.password } });
    expect(res.statusCode).toBe(200);
    return String(res.headers['set-cookie']);
  }

  it('is HttpOnly and SameSite=Lax, and Secure only over HTTPS or with KEYWARDEN_COOKIE_SECURE=true', async () => {
    const plain = await cookieFrom({}, { 'x-forwarded-proto': 'https' }); // no proxy is trusted by default
    expect(plain).toMatch(/^keywarden_session=[A-Za-z0-9_-]{40,};/);
    expect(plain).toContain('HttpOnly');
    expect(plain).toContain('SameSite=Lax');
    expect(plain).not.toContain('Secure');
    expect(await cookieFrom({ KEYWARDEN_COOKIE_SECURE: 'true' })).toMatch(/HttpOnly.*Secure|Secure.*HttpOnly/);
    const proxied = await cookieFrom({ KEYWARDEN_TRUST_PROXY: 'true' }, { 'x-forwarded-proto': 'https', 'x-forwarded-host': HOST, host: HOST, origin: `https://${HOST}` });
    expect(proxied).toContain('Secure');
    expect(proxied).toContain('SameSite=Lax');
  }, 60_000);
});

describe('internal errors', () => {
  it('answers a 500 as {error: {code: INTERNAL, message}} with a request id and no stack, SQL or path', async () => {
    const server = await startFastServer('sqlite');
    const admin = await server.api.login(ADMIN.email, ADMIN.password);
    await server.ctx.store.close(); // the database goes away under the running app
    try {
      for (const [method, url] of [['GET', '/tenants'], ['POST', '/tenants'], ['GET', '/auth/me']] as const) {
        const res = await server.api.call(method, url, { as: admin, ...(method === 'POST' && { body: { name: 'x' } }) });
        expect(res.status).toBe(500);
        expect(res.body).toEqual({ error: { code: 'INTERNAL', message: expect.stringMatching(/^Internal error \(request [0-9a-f]{8}-[0-9a-z]+\)\.$/) } });
        expect(JSON.stringify(res.body)).not.toMatch(/stack|\bat \w|\/work\/|node_modules|select |sqlite|kysely/i);
      }
      const ready = await server.api.call('GET', '/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.error.code).toBe('NOT_READY');
    } finally {
      await server.app.close();
      await server.verifier.stop().catch(() => undefined);
      await server.stop().catch(() => undefined);
    }
  });
});
