// The middleware's `tenantId` (security review, v1.1): an API of tenant B refuses a valid key of
// tenant A with 401 (reason NOT_FOUND), on Fastify, Express and Hono, also after the key passed
// another API's middleware on the same process (the tenant is part of the cache key).
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createKey, makeManagedTeam, type ManagedTeam } from '../cli/fixture.js';
import { keywardenFastify } from '../../packages/sdk/src/fastify.js';
import { keywardenExpress } from '../../packages/sdk/src/express.js';
import { keywardenHono, type HonoContextLike } from '../../packages/sdk/src/hono.js';

describe('the SDK middleware with a tenantId', () => {
  let server: TestServer;
  let a: ManagedTeam;
  let b: ManagedTeam;
  let app: FastifyInstance;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    a = await makeManagedTeam(server);
    b = await makeManagedTeam(server);
    app = Fastify();
    app.get('/any', { preHandler: keywardenFastify({ baseUrl: server.url }) }, async () => ({ ok: true }));
    app.get('/b', { preHandler: keywardenFastify({ baseUrl: server.url, tenantId: b.tid }) }, async (request) => ({ keywarden: request.keywarden }));
  });
  afterAll(async () => {
    await app?.close();
    await server?.stop();
  });

  it('refuses a key of another tenant with 401 on Fastify, after it passed a middleware without tenantId', async () => {
    const keyOfA = await createKey(a);
    expect((await app.inject({ url: '/any', headers: { 'x-api-key': keyOfA.secret } })).statusCode).toBe(200);
    const refused = await app.inject({ url: '/b', headers: { 'x-api-key': keyOfA.secret } });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'NOT_FOUND' });
    const keyOfB = await createKey(b);
    const passed = await app.inject({ url: '/b', headers: { 'x-api-key': keyOfB.secret } });
    expect(passed.statusCode).toBe(200);
    expect(passed.json().keywarden).toMatchObject({ keyId: keyOfB.id, tenantId: b.tid });
  });

  it('refuses a key of another tenant with 401 on Express and Hono', async () => {
    const keyOfA = await createKey(a);
    const keyOfB = await createKey(b);
    const express = keywardenExpress({ baseUrl: server.url, tenantId: b.tid });
    const throughExpress = async (secret: string) => {
      let status = 200;
      let passed = false;
      const res = { status(code: number) { status = code; return this; }, setHeader() { return this; }, json() { return this; } };
      await express({ headers: { 'x-api-key': secret }, ip: '127.0.0.1' }, res, () => { passed = true; });
      return passed ? 200 : status;
    };
    expect(await throughExpress(keyOfA.secret)).toBe(401);
    expect(await throughExpress(keyOfB.secret)).toBe(200);
    const hono = keywardenHono({ baseUrl: server.url, tenantId: b.tid });
    const throughHono = async (secret: string) => {
      let passed = false;
      const c: HonoContextLike = {
        req: { header: (name: string) => (name.toLowerCase() === 'x-api-key' ? secret : undefined) },
        set: () => {}, header: () => {}, json: (body, status) => new Response(JSON.stringify(body), { status }),
      };
      const response = await hono(c, async () => { passed = true; });
      return passed ? 200 : response!.status;
    };
    expect(await throughHono(keyOfA.secret)).toBe(401);
    expect(await throughHono(keyOfB.secret)).toBe(200);
  });
});
