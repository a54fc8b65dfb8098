// The sign-in throttle holds under concurrency: an attempt counts before its password is checked
// and a success gives it back, per account and per client IP, on both databases, and across nodes
// that share one Redis namespace.
import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.js';
import { DIALECTS, TEST_REDIS_URL } from '../helpers/services.js';
import { createPerson, startFastServer } from './world.js';

const LIMIT = 10;

function loginOn(server: TestServer, ip: string, email: string, password: string) {
  return server.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { email, password } });
}

function tally(statuses: number[]) {
  return { ok: statuses.filter((s) => s === 401).length, limited: statuses.filter((s) => s === 429).length };
}

describe.each(DIALECTS)('the sign-in throttle on %s', (dialect) => {
  const servers: TestServer[] = [];
  afterAll(async () => { for (const s of servers) await s.stop(); });
  const start = async (env: Record<string, string> = {}) => {
    const server = await startFastServer(dialect, env);
    servers.push(server);
    return server;
  };

  it('checks at most KEYWARDEN_LOGIN_FAILURES of 200 parallel wrong passwords for one account; the rest answer 429 with Retry-After', async () => {
    const server = await start();
    const victim = await createPerson(server, 'parallel-victim');
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) =>
      loginOn(server, `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`, victim.email, `wrong-${i}`)));
    const { ok, limited } = tally(answers.map((r) => r.statusCode));
    expect(ok).toBeLessThanOrEqual(LIMIT);
    expect(ok + limited).toBe(200);
    for (const r of answers.filter((a) => a.statusCode === 429)) {
      expect(JSON.parse(r.body).error.code).toBe('RATE_LIMITED');
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(60);
    }
    // The account stays closed for the rest of the minute, even to the right password.
    expect((await loginOn(server, '198.18.9.9', victim.email, victim.password)).statusCode).toBe(429);
  }, 120_000);

  it('gives a successful attempt back, so the owner signing in does not use up the limit', async () => {
    const server = await start({ KEYWARDEN_LOGIN_FAILURES: '3' });
    const person = await createPerson(server, 'give-back');
    const ip = '198.18.20.1';
    expect((await loginOn(server, ip, person.email, 'wrong-1')).statusCode).toBe(401);
    expect((await loginOn(server, ip, person.email, 'wrong-2')).statusCode).toBe(401);
    expect((await loginOn(server, ip, person.email, person.password)).statusCode).toBe(200);
    expect((await loginOn(server, ip, person.email, 'wrong-3')).statusCode).toBe(401);
    expect((await loginOn(server, ip, person.email, person.password)).statusCode).toBe(429);
  }, 60_000);

  it('counts a throttled address\'s sign-ins toward no account, so a flood of made-up ones cannot evict an account\'s count', async () => {
    const server = await start({ KEYWARDEN_LOGIN_FAILURES: '3' });
    const victim = await createPerson(server, 'evict-victim');
    const flooder = '203.0.113.66';
    for (let i = 0; i < 3; i++) expect((await loginOn(server, flooder, `warm-${i}@flood.test`, 'x')).statusCode).toBe(401);
    expect((await loginOn(server, '198.18.40.1', victim.email, 'wrong-1')).statusCode).toBe(401);
    const accounts = server.loginThrottle.accounts.local;
    const before = accounts.size;
    // Refused at once, no password hashed: before, each left its made-up account a window in a table
    // of 100,000, which evicted the oldest partly used ones (an account's count started again).
    const flood = await Promise.all(Array.from({ length: 200 }, (_, i) => loginOn(server, flooder, `x${i}@flood.test`, 'x')));
    expect(new Set(flood.map((r) => r.statusCode))).toEqual(new Set([429]));
    expect(accounts.size).toBe(before);
  }, 60_000);

  it('counts a wrong currentPassword on PATCH /auth/me toward the same per-account throttle', async () => {
    const server = await start({ KEYWARDEN_LOGIN_FAILURES: '2' });
    const person = await createPerson(server, 'patch-me');
    const patch = (currentPassword: string) => server.api.call('PATCH', '/auth/me', { as: person.creds, body: { name: 'x', currentPassword } });
    expect((await patch('wrong-1')).status).toBe(400);
    expect((await patch('wrong-2')).status).toBe(400);
    const limited = await patch(person.password);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect((await loginOn(server, '198.18.30.1', person.email, person.password)).statusCode).toBe(429);
  }, 60_000);
});

describe.skipIf(!TEST_REDIS_URL)('the sign-in throttle with Redis', () => {
  const servers: TestServer[] = [];
  afterAll(async () => { for (const s of servers) await s.stop(); });

  it('holds across two nodes that share one Redis namespace', async () => {
    const redisPrefix = `kwtest:${randomBytes(6).toString('hex')}`;
    const env = { REDIS_URL: TEST_REDIS_URL! };
    for (let i = 0; i < 2; i++) servers.push(await startTestServer('sqlite', env, { redisPrefix }));
    const [a, b] = servers;
    const email = 'someone@nodes.test';
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) =>
      loginOn(i % 2 ? a : b, `198.18.40.${i + 1}`, email, `wrong-${i}`)));
    const { ok, limited } = tally(answers.map((r) => r.statusCode));
    expect(ok).toBeLessThanOrEqual(LIMIT);
    expect(ok + limited).toBe(60);
    // Each node knows: the account is closed on both.
    expect((await loginOn(a, '198.18.41.1', email, 'x')).statusCode).toBe(429);
    expect((await loginOn(b, '198.18.41.2', email, 'x')).statusCode).toBe(429);
    // The platform admin of each node signs in as usual.
    expect((await loginOn(a, '198.18.41.3', ADMIN.email, ADMIN.password)).statusCode).toBe(200);
  }, 120_000);
});
