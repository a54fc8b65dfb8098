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
