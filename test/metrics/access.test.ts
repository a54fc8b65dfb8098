// Who may scrape GET /metrics (DESIGN "/metrics"): without KEYWARDEN_METRICS_TOKEN only a loopback
// connection that carries no Forwarded or X-Forwarded-For header (404 otherwise, also behind a
// trusted proxy); with a token, `Authorization: Bearer <token>` from anywhere, nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

const TOKEN = 'metrics-token-0123456789abcdef';

async function scrape(server: TestServer, remoteAddress: string, headers: Record<string, string> = {}) {
  const res = await server.app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });
  return { status: res.statusCode, body: res.body };
}

describe.each([
  ['without proxies trusted', {}],
  ['with KEYWARDEN_TRUST_PROXY=true', { KEYWARDEN_TRUST_PROXY: 'true' }],
])('/metrics without a token, %s', (_name, env) => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer('sqlite', env); });
  afterAll(async () => { await server?.stop(); });

  it('answers a loopback connection, IPv4 or IPv6', async () => {
    for (const address of ['127.0.0.1', '127.0.0.53', '::1', '::ffff:127.0.0.1']) {
      const res = await scrape(server, address);
      expect(res.status, address).toBe(200);
      expect(res.body).toContain('keywarden_verifications_total');
    }
  });

  it('answers 404 to any other address', async () => {
    for (const address of ['10.0.0.5', '192.168.1.9', 'fe80::1', '::ffff:10.0.0.5']) {
      const res = await scrape(server, address);
      expect(res.status, address).toBe(404);
      expect(JSON.parse(res.body).error.code).toBe('NOT_FOUND');
    }
  });

  it('answers 404 to a loopback connection that was forwarded by a proxy', async () => {
    const forwarded: Record<string, string>[] = [{ 'x-forwarded-for': '127.0.0.1' }, { forwarded: 'for=127.0.0.1' }, { 'x-forwarded-for': '203.0.113.7' }];
    for (const headers of forwarded) {
      expect((await scrape(server, '127.0.0.1', headers)).status, JSON.stringify(headers)).toBe(404);
    }
  });

  it('answers 404 to a proxy that claims its client was on loopback', async () => {
    expect((await scrape(server, '10.0.0.5', { 'x-forwarded-for': '127.0.0.1' })).status).toBe(404);
  });
});

describe('/metrics with KEYWARDEN_METRICS_TOKEN', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer('sqlite', { KEYWARDEN_METRICS_TOKEN: TOKEN }); });
  afterAll(async () => { await server?.stop(); });

  it('answers the bearer of the token from any address', async () => {
    for (const address of ['127.0.0.1', '10.0.0.5']) {
      expect((await scrape(server, address, { authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '203.0.113.7' })).status, address).toBe(200);
    }
  });

  it('answers 401 without it, with another token or another scheme, loopback included', async () => {
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, 'Bearer ', `Basic ${TOKEN}`, TOKEN]) {
      const res = await scrape(server, '127.0.0.1', authorization === undefined ? {} : { authorization });
      expect(res.status, String(authorization)).toBe(401);
      expect(JSON.parse(res.body).error.code).toBe('UNAUTHENTICATED');
    }
  });
});
