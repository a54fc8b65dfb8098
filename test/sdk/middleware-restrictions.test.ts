// The SDK middleware with v1.1 IP restrictions and metadata, asking a real server that trusts the
// app's address (KEYWARDEN_TRUST_PROXY=127.0.0.1): each middleware sends its caller's address, its
// cache keeps callers apart, IP_NOT_ALLOWED becomes 403 FORBIDDEN with `reason`, and `meta` reaches
// the handlers. Fastify for real, Express and Hono through objects of their documented shapes.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createKey, makeManagedTeam, type ManagedTeam } from '../cli/fixture.js';
import { keywardenFastify } from '../../packages/sdk/src/fastify.js';
import { keywardenExpress } from '../../packages/sdk/src/express.js';
import { keywardenHono, type HonoContextLike } from '../../packages/sdk/src/hono.js';
import { refusalFor, type KeywardenIdentity } from '../../packages/sdk/src/index.js';

describe('the SDK middleware with IP restrictions and meta', () => {
  let server: TestServer;
  let team: ManagedTeam;
  let app: FastifyInstance;
  beforeAll(async () => {
    server = await startTestServer('sqlite', { KEYWARDEN_TRUST_PROXY: '127.0.0.1' });
    team = await makeManagedTeam(server);
    app = Fastify();
    app.get('/hello', { preHandler: keywardenFastify({ baseUrl: server.url }) }, async (request) => ({ keywarden: request.keywarden }));
  });
  afterAll(async () => {
    await app?.close();
    await server?.stop();
  });

  it('maps IP_NOT_ALLOWED to 403 FORBIDDEN with the code as reason', () => {
    expect(refusalFor('IP_NOT_ALLOWED')).toEqual({
      status: 403, body: { error: { code: 'FORBIDDEN', message: expect.any(String), reason: 'IP_NOT_ALLOWED' } },
    });
  });

  it('on Fastify: sends the caller\'s address, keeps callers apart in its cache, and hands meta to the handler', async () => {
    const key = await createKey(team, { allowedIps: ['198.51.100.0/24'], meta: { customer: 'cus_9' } });
    const from = (remoteAddress: string) => app.inject({ url: '/hello', remoteAddress, headers: { 'x-api-key': key.secret } });
    const allowed = await from('198.51.100.7');
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json().keywarden).toMatchObject({ keyId: key.id, meta: { customer: 'cus_9' } });
    // Right after a cached positive answer for another caller: this caller is asked about on its own.
    const refused = await from('203.0.113.1');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ error: { code: 'FORBIDDEN', message: expect.any(String), reason: 'IP_NOT_ALLOWED' } });
    expect((await from('::ffff:198.51.100.8')).statusCode).toBe(200);
  });

  it('on Express: sends req.ip', async () => {
    const key = await createKey(team, { allowedIps: ['2001:db8::/32'], meta: { plan: 'gold' } });
    const middleware = keywardenExpress({ baseUrl: server.url });
    const through = async (ip: string) => {
      let status = 200;
      let body: any;
      const req: { headers: Record<string, string>; ip: string; keywarden?: KeywardenIdentity } = { headers: { 'x-api-key': key.secret }, ip };
      const res = { status(code: number) { status = code; return this; }, setHeader() { return this; }, json(b: unknown) { body = b; return this; } };
      await middleware(req, res, () => {});
      return { status, body, identity: req.keywarden };
    };
    const allowed = await through('2001:db8::5');
    expect(allowed.identity?.meta).toEqual({ plan: 'gold' });
    const refused = await through('2001:db9::5');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'FORBIDDEN', reason: 'IP_NOT_ALLOWED' });
  });

  it('on Hono: sends the address that clientAddress reads from the runtime', async () => {
    const key = await createKey(team, { allowedIps: ['192.0.2.1'] });
    const through = async (address: string) => {
      const middleware = keywardenHono<HonoContextLike>({ baseUrl: server.url, clientAddress: () => address });
      let passed = false;
      const c: HonoContextLike = {
        req: { header: (name: string) => (name.toLowerCase() === 'x-api-key' ? key.secret : undefined) },
        set: () => {},
        header: () => {},
        json: (body, status) => new Response(JSON.stringify(body), { status }),
      };
      const response = await middleware(c, async () => { passed = true; });
      return passed ? { status: 200, body: null } : { status: response!.status, body: await response!.json() };
    };
    expect((await through('192.0.2.1')).status).toBe(200);
    const refused = await through('192.0.2.2');
    expect(refused.status).toBe(403);
    expect(refused.body.error.reason).toBe('IP_NOT_ALLOWED');
  });
});
