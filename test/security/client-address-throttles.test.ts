// Per-address throttles count an IPv6 client by its /64 and an IPv4-mapped address as its IPv4, on
// verify and at sign-in; with Redis the verify counter of bad keys is shared by every node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { generateKey } from '../../src/domain/key-format.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { TEST_REDIS_URL } from '../helpers/services.js';
import { createKey, setUpTeam } from '../verify/nodes.js';
import { startFastServer } from './world.js';

const IP_FAILURES = 4;

function verifyFrom(server: TestServer, ip: string, key: string) {
  return server.app.inject({ method: 'POST', url: '/api/v1/verify', remoteAddress: ip, headers: { 'x-api-key': key } });
}
const codeOf = async (p: ReturnType<typeof verifyFrom>) => (await p).json().code ?? 'VALID';

describe('per-address throttles on one node', () => {
  let server: TestServer;
  let good: string;
  beforeAll(async () => {
    server = await startFastServer('sqlite', { KEYWARDEN_VERIFY_IP_FAILURES: String(IP_FAILURES), KEYWARDEN_LOGIN_FAILURES: '1' });
    good = (await createKey(server.api, await setUpTeam(server))).secret;
  });
  afterAll(async () => { await server?.stop(); });

  it('count bad keys from every address of one IPv6 /64 as one client', async () => {
    for (let i = 1; i <= IP_FAILURES; i++) expect(await codeOf(verifyFrom(server, `2001:db8:aa:1::${i.toString(16)}`, 'kw_garbage'))).toBe('MALFORMED');
    expect(await codeOf(verifyFrom(server, '2001:db8:aa:1:ffff::77', good))).toBe('RATE_LIMITED');
    expect(await codeOf(verifyFrom(server, '2001:db8:aa:2::1', good))).toBe('VALID');
  });

  it('count an IPv4-mapped IPv6 address as the IPv4 address it carries', async () => {
    for (let i = 0; i < IP_FAILURES; i++) await verifyFrom(server, '::ffff:198.18.60.1', 'kw_garbage');
    expect(await codeOf(verifyFrom(server, '198.18.60.1', good))).toBe('RATE_LIMITED');
  });

  it('count sign-ins from one IPv6 /64 together', async () => {
    // Per address: KEYWARDEN_LOGIN_FAILURES (here 1) a minute; the next comes from another address of the /64.
    for (let i = 1; i <= 1; i++) {
      const res = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: `2001:db8:bb:1::${i}`, payload: { email: `n${i}@v6.test`, password: 'x' } });
      expect(res.statusCode).toBe(401);
    }
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '2001:db8:bb:1::99', payload: { email: 'n6@v6.test', password: 'x' } });
    expect(res.statusCode).toBe(429);
  });
});

describe.skipIf(!TEST_REDIS_URL)('the verify counter of bad keys with Redis', () => {
  const nodes: TestServer[] = [];
  afterAll(async () => { for (const n of nodes) await n.stop(); });

  it('is shared by the nodes of one Redis namespace', async () => {
    const redisPrefix = `kwtest:${randomBytes(6).toString('hex')}`;
    const env = { REDIS_URL: TEST_REDIS_URL!, KEYWARDEN_VERIFY_IP_FAILURES: String(IP_FAILURES) };
    for (let i = 0; i < 2; i++) nodes.push(await startTestServer('sqlite', env, { redisPrefix }));
    const [a, b] = nodes;
    const goodOnB = (await createKey(b.api, await setUpTeam(b))).secret;
    const ip = '198.18.61.1';
    const settled = () => Promise.all(nodes.map((n) => n.verifier.ipFailures.settled()));
    // Half the guesses on each node: neither node alone reaches the limit.
    for (let i = 0; i < IP_FAILURES / 2; i++) {
      expect(await codeOf(verifyFrom(a, ip, generateKey('kw').secret))).toBe('NOT_FOUND');
      await settled();
    }
    for (let i = 0; i < IP_FAILURES / 2; i++) {
      expect(await codeOf(verifyFrom(b, ip, 'kw_garbage'))).toBe('MALFORMED');
      await settled();
    }
    expect(await codeOf(verifyFrom(b, ip, goodOnB))).toBe('RATE_LIMITED');
    // The other node blocks the address at its next bad key, valid keys included after it.
    await verifyFrom(a, ip, 'kw_garbage');
    await settled();
    expect(await codeOf(verifyFrom(a, ip, 'kw_garbage'))).toBe('RATE_LIMITED');
  });
});
