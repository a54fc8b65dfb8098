// POST /leaks (DESIGN v1.1 "Leak reports"): anyone reports keys; the answer is the same 202 whatever
// they are, sent before any lookup; existing keys that are not revoked are marked, recorded once an
// hour, and revoked or only reported by their tenant's leakPolicy.
import { afterAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../src/domain/key-format.js';
import { DIALECTS, TEST_REDIS_URL } from '../helpers/services.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { World } from '../helpers/world.js';

let nextAddress = 1;
/** A client address of its own per call, so that tests do not share a throttle window. */
const freshAddress = () => `198.18.${(nextAddress >> 8) & 255}.${nextAddress++ & 255}`;

async function report(server: TestServer, body: unknown, remoteAddress = freshAddress()) {
  const res = await server.app.inject({ method: 'POST', url: '/api/v1/leaks', payload: body as object, remoteAddress });
  return { status: res.statusCode, body: res.body, json: res.body ? JSON.parse(res.body) : null, headers: res.headers };
}

describe.each(DIALECTS)('leak reports (%s)', (dialect) => {
  let nowMs = Date.now();
  let gate: Promise<void> = Promise.resolve();
  // Sessions outlive the hours this suite moves its clock by.
  const world = World.forSuite(dialect, { KEYWARDEN_SESSION_TTL: '30d', KEYWARDEN_SESSION_IDLE: '30d' }, {
    now: () => new Date(nowMs), leaks: { beforeProcessing: () => gate },
  });
  const server = () => world.server as TestServer;

  async function team(settings: Record<string, unknown> = {}) {
    const tid = await world.tenantWithKeys(settings);
    const dev = await world.member(tid);
    return { tid, dev };
  }
  const readKey = async (tid: string, kid: string) => (await world.call('GET', `/tenants/${tid}/keys/${kid}`, { as: world.admin })).body;
  const keyEvents = async (tid: string, kid: string, type: string) => world.events(tid, `&keyId=${kid}&type=${type}`);
  async function reportAndWait(keys: string[], extra: Record<string, unknown> = {}) {
    const res = await report(server(), { keys, ...extra });
    expect(res.status, res.body).toBe(202);
    await server().leaks.idle();
    return res;
  }

  it('answers 202 with the same body and headers for valid, revoked, unknown and malformed keys', async () => {
    const { tid, dev } = await team({ leakPolicy: 'notify' });
    const valid = await world.createKey(tid, dev.as);
    const revoked = await world.createKey(tid, dev.as);
    expect((await world.call('POST', `/tenants/${tid}/keys/${revoked.key.id}/revoke`, { as: world.admin })).status).toBe(200);
    const answers = [];
    for (const key of [valid.secret, revoked.secret, generateKey('kw').secret, 'kw_not-a-key', 'x'.repeat(256)]) {
      const res = await report(server(), { keys: [key] });
      answers.push({ status: res.status, body: res.body, type: res.headers['content-type'], length: res.headers['content-length'] });
    }
    await server().leaks.idle();
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ status: 202, body: '{"received":1}' });
  });

  it('answers before any key is looked at: processing held, the key is still unmarked', async () => {
    const { tid, dev } = await team();
    const key = await world.createKey(tid, dev.as);
    let release!: () => void;
    gate = new Promise((resolve) => { release = resolve; });
    try {
      const res = await report(server(), { keys: [key.secret] });
      expect(res.status).toBe(202);
      expect(res.json).toEqual({ received: 1 });
      expect((await readKey(tid, key.key.id)).leakedAt).toBeNull();
      expect((await world.verify(key.secret)).valid).toBe(true);
    } finally {
      release();
      gate = Promise.resolve();
    }
    await server().leaks.idle();
    expect((await readKey(tid, key.key.id)).status).toBe('revoked');
  });

  it('marks and revokes a reported active, expired or disabled key under the default policy', async () => {
    const { tid, dev } = await team();
    const active = await world.createKey(tid, dev.as);
    const expired = await world.createKey(tid, dev.as);
    await world.setKey(expired.key.id, { expires_at: new Date(nowMs - 60_000).toISOString() });
    const other = await world.member(tid);
    const disabled = await world.createKey(tid, other.as);
    expect((await world.grant(tid, other.id, ['developer'], false)).status).toBe(200); // licence gone: DISABLED
    expect((await world.verify(disabled.secret)).code).toBe('DISABLED');
    await reportAndWait([active.secret, expired.secret, disabled.secret], { source: 'a public gist', url: 'https://gist.example/abc' });
    for (const k of [active, expired, disabled]) {
      const key = await readKey(tid, k.key.id);
      expect(key).toMatchObject({ status: 'revoked', leakedAt: new Date(nowMs).toISOString(), leak: { source: 'a public gist', url: 'https://gist.example/abc', count: 1 } });
      const [leaked] = await keyEvents(tid, k.key.id, 'key.leaked');
      expect(leaked).toMatchObject({ actor: { type: 'system', id: null }, details: { source: 'a public gist', url: 'https://gist.example/abc', count: 1 } });
      const revoked = await keyEvents(tid, k.key.id, 'key.revoked');
      expect(revoked).toHaveLength(1);
      expect(revoked[0]).toMatchObject({ actor: { type: 'system', id: null }, details: { reason: 'leaked' } });
      expect((await world.verify(k.secret)).code).toBe('REVOKED');
    }
  });

  it('only marks and reports under leakPolicy notify, once an hour per key, counting every report', async () => {
    const { tid, dev } = await team({ leakPolicy: 'notify' });
    const key = await world.createKey(tid, dev.as);
    await reportAndWait([key.secret], { source: 'paste site' });
    await reportAndWait([key.secret, key.secret]);
    expect(await keyEvents(tid, key.key.id, 'key.leaked')).toHaveLength(1);
    expect((await world.verify(key.secret)).valid).toBe(true);
    const first = await readKey(tid, key.key.id);
    expect(first).toMatchObject({ status: 'active', leak: { source: 'paste site', url: null, count: 2 } });
    nowMs += 61 * 60_000;
    await reportAndWait([key.secret], { url: 'http://paste.example/1' });
    const events = await keyEvents(tid, key.key.id, 'key.leaked');
    expect(events.map((e: any) => e.details)).toEqual([
      { source: null, url: 'http://paste.example/1', count: 3 },
      { source: 'paste site', url: null, count: 1 },
    ]);
    const later = await readKey(tid, key.key.id);
    expect(later).toMatchObject({ status: 'active', leakedAt: first.leakedAt, leak: { source: 'paste site', url: 'http://paste.example/1', count: 3 } });
    expect(await keyEvents(tid, key.key.id, 'key.revoked')).toHaveLength(0);
  });

  it('changes nothing for revoked, unknown and malformed keys', async () => {
    const { tid, dev } = await team({ leakPolicy: 'notify' });
    const revoked = await world.createKey(tid, dev.as);
    expect((await world.call('POST', `/tenants/${tid}/keys/${revoked.key.id}/revoke`, { as: world.admin })).status).toBe(200);
    const before = await readKey(tid, revoked.key.id);
    const eventsBefore = await world.events(tid);
    await reportAndWait([revoked.secret, generateKey('kw').secret, `${revoked.secret.slice(0, -1)}x`, 'hello']);
    expect(await readKey(tid, revoked.key.id)).toEqual(before);
    expect(await world.events(tid)).toEqual(eventsBefore);
  });

  it('takes leakPolicy in the tenant settings: revoke by default, or notify; anything else is 400', async () => {
    const { tid } = await team();
    expect((await world.call('GET', `/tenants/${tid}/settings`, { as: world.admin })).body.leakPolicy).toBe('revoke');
    const bad = await world.call('PATCH', `/tenants/${tid}/settings`, { as: world.admin, body: { leakPolicy: 'ignore' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('/leakPolicy');
    const good = await world.call('PATCH', `/tenants/${tid}/settings`, { as: world.admin, body: { leakPolicy: 'notify' } });
    expect(good.body).toMatchObject({ leakPolicy: 'notify' });
  });

  it.each([
    [{ keys: [] }, '/keys'],
    [{ keys: Array.from({ length: 101 }, (_, i) => `k${i}`) }, '/keys'],
    [{ keys: ['x'.repeat(257)] }, '/keys/0'],
    [{ keys: ['a'], url: 'javascript:alert(1)' }, '/url'],
    [{ keys: ['a'], url: 'JavaScript://%0aalert(1)' }, '/url'],
    [{ keys: ['a'], url: 'ftp://files.example/x' }, '/url'],
    [{ keys: ['a'], url: 'https://' }, '/url'],
    [{ keys: ['a'], url: `https://x.example/${'a'.repeat(2000)}` }, '/url'],
    [{ keys: ['a'], source: 's'.repeat(201) }, '/source'],
    [{ keys: ['a'], extra: true }, '/extra'],
    [{ keys: 'kw_x' }, '/keys'],
  ])('refuses a report that breaks the schema with 400 (%j)', async (body, field) => {
    const res = await report(server(), body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('VALIDATION_FAILED');
    expect(res.json.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });
});

describe('leak report throttle', () => {
  const servers: TestServer[] = [];
  afterAll(async () => { await Promise.all(servers.map((s) => s.stop())); });
  const keys = (n: number) => Array.from({ length: n }, () => generateKey('kw').secret);

  it('counts reported keys per client IP and answers 429 with Retry-After past the limit', async () => {
    const server = await startTestServer('sqlite', { KEYWARDEN_LEAK_REPORTS: '5' });
    servers.push(server);
    const ip = '203.0.113.9';
    expect((await report(server, { keys: keys(3) }, ip)).status).toBe(202);
    const refused = await report(server, { keys: keys(3) }, ip);
    expect(refused.status).toBe(429);
    expect(refused.json.error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await report(server, { keys: keys(2) }, ip)).status).toBe(202);
    expect((await report(server, { keys: keys(1) }, ip)).status).toBe(429);
    expect((await report(server, { keys: keys(5) }, '203.0.113.10')).status).toBe(202);
    // An IPv6 client is counted by its /64.
    expect((await report(server, { keys: keys(5) }, '2001:db8::1')).status).toBe(202);
    expect((await report(server, { keys: keys(1) }, '2001:db8::2')).status).toBe(429);
  });

  it.skipIf(!TEST_REDIS_URL)('shares the count between nodes through Redis', async () => {
    const redisPrefix = `keywarden:leaks-${Date.now().toString(36)}`;
    const env = { KEYWARDEN_LEAK_REPORTS: '5', REDIS_URL: TEST_REDIS_URL! };
    const [a, b] = [await startTestServer('sqlite', env, { redisPrefix }), await startTestServer('sqlite', env, { redisPrefix })];
    servers.push(a, b);
    const ip = '203.0.113.77';
    expect((await report(a, { keys: keys(3) }, ip)).status).toBe(202);
    expect((await report(b, { keys: keys(3) }, ip)).status).toBe(429);
    expect((await report(b, { keys: keys(2) }, ip)).status).toBe(202);
    expect((await report(a, { keys: keys(1) }, ip)).status).toBe(429);
  });
});
