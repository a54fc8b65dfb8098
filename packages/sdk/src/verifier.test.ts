import { describe, expect, it, vi } from 'vitest';
import { KeyVerifier, refusalFor } from './verifier.js';
import { generateKey } from '../../../src/domain/key-format.js';

const KEY = generateKey('kw').secret;
const VALID = { valid: true, keyId: 'key_1', tenantId: 'ten_1', ownerId: 'usr_1', name: 'n', scopes: [{ resourceId: null, permission: 'read' }], expiresAt: null };

function fakeServer(answers: unknown[]) {
  const bodies: unknown[] = [];
  const forwardedFor: (string | undefined)[] = [];
  const fetch = vi.fn(async (_url: URL | RequestInfo, init?: RequestInit) => {
    bodies.push(JSON.parse(String(init!.body)));
    forwardedFor.push((init!.headers as Record<string, string>)['x-forwarded-for']);
    return new Response(JSON.stringify(answers.shift()), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls: () => fetch.mock.calls.length, bodies, forwardedFor };
}

describe('KeyVerifier', () => {
  it('refuses a missing key without asking the server', async () => {
    const server = fakeServer([]);
    const verifier = new KeyVerifier({ baseUrl: 'http://kw.test', fetch: server.fetch });
    for (const key of [undefined, '']) {
      const outcome = await verifier.check(key, {});
      expect(outcome).toEqual({ ok: false, refusal: { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: expect.any(String), reason: 'MALFORMED' } } } });
    }
    expect(server.calls()).toBe(0);
  });

  it('sends a value not in Keywarden\'s format to the server unjudged: it may be an imported key', async () => {
    const server = fakeServer([VALID, { valid: false, code: 'MALFORMED' }]);
    const verifier = new KeyVerifier({ baseUrl: 'http://kw.test', fetch: server.fetch, cacheTtlMs: 0 });
    expect((await verifier.check('legacy-secret-0123456789', {})).ok).toBe(true);
    expect(await verifier.check(KEY.slice(0, -1) + (KEY.endsWith('0') ? '1' : '0'), {})).toMatchObject({ ok: false, refusal: { status: 401, body: { error: { reason: 'MALFORMED' } } } });
    expect(server.calls()).toBe(2);
  });

  it('never reuses an answer that carries ratelimit, remaining or limits', async () => {
    const metered = [
      { ...VALID, ratelimit: { limit: 3, remaining: 2, resetAt: '2026-12-02T00:00:00.000Z' } },
      { ...VALID, remaining: 7 },
      { ...VALID, limits: [{ name: 'calls', kind: 'credits', per: 'key', limit: 10, remaining: 9, resetAt: null }] },
    ];
    for (const answer of metered) {
      const server = fakeServer([answer, answer, answer]);
      const verifier = new KeyVerifier({ baseUrl: 'http://kw.test', fetch: server.fetch, now: () => 1_000 });
      for (let i = 0; i < 3; i++) expect((await verifier.check(KEY, {})).ok).toBe(true);
      expect(server.calls(), JSON.stringify(answer)).toBe(3);
    }
  });

  it('keys its cache by every field of the verify body and by the caller\'s address', async () => {
    const server = fakeServer(Array(6).fill(VALID));
    let cost = 1;
    let resourceId: string | undefined = 'res_a';
    const verifier = new KeyVerifier<{ ip: string }>({
      baseUrl: 'http://kw.test', fetch: server.fetch, now: () => 1_000, permission: 'read',
      resourceId: () => resourceId, clientAddress: (req) => req.ip,
      get cost() { return cost; }, // read for each request, as the body is built
    });
    const ask = (ip = '192.0.2.1') => verifier.check(KEY, { ip });
    await ask();
    await ask(); // the same body and address: reused
    cost = 2;
    await ask(); // another cost
    resourceId = undefined;
    await ask(); // no resource
    await ask('192.0.2.2'); // another caller
    await ask('192.0.2.2');
    expect(server.calls()).toBe(4);
    expect(server.bodies).toEqual([
      { resourceId: 'res_a', permission: 'read', cost: 1 },
      { resourceId: 'res_a', permission: 'read', cost: 2 },
      { permission: 'read', cost: 2 },
      { permission: 'read', cost: 2 },
    ]);
    expect(server.forwardedFor).toEqual(['192.0.2.1', '192.0.2.1', '192.0.2.1', '192.0.2.2']);
  });

  it('reuses a positive answer for at most a second, and never a negative one', async () => {
    let now = 1_000_000;
    const server = fakeServer([VALID, { valid: false, code: 'REVOKED' }, { valid: false, code: 'REVOKED' }]);
    const verifier = new KeyVerifier({ baseUrl: 'http://kw.test', fetch: server.fetch, now: () => now, cacheTtlMs: 60_000 });
    expect(await verifier.check(KEY, {})).toEqual({ ok: true, identity: { keyId: 'key_1', tenantId: 'ten_1', ownerId: 'usr_1', scopes: VALID.scopes } });
    now += 999;
    expect((await verifier.check(KEY, {})).ok).toBe(true);
    expect(server.calls()).toBe(1);
    now += 1; // a longer cacheTtlMs is capped at 1000 ms
    expect((await verifier.check(KEY, {})).ok).toBe(false);
    expect((await verifier.check(KEY, {})).ok).toBe(false);
    expect(server.calls()).toBe(3);
  });

  it('asks for the resource and permission of each request, caching each apart', async () => {
    const server = fakeServer([VALID, { valid: false, code: 'FORBIDDEN' }]);
    const verifier = new KeyVerifier<{ params: { id: string } }>({
      baseUrl: 'http://kw.test', fetch: server.fetch, permission: 'write', resourceId: (req) => req.params.id, cost: 0,
    });
    expect((await verifier.check(KEY, { params: { id: 'res_a' } })).ok).toBe(true);
    expect(await verifier.check(KEY, { params: { id: 'res_b' } })).toEqual({ ok: false, refusal: { status: 403, body: { error: { code: 'FORBIDDEN', message: expect.any(String) } } } });
    expect(server.bodies).toEqual([{ resourceId: 'res_a', permission: 'write', cost: 0 }, { resourceId: 'res_b', permission: 'write', cost: 0 }]);
  });

  it('answers 503 when Keywarden cannot be reached', async () => {
    const verifier = new KeyVerifier({ baseUrl: 'http://kw.test', fetch: (async () => { throw new TypeError('fetch failed'); }) as typeof fetch });
    expect(await verifier.check(KEY, {})).toMatchObject({ ok: false, refusal: { status: 503, body: { error: { code: 'NOT_READY' } } } });
  });
});

describe('refusalFor', () => {
  it('maps every verify code to the contract status and body', () => {
    for (const code of ['MALFORMED', 'NOT_FOUND', 'REVOKED', 'EXPIRED', 'DISABLED']) {
      expect(refusalFor(code)).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED', reason: code } } });
    }
    expect(refusalFor('FORBIDDEN')).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(refusalFor('RATE_LIMITED', 2500)).toMatchObject({ status: 429, retryAfter: 3, body: { error: { code: 'RATE_LIMITED', reason: 'RATE_LIMITED' } } });
    expect(refusalFor('USAGE_EXCEEDED')).toEqual({ status: 429, body: { error: { code: 'RATE_LIMITED', message: expect.any(String), reason: 'USAGE_EXCEEDED' } } });
  });
});
