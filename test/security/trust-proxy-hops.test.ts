// KEYWARDEN_TRUST_PROXY=<n> (security review, v1.1): a hop count trusts the n proxies nearest the
// server, on the verify fast path (a real socket) and the management API (Fastify, through inject)
// alike; 0 and false trust none, so X-Forwarded-For is ignored.
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { World } from '../helpers/world.js';
import type { TestServer } from '../helpers/server.js';

/** A verify over a real socket (the fast path): the answer's body. */
function verifyOverSocket(server: TestServer, headers: Record<string, string>): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL('/api/v1/verify', server.url), { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => resolve(JSON.parse(text)));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The address the management API records for a key created with this X-Forwarded-For. */
async function recordedAddress(w: World, forwardedFor: string): Promise<string> {
  const tid = await w.tenantWithKeys();
  const dev = await w.member(tid);
  const res = await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: 'k' }, headers: { 'x-forwarded-for': forwardedFor } });
  expect(res.status).toBe(201);
  const events = await w.events(tid, `&type=key.created&keyId=${res.body.key.id}`);
  return events[0].ip;
}

describe.each([
  ['1', true],
  ['2', true],
  ['0', false],
  ['false', false],
] as const)('KEYWARDEN_TRUST_PROXY=%s', (setting, trusted) => {
  const w = World.forSuite('sqlite', { KEYWARDEN_TRUST_PROXY: setting, KEYWARDEN_VERIFY_IP_FAILURES: '2' });

  it(trusted ? 'sees the forwarded address on the fast path and the management API' : 'ignores X-Forwarded-For on both', async () => {
    const bad = (forwardedFor: string) => verifyOverSocket(w.server, { 'x-api-key': 'kw_nope', 'x-forwarded-for': forwardedFor });
    await bad('203.0.113.7');
    await bad('203.0.113.7');
    expect((await bad('203.0.113.7')).code).toBe('RATE_LIMITED');
    // Another forwarded client: its own count when the proxy is trusted, the same socket's otherwise.
    expect((await bad('203.0.113.8')).code).toBe(trusted ? 'MALFORMED' : 'RATE_LIMITED');
    expect(await recordedAddress(w, '198.51.100.4')).toBe(trusted ? '198.51.100.4' : '127.0.0.1');
  });
});

describe('KEYWARDEN_TRUST_PROXY=1 with a chain of forwarded addresses', () => {
  const w = World.forSuite('sqlite', { KEYWARDEN_TRUST_PROXY: '1' });

  it('takes the address the one trusted proxy saw, not one the client wrote', async () => {
    expect(await recordedAddress(w, '192.0.2.66, 198.51.100.5')).toBe('198.51.100.5');
  });
});
