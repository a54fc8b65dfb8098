import { describe, expect, it, vi } from 'vitest';
import { KeyVerifier, refusalFor } from './verifier.js';
import { generateKey } from '../../../src/domain/key-format.js';

const KEY = generateKey('kw').secret;
const VALID = { valid: true, keyId: 'key_1', tenantId: 'ten_1', ownerId: 'usr_1', name: 'n', scopes: [{ resourceId: null, permission: 'read' }], expiresAt: null };

function fakeServer(answers: unknown[]) {
  const bodies: unknown[] = [];
  const fetch = vi.fn(async (_url: URL | RequestInfo, init?: RequestInit) => {
    bodies.push(JSON.parse(String(init!.body)));
    return new Response(JSON.stringify(answers.shift()), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls: () => fetch.mock.calls.length, bodies };
}

describe('KeyVerifier', () => {
  it('refuses a missing or malformed key without asking the server', async () => {
    const server = fakeServer([]);
    const verifier = new KeyVerifier({ baseUrl: 'http://kw.test', fetch: server.fetch });
    for (const key of [undefined, 'kw_nope', KEY.slice(0, -1) + (KEY.endsWith('0') ? '1' : '0')]) {
      const outcome = await verifier.check(key, {});
      expect(outcome).toEqual({ ok: false, refusal: { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: expect.any(String), reason: 'MALFORMED' } } } });
    }
    expect(server.calls()).toBe(0);
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
