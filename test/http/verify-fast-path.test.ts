// The verify fast path (src/http/verify-fast-path.ts) against the declared Fastify route: the same
// requests, one over a real socket (the fast path, or Fastify when the fast path leaves it), one
// through inject (always the route), must give the same status, headers and body.
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { logCollector } from '../helpers/log-lines.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { World } from '../helpers/world.js';
import type { TestServer } from '../helpers/server.js';

interface Sent {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Send the body in chunks without a length (Transfer-Encoding: chunked). */
  chunked?: boolean;
}

interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  body: unknown;
}

const COMPARED_HEADERS = ['content-type', 'cache-control', 'retry-after'];

function normalise(status: number, headers: Record<string, unknown>, text: string): Answer {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: compared as text
  }
  // A rate-limit wait is counted down by the clock between the two requests: compare its presence.
  if (body && typeof body === 'object' && 'retryAfterMs' in body) (body as Record<string, unknown>).retryAfterMs = 'set';
  const picked: Record<string, string | undefined> = {};
  for (const name of COMPARED_HEADERS) picked[name] = headers[name] === undefined ? undefined : String(headers[name]);
  return { status, headers: picked, body };
}

function overSocket(server: TestServer, sent: Sent): Promise<Answer> {
  const url = new URL(sent.path ?? '/api/v1/verify', server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: sent.method ?? 'POST', headers: sent.headers ?? {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => resolve(normalise(res.statusCode ?? 0, res.headers, text)));
    });
    req.on('error', reject);
    if (sent.body !== undefined && sent.chunked) {
      const half = Math.floor(sent.body.length / 2);
      req.write(sent.body.slice(0, half));
      req.end(sent.body.slice(half));
    } else {
      req.end(sent.body);
    }
  });
}

async function throughRoute(server: TestServer, sent: Sent): Promise<Answer> {
  const res = await server.app.inject({
    method: (sent.method ?? 'POST') as 'POST', url: sent.path ?? '/api/v1/verify', headers: sent.headers ?? {},
    ...(sent.body !== undefined && { payload: sent.body }),
  });
  return normalise(res.statusCode, res.headers, res.body);
}

async function fastPathCount(server: TestServer): Promise<number> {
  const res = await server.app.inject({ method: 'GET', url: '/metrics' });
  return Number(/^keywarden_verify_fast_path_total (\d+)$/m.exec(res.body)?.[1]);
}

const JSON_TYPE = { 'content-type': 'application/json' };

// A clock that stands still: a rate-limited key's Retry-After (whole seconds) is then the same for
// both requests, where a second boundary between them would otherwise make it differ by one.
const STILL = new Date(Date.now() - (Date.now() % 3_600_000) + 1_800_500);

describe('the verify fast path', () => {
  const world = World.forSuite('sqlite', {}, { now: () => STILL });
  let valid: string;
  let limited: string;
  let tid: string;
  let otherTid: string;
  beforeAll(async () => {
    tid = await world.tenantWithKeys();
    otherTid = await world.tenant();
    const dev = await world.member(tid);
    valid = (await world.createKey(tid, dev.as)).secret;
    limited = (await world.createKey(tid, dev.as, { ratelimit: { limit: 1, durationMs: 3_600_000 } })).secret;
    await world.verify(limited); // its one token for the hour is gone
  });

  const key = (secret: () => string, extra: Record<string, string> = {}) => () => ({ 'x-api-key': secret(), ...extra });
  // [what, the request (headers built late, once the keys exist), whether the fast path answers it]
  const table: [string, () => Sent, boolean][] = [
    ['a valid key without a body', () => ({ headers: key(() => valid)() }), true],
    ['a valid key with {}', () => ({ headers: key(() => valid, JSON_TYPE)(), body: '{}' }), true],
    ['an empty JSON body, which means {}', () => ({ headers: key(() => valid, JSON_TYPE)(), body: '  ' }), true],
    ['a JSON content type with a charset', () => ({ headers: key(() => valid, { 'content-type': 'application/json; charset=utf-8' })(), body: '{}' }), true],
    ['a JSON content type in capitals', () => ({ headers: key(() => valid, { 'content-type': 'Application/JSON' })(), body: '{}' }), true],
    ['a scope the key lacks', () => ({ headers: key(() => valid, JSON_TYPE)(), body: '{"permission":"write"}' }), true],
    ['an unknown resource', () => ({ headers: key(() => valid, JSON_TYPE)(), body: '{"resourceId":"res_01jdx3p8s0u2w4y6a8c0e2g4i6"}' }), true],
    ['the key\'s tenant as tenantId', () => ({ headers: key(() => valid, JSON_TYPE)(), body: JSON.stringify({ tenantId: tid }) }), true],
    ['another tenant as tenantId', () => ({ headers: key(() => valid, JSON_TYPE)(), body: JSON.stringify({ tenantId: otherTid }) }), true],
    ['a tenantId that is no tenant id', () => ({ headers: key(() => valid, JSON_TYPE)(), body: '{"tenantId":"key_01jdx3"}' }), true],
    ['a dry run', () => ({ headers: key(() => valid, JSON_TYPE)(), body: '{"dryRun":true,"cost":0}' }), true],
    ['named limits no limit has', () => ({ headers: key(() => valid, JSON_TYPE)(), body: '{"dryRun":true,"limits":[{"name":"tokens","cost":2}]}' }), true],
    ['an empty list of named limits', () => ({ headers: key(() => valid, JSON_TYPE)(), body: '{"limits":[]}' }), true],
    ['a named limit with a bad name', () => ({ headers: key(() => valid, JSON_TYPE)(), body: '{"limits":[{"name":"Tokens!"}]}' }), true],
    ['a rate-limited key (Retry-After)', () => ({ headers: key(() => limited, JSON_TYPE)(), body: '{}' }), true],
    ['no key', () => ({ headers: JSON_TYPE, body: '{}' }), true],
    ['a malformed key', () => ({ headers: { ...JSON_TYPE, 'x-api-key': 'kw_nope' }, body: '{}' }), true],
    ['an unknown well-formed key', () => ({ headers: { ...JSON_TYPE, 'x-api-key': valid.slice(0, 3) + 'A'.repeat(30) + valid.slice(-6) }, body: '{}' }), true],
    ['a permission that is not one', () => ({ headers: key(() => valid, JSON_TYPE)(), body: '{"permission":"root"}' }), true],
    ['a cost sent as a string', () => ({ headers: key(() => valid, JSON_TYPE)(), body: '{"cost":"3"}' }), true],
    ['an unknown field', () => ({ headers: key(() => valid, JSON_TYPE)(), body: '{"costs":3}' }), true],
    ['a body that is not JSON', () => ({ headers: key(() => valid, JSON_TYPE)(), body: '{"cost":' }), true],
    ['a JSON array', () => ({ headers: key(() => valid, JSON_TYPE)(), body: '[]' }), true],
    ['another content type (415)', () => ({ headers: key(() => valid, { 'content-type': 'text/plain' })(), body: '{}' }), false],
    ['a body without a content type (415)', () => ({ headers: key(() => valid)(), body: '{}' }), false],
    ['a declared length over the limit (413)', () => ({ headers: key(() => valid, JSON_TYPE)(), body: `{"x":"${'a'.repeat(70_000)}"}` }), false],
    ['a query string', () => ({ path: '/api/v1/verify?x=1', headers: key(() => valid, JSON_TYPE)(), body: '{}' }), false],
    ['another method', () => ({ method: 'GET', headers: key(() => valid)() }), false],
  ];

  it.each(table)('gives the route\'s answer for %s', async (_what, build, fast) => {
    const sent = build();
    const before = await fastPathCount(world.server);
    const socket = await overSocket(world.server, sent);
    expect(await fastPathCount(world.server)).toBe(before + (fast ? 1 : 0));
    const route = await throughRoute(world.server, sent);
    expect(socket).toEqual(route);
  });

  it('refuses a chunked body over the limit with 413 in the contract\'s shape', async () => {
    const answer = await overSocket(world.server, { headers: key(() => valid, JSON_TYPE)(), body: `{"x":"${'a'.repeat(70_000)}"}`, chunked: true });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('answers a chunked body within the limit', async () => {
    const answer = await overSocket(world.server, { headers: key(() => valid, JSON_TYPE)(), body: '{"permission":"read"}', chunked: true });
    expect(answer.body).toMatchObject({ valid: true });
  });

  it('answers a hot key with what it is now: an edit of its name, scopes or meta shows at once', async () => {
    // Hot: the key table keeps its entry, and with it the entry's answer and that answer's JSON text.
    const dev = await world.member(tid);
    const { key: made, secret } = await world.createKey(tid, dev.as, { name: 'before', scopes: [{ resourceId: null, permission: 'write' }] });
    const answers = async () => [
      (await overSocket(world.server, { headers: key(() => secret)() })).body,
      (await throughRoute(world.server, { headers: key(() => secret)() })).body,
      await world.server.verifier.verify(secret, {}, '127.0.0.1'),
    ];
    for (let i = 0; i < 3; i++) {
      for (const answer of await answers()) expect(answer).toMatchObject({ valid: true, name: 'before', scopes: [{ resourceId: null, permission: 'write' }] });
    }
    const edited = await world.call('PATCH', `/tenants/${tid}/keys/${made.id}`, { as: dev.as, body: { name: 'after', scopes: [{ resourceId: null, permission: 'read' }], meta: { plan: 'gold' } } });
    expect(edited.status).toBe(200);
    for (const answer of await answers()) {
      expect(answer).toEqual({
        valid: true, keyId: made.id, tenantId: tid, ownerId: dev.id, name: 'after',
        scopes: [{ resourceId: null, permission: 'read' }], expiresAt: null, meta: { plan: 'gold' },
      });
    }
  });

  it('observes each answer in the verify latency histogram', async () => {
    const count = async () => {
      const res = await world.server.app.inject({ method: 'GET', url: '/metrics' });
      return Number(/^keywarden_verify_duration_seconds_count (\d+)$/m.exec(res.body)?.[1]);
    };
    const before = await count();
    await overSocket(world.server, { headers: key(() => valid)() });
    expect(await count()).toBe(before + 1);
  });
});

describe('the verify fast path behind a trusted proxy', () => {
  const world = World.forSuite('sqlite', { KEYWARDEN_TRUST_PROXY: '127.0.0.1', KEYWARDEN_VERIFY_IP_FAILURES: '2' });
  const bad = (forwardedFor: string) => overSocket(world.server, { headers: { 'x-api-key': 'kw_nope', 'x-forwarded-for': forwardedFor } });

  it('counts bad keys against the forwarded client address, as the route does', async () => {
    await bad('203.0.113.7');
    await bad('203.0.113.7');
    expect((await bad('203.0.113.7')).body).toMatchObject({ valid: false, code: 'RATE_LIMITED' });
    // Another client behind the same proxy is not held back, and the route sees the same address.
    expect((await bad('203.0.113.8')).body).toEqual({ valid: false, code: 'MALFORMED' });
    expect((await throughRoute(world.server, { headers: { 'x-api-key': 'kw_nope', 'x-forwarded-for': '203.0.113.7' } })).body)
      .toMatchObject({ valid: false, code: 'RATE_LIMITED' });
  });
});

describe('the verify fast path without a trusted proxy', () => {
  const world = World.forSuite('sqlite', { KEYWARDEN_VERIFY_IP_FAILURES: '2' });

  it('ignores X-Forwarded-For: the socket\'s address is the client', async () => {
    const bad = (forwardedFor: string) => overSocket(world.server, { headers: { 'x-api-key': 'kw_nope', 'x-forwarded-for': forwardedFor } });
    await bad('203.0.113.1');
    await bad('203.0.113.2');
    expect((await bad('203.0.113.3')).body).toMatchObject({ valid: false, code: 'RATE_LIMITED' });
  });
});

describe('the verify fast path when a client goes away', () => {
  const log = logCollector();
  const world = World.forSuite('sqlite', { LOG_LEVEL: 'info' }, { logStream: log.stream });

  it('logs no error for a body cut off by the client, and answers the next request', async () => {
    const tid = await world.tenantWithKeys();
    const dev = await world.member(tid);
    const { secret } = await world.createKey(tid, dev.as);
    const url = new URL(world.server.url);
    // The server's end of the connection, to know when it has seen the client go.
    const accepted = once(world.server.app.server, 'connection') as Promise<[Socket]>;
    const client = connect(Number(url.port), url.hostname);
    await once(client, 'connect');
    const before = await fastPathCount(world.server);
    client.write(`POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 40\r\nX-API-Key: ${secret}\r\n\r\n{"dryRun":`);
    const [serverSide] = await accepted;
    // Taken by the fast path, its body still unfinished: the count moves when the headers are read.
    while (await fastPathCount(world.server) === before) await new Promise((r) => setImmediate(r));
    // (Not events.once: the server end reports the cut-off body as an error before it closes.)
    const closed = new Promise((resolve) => serverSide.once('close', resolve));
    client.destroy();
    await closed;
    // The next request runs after anything the close scheduled (Node emits a request's error on a later tick).
    expect((await overSocket(world.server, { headers: { 'x-api-key': secret } })).body).toMatchObject({ valid: true });
    const errors = log.entries().filter((entry) => entry.level >= 50);
    expect(errors).toEqual([]);
  });
});
