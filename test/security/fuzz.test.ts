// Bad input: random and malformed bodies at every route that takes one (schemas read from the
// OpenAPI document), random query strings and keys, and the key parser. Nothing answers 500, and
// a refused request leaves every table as it was.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksumOf, generateKey, parseKey } from '../../src/domain/key-format.js';
import { ADMIN, type Credentials, type TestServer } from '../helpers/server.js';
import { createKey, createPerson, createWebhook, grant, startFastServer } from './world.js';

const RUNS = Number(process.env.KEYWARDEN_FUZZ_RUNS ?? 100);
const TABLES = ['users', 'tenants', 'memberships', 'resources', 'api_keys', 'events', 'webhooks', 'sessions'] as const;

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; items?: JsonSchema; enum?: unknown[]; anyOf?: JsonSchema[]; required?: string[] };

/** Values near a schema: the right shape with wrong, extreme or hostile leaves. */
function nearSchema(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const hostile = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 50 }),
    fc.string({ unit: 'binary', maxLength: 50 }),
    fc.constantFrom('', ' ', '\u0000', '\uFEFF', '\uD800', '😀'.repeat(500), 'a'.repeat(20_000), '<script>alert(1)</script>', "' or 1=1 --", '../../etc/passwd', 'ten_', 'key_x', 'res_' + 'z'.repeat(64), '2026-02-30T25:61:00Z', '%00', '__proto__', 'constructor'),
    fc.constantFrom(0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, -(2 ** 53)),
    fc.constantFrom(null, true, false, [], {}, { __proto__: { polluted: true } }),
  );
  if (depth > 3) return hostile;
  const anyOf = schema.anyOf?.filter((s) => s.type !== 'null');
  if (anyOf?.length) return fc.oneof(...anyOf.map((s) => nearSchema(s, depth + 1)), hostile);
  if (schema.enum) return fc.oneof(fc.constantFrom(...schema.enum), hostile);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const props = Object.entries(schema.properties ?? {});
      const shaped = fc.record(Object.fromEntries(props.map(([k, s]) => [k, nearSchema(s, depth + 1)])), { requiredKeys: [] });
      return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: hostile });
    }
    case 'array':
      return fc.oneof(fc.array(nearSchema(schema.items ?? {}, depth + 1), { maxLength: 5 }), fc.constant(Array.from({ length: 1001 }, () => 'key_x')), hostile);
    case 'integer': case 'number':
      return fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, 1, 7, 3650, 3651, -1), hostile);
    case 'boolean':
      return fc.oneof(fc.boolean(), hostile);
    case 'string':
      return fc.oneof(fc.string({ maxLength: 40 }), hostile);
    default:
      return hostile;
  }
}

/** Raw payloads that are not what any schema wants: broken JSON, deep nesting, odd top-level values. */
const RAW_PAYLOADS = [
  '{', '{"a":}', 'null', 'true', '"string"', '123', '[]', '[1,2,3]', '{"__proto__":{"admin":true}}', '\u0000',
  '['.repeat(5000) + ']'.repeat(5000), '{"a":'.repeat(3000) + '1' + '}'.repeat(3000), `{"name":"${'\\ud800'.repeat(100)}"}`,
  '{"name":"a","name":"b"}', JSON.stringify({ scopes: Array.from({ length: 5000 }, () => ({ resourceId: null, permission: 'read' })) }).slice(0, 60_000),
];

describe('bad input', () => {
  let server: TestServer;
  let admin: Credentials;
  const ids: Record<string, string> = {};
  let fuzzCases = 0;
  let bodyRouteCount = 0;

  beforeAll(async () => {
    // Throttles off: this file is about bodies, not about rate limits.
    server = await startFastServer('sqlite', { KEYWARDEN_VERIFY_IP_FAILURES: '0', KEYWARDEN_LOGIN_FAILURES: '0' });
    admin = await server.api.login(ADMIN.email, ADMIN.password);
    ids.tid = (await server.api.call('POST', '/tenants', { as: admin, body: { name: 'Fuzz', settings: { apiKeysEnabled: true, maxActiveKeysPerUser: 1000 } } })).body.id;
    const dev = await createPerson(server, 'fuzz');
    await grant(server.api, admin, ids.tid, dev.id, ['tenant_admin', 'developer'], true);
    ids.uid = dev.id;
    ids.kid = (await createKey(server.api, dev.creds, ids.tid)).key.id;
    ids.rid = (await server.api.call('POST', `/tenants/${ids.tid}/resources`, { as: admin, body: { type: 'folder', name: 'root' } })).body.id;
    ids.wid = await createWebhook(server.api, admin, ids.tid);
    const me = await server.api.call('GET', '/auth/me', { as: admin });
    await grant(server.api, admin, ids.tid, me.body.user.id, ['tenant_admin', 'developer'], true); // so key routes get past policy
  });
  afterAll(async () => {
    await server?.stop();
    console.log(`[fuzz] ${fuzzCases} bad-input cases over ${bodyRouteCount} body schemas, list queries and verify keys, none answered 500; key parser ${RUNS * 20} cases`);
  });

  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of TABLES) {
      const db = server.ctx.store.db;
      const row = t === 'events'
        // Refused sign-ins record auth.* events by design; failed verifications are summarised later.
        ? await db.selectFrom('events').where('type', 'not like', 'auth.%').where('type', '!=', 'key.verify_failed')
          .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
        : await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      out[t] = Number(row.n);
    }
    return out;
  }

  const fill = (path: string) => path.replace('/api/v1', '').replace(/\{(\w+)\}/g, (_m, name: string) => ids[name] ?? name);

  async function bodyRoutes() {
    const doc = (await server.api.call('GET', '/openapi.json')).body;
    return Object.entries<Record<string, any>>(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).filter(([, op]) => op.requestBody?.content?.['application/json']?.schema)
        .map(([method, op]) => ({ method: method.toUpperCase(), path, schema: op.requestBody.content['application/json'].schema as JsonSchema })));
  }

  it('answers every route taking a body without a 500, and a refused body changes no table', async () => {
    const routes = await bodyRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(15);
    bodyRouteCount = routes.length;
    const problems: string[] = [];
    for (const route of routes) {
      // Sign-out would end the session the rest of the run uses.
      if (route.path.endsWith('/auth/logout')) continue;
      await fc.assert(fc.asyncProperty(nearSchema(route.schema), async (body) => {
        const before = await counts();
        const res = await server.api.call(route.method, fill(route.path), { as: admin, body: body as object });
        fuzzCases++;
        if (res.status >= 500) problems.push(`${route.method} ${route.path} ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
        if (res.status >= 400) {
          expect(res.body.error.code).toMatch(/^[A-Z_]+$/);
          const after = await counts();
          if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`${route.method} ${route.path} ${res.status} changed ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
        }
      }), { numRuns: RUNS });
      for (const raw of RAW_PAYLOADS) {
        const before = await counts();
        const res = await server.app.inject({ method: route.method as 'POST', url: `/api/v1${fill(route.path)}`, headers: { cookie: admin.cookie!, 'content-type': 'application/json' }, payload: raw });
        fuzzCases++;
        if (res.statusCode >= 500) problems.push(`${route.method} ${route.path} raw ${raw.slice(0, 40)} → ${res.statusCode}`);
        // A duplicate field is valid JSON (the last one wins), so only refused payloads must change nothing.
        if (res.statusCode >= 400 && JSON.stringify(await counts()) !== JSON.stringify(before)) problems.push(`${route.method} ${route.path} raw ${raw.slice(0, 40)} changed tables`);
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('answers random query strings on the list routes without a 500', async () => {
    const lists = ['/tenants/{tid}/keys', '/tenants/{tid}/events', '/events', '/users', '/tenants', '/tenants/{tid}/members', '/tenants/{tid}/resources', '/tenants/{tid}/keys/{kid}/usage'];
    const param = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 10 }), fc.constantFrom('-1', '0', '201', '1e3', 'NaN', 'eyJ4IjoxfQ', 'eyJpZCI6MX0', '-createdAt', 'nope', 'active,,', '2026-13-01'));
    const names = fc.constantFrom('limit', 'cursor', 'sort', 'status', 'q', 'owner', 'type', 'since', 'until', 'interval', 'email', 'actor', 'keyId');
    await fc.assert(fc.asyncProperty(fc.constantFrom(...lists), fc.dictionary(names, param, { maxKeys: 4 }), async (path, query) => {
      const qs = new URLSearchParams(query).toString();
      const res = await server.api.call('GET', `${fill(path)}?${qs}`, { as: admin });
      fuzzCases++;
      expect(res.status, `${path}?${qs}`).toBeLessThan(500);
    }), { numRuns: RUNS * 3 });
  }, 60_000);

  it('answers any X-API-Key on verify with 200 and a code, never a 500', async () => {
    const key = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary-ascii', maxLength: 80 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
      fc.stringMatching(/^[a-z][a-z0-9]{0,15}_[0-9A-Za-z]{36}$/));
    await fc.assert(fc.asyncProperty(key, async (presented) => {
      const res = await server.api.call('POST', '/verify', { headers: { 'x-api-key': presented } });
      fuzzCases++;
      expect(res.status).toBe(200);
      expect(res.body.valid).toBe(false);
      expect(['MALFORMED', 'NOT_FOUND']).toContain(res.body.code);
    }), { numRuns: RUNS * 3 });
  }, 60_000);
});

describe('the key parser', () => {
  const WELL_FORMED = /^([a-z][a-z0-9]{0,15})_([0-9A-Za-z]{30})([0-9A-Za-z]{6})$/;

  it('never throws, and accepts only a well-formed key with a right checksum', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 80 }), fc.stringMatching(/^[a-z][a-z0-9]{0,15}_[0-9A-Za-z]{36}$/), fc.constantFrom(null, undefined)), (s) => {
      const parsed = parseKey(s as string);
      if (parsed === null) return true;
      const m = WELL_FORMED.exec(s as string);
      return m !== null && checksumOf(m[2]) === m[3] && parsed.random === m[2] && parsed.prefix === m[1];
    }), { numRuns: RUNS * 10 });
  });

  it('accepts every generated key, and refuses it after any change of one character of its body', () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-z][a-z0-9]{0,15}$/), fc.nat(), fc.nat(61), (prefix, at, replacement) => {
      const { secret } = generateKey(prefix);
      expect(parseKey(secret)).not.toBeNull();
      const bodyStart = prefix.length + 1;
      const i = bodyStart + (at % 36);
      const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
      const c = alphabet[replacement] === secret[i] ? alphabet[(replacement + 1) % 62] : alphabet[replacement];
      expect(parseKey(secret.slice(0, i) + c + secret.slice(i + 1))).toBeNull();
    }), { numRuns: RUNS * 10 });
  });
});
