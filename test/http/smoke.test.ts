import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.js';
import { DIALECTS } from '../helpers/services.js';

describe.each(DIALECTS)('server basics on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(dialect); });
  afterAll(async () => { await server?.stop(); });

  it('answers health and readiness', async () => {
    expect((await server.api.call('GET', '/health')).body).toEqual({ status: 'ok' });
    const ready = await server.api.call('GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ database: 'ok', redis: 'absent' });
  });

  it('creates the platform admin on first start and signs them in', async () => {
    const admin = await server.api.login(ADMIN.email, ADMIN.password);
    const me = await server.api.call('GET', '/auth/me', { as: admin });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: ADMIN.email, isPlatformAdmin: true, disabled: false });
  });

  it('answers an unknown API path with 404 NOT_FOUND in the error shape', async () => {
    const res = await server.api.call('GET', '/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});

describe('request hygiene', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer('sqlite', { KEYWARDEN_BODY_LIMIT: '2048' }); });
  afterAll(async () => { await server?.stop(); });

  it('answers a body that is not JSON with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await server.api.call('POST', '/verify', { headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers malformed JSON with 400 VALIDATION_FAILED', async () => {
    const res = await server.api.call('POST', '/verify', { headers: { 'content-type': 'application/json' }, body: '{bad' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('answers an oversized body with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await server.api.call('POST', '/auth/login', { body: { email: 'a@b.c', password: 'x'.repeat(5000) } });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('names the field of a schema error with a JSON Pointer and lists the allowed values', async () => {
    const res = await server.api.call('POST', '/verify', { body: { permission: 'root' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: '/permission', message: 'must be one of read, write, admin' }]);
  });

  it('refuses unknown fields and does not coerce types in bodies', async () => {
    const unknown = await server.api.call('POST', '/verify', { body: { costs: 1 } });
    expect(unknown.body.error.details).toEqual([{ field: '/costs', message: 'is not a known field' }]);
    const coerced = await server.api.call('POST', '/verify', { body: { cost: '1' } });
    expect(coerced.status).toBe(400);
    expect(coerced.body.error.details[0].field).toBe('/cost');
  });

  it('serves an OpenAPI 3 document generated from the route schemas', async () => {
    const res = await server.api.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/verify', '/api/v1/tenants/{tid}/keys']));
    expect(res.body.paths['/api/v1/verify'].post.requestBody.content['application/json'].schema.properties.permission.enum).toEqual(['read', 'write', 'admin']);
  });

  it('sends security headers and no CORS headers', async () => {
    const res = await server.api.call('GET', '/health', { headers: { origin: 'https://evil.example' } });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
