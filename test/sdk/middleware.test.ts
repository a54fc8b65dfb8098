// The SDK middleware in front of real routes, asking a real Keywarden server: Fastify for real, Express
// and Hono through request/response objects of their documented shapes (neither is installed here).
import { createHash, randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createKey, makeManagedTeam, type ManagedTeam } from '../cli/fixture.js';
import { keywardenFastify } from '../../packages/sdk/src/fastify.js';
import { keywardenExpress, type ExpressRequestLike } from '../../packages/sdk/src/express.js';
import { keywardenHono, type HonoContextLike } from '../../packages/sdk/src/hono.js';
import type { KeywardenIdentity } from '../../packages/sdk/src/index.js';
import { generateKey } from '../../src/domain/key-format.js';

describe('the SDK middleware against a real server', () => {
  let server: TestServer;
  let team: ManagedTeam;
  let app: FastifyInstance;
  const revoke = (id: string) => server.api.call('POST', `/tenants/${team.tid}/keys/${id}/revoke`, { headers: { 'x-api-key': team.managementKey } });
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    team = await makeManagedTeam(server);
    app = Fastify();
    app.get('/hello', { preHandler: keywardenFastify({ baseUrl: server.url }) }, async (request) => ({ keywarden: request.keywarden }));
    app.get('/reports/:resourceId', {
      preHandler: keywardenFastify({ baseUrl: server.url, permission: 'write', resourceId: (req) => (req.params as { resourceId: string }).resourceId }),
    }, async () => ({ ok: true }));
    app.get('/metered', { preHandler: keywardenFastify({ baseUrl: server.url, cacheTtlMs: 0 }) }, async () => ({ ok: true }));
    // Named limits (v1.1): the request says what it costs; the cache stays on, and must not be used.
    app.get('/tokens', {
      preHandler: keywardenFastify({ baseUrl: server.url, limits: (req) => [{ name: 'tokens', cost: Number((req.query as { n?: string }).n ?? 1) }] }),
    }, async () => ({ ok: true }));
  });
  afterAll(async () => {
    await app?.close();
    await server?.stop();
  });

  it('puts the key\'s identity on a Fastify request', async () => {
    const key = await createKey(team);
    const res = await app.inject({ url: '/hello', headers: { 'x-api-key': key.secret } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ keywarden: { keyId: key.id, tenantId: team.tid, ownerId: team.developer.id, scopes: [{ resourceId: null, permission: 'read' }] } });
  });

  it('answers 401 UNAUTHENTICATED with the verify code as reason', async () => {
    const missing = await app.inject({ url: '/hello' });
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String), reason: 'MALFORMED' } });
    const unknown = await app.inject({ url: '/hello', headers: { 'x-api-key': generateKey('kw').secret } });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'NOT_FOUND' });
  });

  it('refuses a revoked key within about a second (the cache expires)', async () => {
    const key = await createKey(team);
    expect((await app.inject({ url: '/hello', headers: { 'x-api-key': key.secret } })).statusCode).toBe(200);
    expect((await revoke(key.id)).status).toBe(200);
    const revokedAt = Date.now();
    let res;
    do {
      res = await app.inject({ url: '/hello', headers: { 'x-api-key': key.secret } });
      if (res.statusCode === 200) await new Promise((r) => setTimeout(r, 50));
    } while (res.statusCode === 200 && Date.now() - revokedAt < 3000);
    expect(Date.now() - revokedAt).toBeLessThan(1200);
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REVOKED' });
  });

  it('answers 403 FORBIDDEN when no scope covers the resource and permission', async () => {
    const platform = team.platform;
    const folder = await server.api.call('POST', `/tenants/${team.tid}/resources`, { as: platform, body: { type: 'folder', name: `f${randomBytes(6).toString('hex')}` } });
    expect(folder.status, JSON.stringify(folder.body)).toBe(201);
    const reader = await createKey(team, { scopes: [{ resourceId: folder.body.id, permission: 'read' }] });
    const writer = await createKey(team, { scopes: [{ resourceId: folder.body.id, permission: 'write' }] });
    expect((await app.inject({ url: `/reports/${folder.body.id}`, headers: { 'x-api-key': writer.secret } })).statusCode).toBe(200);
    const refused = await app.inject({ url: `/reports/${folder.body.id}`, headers: { 'x-api-key': reader.secret } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ error: { code: 'FORBIDDEN', message: expect.any(String) } });
  });

  it('answers a resource id from the URL that is no id at all as an unknown resource: the key\'s refusal, else 403', async () => {
    // The server answers such a verify body 400; passed on, the app answered it (attacker-side review).
    const key = await createKey(team);
    const valid = await app.inject({ url: '/reports/..%2F..%2Fadmin', headers: { 'x-api-key': key.secret } });
    expect([valid.statusCode, valid.json()]).toEqual([403, { error: { code: 'FORBIDDEN', message: expect.any(String) } }]);
    const unknown = await app.inject({ url: '/reports/..%2F..%2Fadmin', headers: { 'x-api-key': generateKey('kw').secret } });
    expect([unknown.statusCode, unknown.json().error]).toEqual([401, { code: 'UNAUTHENTICATED', message: expect.any(String), reason: 'NOT_FOUND' }]);
    expect((await app.inject({ url: '/reports/not-an-id' })).statusCode).toBe(401); // no key: refused before any request
    let passedOn: unknown = null;
    const express = keywardenExpress<ExpressRequestLike & { params: { id: string } }>({ baseUrl: server.url, resourceId: (req) => req.params.id });
    let status = 0;
    await express({ headers: { 'x-api-key': key.secret }, params: { id: 'not-an-id' }, ip: '127.0.0.1' } as never,
      { status(code: number) { status = code; return this; }, setHeader() {}, json() {} } as never, (err?: unknown) => { passedOn = err ?? 'next'; });
    expect([status, passedOn]).toEqual([403, null]);
  });

  it('answers 429 with Retry-After past the key\'s rate limit, and 429 when credits run out', async () => {
    const limited = await createKey(team, { ratelimit: { limit: 1, durationMs: 60_000 } });
    expect((await app.inject({ url: '/metered', headers: { 'x-api-key': limited.secret } })).statusCode).toBe(200);
    const second = await app.inject({ url: '/metered', headers: { 'x-api-key': limited.secret } });
    expect(second.statusCode).toBe(429);
    expect(Number(second.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(second.json().error).toMatchObject({ code: 'RATE_LIMITED', reason: 'RATE_LIMITED' });
    const spent = await createKey(team, { remaining: 0 });
    const broke = await app.inject({ url: '/metered', headers: { 'x-api-key': spent.secret } });
    expect(broke.statusCode).toBe(429);
    expect(broke.json().error).toMatchObject({ code: 'RATE_LIMITED', reason: 'USAGE_EXCEEDED' });
  });

  it('carries the RateLimit-Policy and RateLimit headers for a key with a rate limit, and none for other keys', async () => {
    const limited = await createKey(team, { ratelimit: { limit: 2, durationMs: 60_000 } });
    const ask = () => app.inject({ url: '/metered', headers: { 'x-api-key': limited.secret } });
    const reset = (header: unknown) => Number(/;t=(\d+)$/.exec(String(header))?.[1]);
    const first = await ask();
    expect(first.statusCode).toBe(200);
    expect(first.headers['ratelimit-policy']).toBe('"default";q=2');
    expect(first.headers['ratelimit']).toMatch(/^"default";r=1;t=\d+$/);
    expect(reset(first.headers['ratelimit'])).toBeGreaterThanOrEqual(1);
    expect(reset(first.headers['ratelimit'])).toBeLessThanOrEqual(60);
    const second = await ask();
    expect(second.statusCode).toBe(200);
    expect(second.headers['ratelimit']).toMatch(/^"default";r=0;t=\d+$/);
    const refused = await ask();
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['ratelimit']).toMatch(/^"default";r=0;t=[1-9]\d*$/);
    expect(reset(refused.headers['ratelimit'])).toBe(Number(refused.headers['retry-after']));

    const plain = await createKey(team);
    const unlimited = await app.inject({ url: '/metered', headers: { 'x-api-key': plain.secret } });
    expect(unlimited.statusCode).toBe(200);
    expect(unlimited.headers['ratelimit']).toBeUndefined();
    expect(unlimited.headers['ratelimit-policy']).toBeUndefined();
  });

  it('applies named limits with their cost per request, sets one RateLimit policy per limit, and never caches', async () => {
    const key = await createKey(team, { limits: [{ name: 'tokens', kind: 'credits', per: 'key', limit: 10, autoApply: false }] });
    const ask = (n: number) => app.inject({ url: `/tokens?n=${n}`, headers: { 'x-api-key': key.secret } });
    const first = await ask(4);
    expect(first.statusCode).toBe(200);
    expect(first.headers['ratelimit-policy']).toBe('"tokens";q=10');
    expect(first.headers['ratelimit']).toBe('"tokens";r=6');
    // The same request again is counted again by the server, not answered from the cache.
    expect((await ask(4)).headers['ratelimit']).toBe('"tokens";r=2');
    const refused = await ask(4);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toMatchObject({ code: 'RATE_LIMITED', reason: 'USAGE_EXCEEDED' });
    expect(refused.headers['ratelimit']).toBe('"tokens";r=0');
    expect((await ask(2)).statusCode).toBe(200);
  });

  /** One request through Express middleware of the documented shapes: the status it answers. */
  async function throughExpress(middleware: ReturnType<typeof keywardenExpress>, headers: Record<string, string>, ip = '127.0.0.1') {
    let status = 200;
    let passed = false;
    const res = { status(code: number) { status = code; return this; }, setHeader() { return this; }, json() { return this; } };
    await middleware({ headers, ip }, res, () => { passed = true; });
    return passed ? 200 : status;
  }

  /** One request through Hono middleware of the documented shapes: the status it answers. */
  async function throughHono(middleware: ReturnType<typeof keywardenHono>, headers: Record<string, string>) {
    let passed = false;
    const c: HonoContextLike = {
      req: { header: (name: string) => headers[name.toLowerCase()] },
      set: () => {},
      header: () => {},
      json: (body, status) => new Response(JSON.stringify(body), { status }),
    };
    const response = await middleware(c, async () => { passed = true; });
    return passed ? 200 : response!.status;
  }

  describe('a key with a rate limit of 3 gets exactly 3 successes in a burst of 10, with the default cache', () => {
    const burst = async (one: () => Promise<number>) => {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push(await one());
      return statuses;
    };
    const expectThree = (statuses: number[]) => {
      expect(statuses.filter((s) => s === 200)).toHaveLength(3);
      expect(statuses.slice(3)).toEqual(Array(7).fill(429));
    };

    it('through Fastify', async () => {
      const { secret } = await createKey(team, { ratelimit: { limit: 3, durationMs: 60_000 } });
      expectThree(await burst(async () => (await app.inject({ url: '/hello', headers: { 'x-api-key': secret } })).statusCode));
    });

    it('through Express', async () => {
      const { secret } = await createKey(team, { ratelimit: { limit: 3, durationMs: 60_000 } });
      const middleware = keywardenExpress({ baseUrl: server.url });
      expectThree(await burst(() => throughExpress(middleware, { 'x-api-key': secret })));
    });

    it('through Hono', async () => {
      const { secret } = await createKey(team, { ratelimit: { limit: 3, durationMs: 60_000 } });
      const middleware = keywardenHono({ baseUrl: server.url });
      expectThree(await burst(() => throughHono(middleware, { 'x-api-key': secret })));
    });

    it('and a key with 3 credits the same', async () => {
      const { secret } = await createKey(team, { remaining: 3 });
      const middleware = keywardenExpress({ baseUrl: server.url });
      const statuses = await burst(() => throughExpress(middleware, { 'x-api-key': secret }));
      expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    });
  });

  it('still reuses the answer for a key without limits, per caller address', async () => {
    const { secret } = await createKey(team);
    const seen: string[] = [];
    const middleware = keywardenExpress({
      baseUrl: server.url,
      now: () => 1_000, // a clock that stands still: the answer stays fresh
      fetch: (async (url: URL, init?: RequestInit) => {
        seen.push(String((init!.headers as Record<string, string>)['x-forwarded-for']));
        return fetch(url, init);
      }) as typeof fetch,
    });
    for (const ip of ['192.0.2.1', '192.0.2.1', '192.0.2.2']) expect(await throughExpress(middleware, { 'x-api-key': secret }, ip)).toBe(200);
    expect(seen).toEqual(['192.0.2.1', '192.0.2.2']);
  });

  it('sends a key that is not in Keywarden\'s format to the server, which judges it', async () => {
    const before = (await server.api.call('GET', '/metrics')).body as string;
    const count = (text: string) => Number(/keywarden_verifications_total\{result="MALFORMED"\} (\d+)/.exec(text)?.[1] ?? 0);
    const res = await app.inject({ url: '/hello', headers: { 'x-api-key': 'legacy-0123456789abcdef' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MALFORMED' });
    expect(count((await server.api.call('GET', '/metrics')).body as string) - count(before)).toBe(1);
  });

  it('works as Express middleware: next() with req.keywarden, or a JSON refusal', async () => {
    const key = await createKey(team);
    let clockMs = Date.now(); // the middleware's clock: the test moves it past the cache's second
    const middleware = keywardenExpress({ baseUrl: server.url, now: () => clockMs });
    const run = async (headers: Record<string, string>) => {
      const req: ExpressRequestLike = { headers };
      const res = { statusCode: 200, headers: {} as Record<string, string>, body: undefined as unknown,
        status(code: number) { this.statusCode = code; return this; },
        setHeader(name: string, value: string) { this.headers[name.toLowerCase()] = value; return this; },
        json(body: unknown) { this.body = body; return this; } };
      const nextCalls: unknown[][] = [];
      await middleware(req, res, (...args: unknown[]) => { nextCalls.push(args); });
      return { req, res, nextCalls };
    };
    const ok = await run({ 'x-api-key': key.secret });
    expect(ok.nextCalls).toEqual([[]]);
    expect(ok.req.keywarden).toMatchObject({ keyId: key.id, tenantId: team.tid });
    expect(ok.res.headers).toEqual({});
    const limited = await createKey(team, { ratelimit: { limit: 5, durationMs: 60_000 } });
    const counted = await run({ 'x-api-key': limited.secret });
    expect(counted.nextCalls).toEqual([[]]);
    expect(counted.res.headers).toMatchObject({ 'ratelimit-policy': '"default";q=5', ratelimit: expect.stringMatching(/^"default";r=4;t=\d+$/) });
    await revoke(key.id);
    clockMs += 1050;
    const refused = await run({ 'x-api-key': key.secret });
    expect(refused.nextCalls).toEqual([]);
    expect(refused.res.statusCode).toBe(401);
    expect(refused.res.body).toMatchObject({ error: { code: 'UNAUTHENTICATED', reason: 'REVOKED' } });
  });

  it('works as Hono middleware: c.set(\'keywarden\') and next(), or c.json() with the refusal', async () => {
    const limited = await createKey(team, { ratelimit: { limit: 1, durationMs: 60_000 } });
    const middleware = keywardenHono({ baseUrl: server.url, cacheTtlMs: 0 });
    const run = async (headers: Record<string, string>) => {
      const vars = new Map<string, KeywardenIdentity>();
      const prepared: Record<string, string> = {};
      const c: HonoContextLike = {
        req: { header: (name: string) => headers[name.toLowerCase()] },
        set: (name, value) => { vars.set(name, value); },
        // Hono adds the headers set on the context to the answers it makes.
        header: (name, value) => { prepared[name] = value; },
        json: (body, status, extra) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...prepared, ...extra } }),
      };
      let nexted = false;
      const response = await middleware(c, async () => { nexted = true; });
      return { vars, nexted, response, prepared };
    };
    const ok = await run({ 'x-api-key': limited.secret });
    expect(ok.nexted).toBe(true);
    expect(ok.response).toBeUndefined();
    expect(ok.vars.get('keywarden')).toMatchObject({ keyId: limited.id, ownerId: team.developer.id });
    expect(ok.prepared).toMatchObject({ 'RateLimit-Policy': '"default";q=1', RateLimit: expect.stringMatching(/^"default";r=0;t=\d+$/) });
    const limitedAgain = await run({ 'x-api-key': limited.secret });
    expect(limitedAgain.nexted).toBe(false);
    expect(limitedAgain.response!.status).toBe(429);
    expect(Number(limitedAgain.response!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limitedAgain.response!.headers.get('ratelimit')).toMatch(/^"default";r=0;t=[1-9]\d*$/);
    const none = await run({});
    expect(none.response!.status).toBe(401);
    expect(await none.response!.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED', reason: 'MALFORMED' } });
  });
});

// Its own server: once a key is imported, every non-format value is looked up (NOT_FOUND, not MALFORMED).
describe('the SDK middleware and imported keys', () => {
  let server: TestServer;
  let team: ManagedTeam;
  let app: FastifyInstance;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    team = await makeManagedTeam(server);
    app = Fastify();
    app.get('/hello', { preHandler: keywardenFastify({ baseUrl: server.url }) }, async (request) => ({ keywarden: request.keywarden }));
  });
  afterAll(async () => {
    await app?.close();
    await server?.stop();
  });

  it('passes a key imported from another system to the server unjudged, and lets it through', async () => {
    const legacy = `sk_live_${randomBytes(18).toString('base64url')}`;
    const imported = await server.api.call('POST', `/tenants/${team.tid}/keys/import`, {
      headers: { 'x-api-key': team.managementKey },
      body: { keys: [{ ownerId: team.developer.id, hash: { algorithm: 'sha256', value: createHash('sha256').update(legacy).digest('hex') } }] },
    });
    expect(imported.status).toBe(200);
    const [{ id }] = imported.body.results;
    const res = await app.inject({ url: '/hello', headers: { 'x-api-key': legacy } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ keywarden: { keyId: id, tenantId: team.tid, ownerId: team.developer.id, scopes: [{ resourceId: null, permission: 'read' }] } });
    const other = await app.inject({ url: '/hello', headers: { 'x-api-key': `${legacy}-other` } });
    expect(other.statusCode).toBe(401);
    expect(other.json().error).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'NOT_FOUND' });
  });
});
