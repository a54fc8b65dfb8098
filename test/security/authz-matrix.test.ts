// The authorization matrix: every route of the v1 API × every kind of caller × the caller's own
// tenant (A) and another (B), the expected status of each cell written as data. The route list
// comes from the running app's OpenAPI document, so a route added without a row fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials, TestServer } from '../helpers/server.js';
import { DIALECTS } from '../helpers/services.js';
import { buildWorld, CALLERS, startFastServer, createKey, createWebhook, grant, insertSession, insertUser, type CallerName, type TenantSide, type World } from './world.js';

type Statuses = readonly number[]; // one per CALLERS entry, in that order

interface Row {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string; // as in the OpenAPI document
  query?: string;
  /** Routes the OpenAPI document hides (itself). */
  hidden?: boolean;
  body?: (w: World, caller: CallerName) => unknown;
  /** Path parameters that must be fresh for each cell (the call consumes them). */
  fresh?: (w: World, side: TenantSide) => Promise<Record<string, string>>;
  /** Fresh credentials per cell (the call ends the session or deletes the calling key). */
  freshCredentials?: boolean;
  /** Runs after every other row (it deletes the developers' keys). */
  last?: boolean;
  same: Statuses;
  other?: Statuses;
}

// Column order:           anon padm tadm dev devNL mem  kR   kW   kA  kOth kRev kExp
const PUBLIC: Statuses =    [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401, 401];
const SIGNED_IN: Statuses = [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401, 401];
const PERSON: Statuses =    [401, 200, 200, 200, 200, 200, 403, 403, 403, 403, 401, 401];
const PLATFORM = (s: number): Statuses => [401, s, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401];
const MEMBER_READ: Statuses = [401, 200, 200, 200, 200, 200, 200, 200, 200, 404, 401, 401];
const TENANT_ADMIN = (s: number): Statuses => [401, s, s, 403, 403, 403, 403, 403, s, 404, 401, 401];
/** Another tenant: only a platform admin and that tenant's own admin key see it. */
const ELSEWHERE = (padmin: number, kOther: number): Statuses => [401, padmin, 404, 404, 404, 404, 404, 404, 404, kOther, 401, 401];

const newName = (w: World) => `n${w.unique()}`;
const freshKey = async (w: World, side: TenantSide) => ({ kid: (await createKey(w.api, side.developer.creds, side.id)).key.id });

let server: TestServer;
let planLimits: Record<string, Promise<Record<string, string>>> = {};

const ROWS: Row[] = [
  { method: 'GET', path: '/api/v1/health', same: PUBLIC },
  { method: 'GET', path: '/api/v1/ready', same: PUBLIC },
  { method: 'GET', path: '/api/v1/openapi.json', same: PUBLIC },
  { method: 'POST', path: '/api/v1/auth/login', same: PUBLIC, body: (w) => ({ email: w.people.target.email, password: w.people.target.password }) },
  { method: 'POST', path: '/api/v1/auth/logout', freshCredentials: true, same: PUBLIC.map((s) => (s === 200 ? 204 : s)) },
  { method: 'GET', path: '/api/v1/auth/me', same: SIGNED_IN },
  {
    method: 'PATCH', path: '/api/v1/auth/me', same: PERSON,
    body: (w, c) => ({ name: `Renamed ${w.unique()}`, currentPassword: w.personOf(c)?.password ?? 'not-a-person-1' }),
  },
  { method: 'POST', path: '/api/v1/users', same: PLATFORM(201), body: (w) => ({ email: `u${w.unique()}@sec.test`, name: 'U', password: 'user-password-1' }) },
  { method: 'GET', path: '/api/v1/users', same: PLATFORM(200) },
  { method: 'PATCH', path: '/api/v1/users/{uid}', same: PLATFORM(200), body: (w) => ({ name: newName(w) }) },
  { method: 'POST', path: '/api/v1/tenants', same: PLATFORM(201), body: (w) => ({ name: newName(w) }) },
  { method: 'GET', path: '/api/v1/tenants', same: SIGNED_IN },
  { method: 'GET', path: '/api/v1/events', same: PLATFORM(200) },
  { method: 'POST', path: '/api/v1/verify', same: PUBLIC.map(() => 200) },
  // Leak reports look at no credentials at all: the same 202 for every caller, revoked keys included.
  { method: 'POST', path: '/api/v1/leaks', same: PUBLIC.map(() => 202), body: () => ({ keys: ['kw_not-a-key'] }) },
  // Without KEYWARDEN_GITHUB_SCANNING_KEYS the route is 404 for everyone (signatures: test/http/leaks-github.test.ts).
  { method: 'POST', path: '/api/v1/leaks/github', same: PUBLIC.map(() => 404), body: () => [] },

  { method: 'GET', path: '/api/v1/tenants/{tid}', same: MEMBER_READ, other: ELSEWHERE(200, 200) },
  { method: 'PATCH', path: '/api/v1/tenants/{tid}', body: (w) => ({ name: newName(w) }), same: TENANT_ADMIN(200), other: ELSEWHERE(200, 200) },
  { method: 'GET', path: '/api/v1/tenants/{tid}/settings', same: MEMBER_READ, other: ELSEWHERE(200, 200) },
  { method: 'PATCH', path: '/api/v1/tenants/{tid}/settings', body: () => ({ expiryReminderDays: 7 }), same: TENANT_ADMIN(200), other: ELSEWHERE(200, 200) },
  { method: 'GET', path: '/api/v1/tenants/{tid}/members', same: TENANT_ADMIN(200), other: ELSEWHERE(200, 200) },
  { method: 'PUT', path: '/api/v1/tenants/{tid}/members/{uid}', body: () => ({ roles: ['developer'], licensed: true }), same: TENANT_ADMIN(200), other: ELSEWHERE(200, 200) },
  {
    method: 'DELETE', path: '/api/v1/tenants/{tid}/members/{uid}', same: TENANT_ADMIN(204), other: ELSEWHERE(204, 204),
    fresh: async (w, side) => {
      const uid = await insertUser(server, 'leaver');
      await grant(w.api, w.admin.creds, side.id, uid, ['developer'], true);
      return { uid };
    },
  },
  { method: 'POST', path: '/api/v1/tenants/{tid}/resources', body: (w) => ({ type: 'folder', name: newName(w) }), same: TENANT_ADMIN(201), other: ELSEWHERE(201, 201) },
  { method: 'GET', path: '/api/v1/tenants/{tid}/resources', same: MEMBER_READ, other: ELSEWHERE(200, 200) },
  { method: 'PATCH', path: '/api/v1/tenants/{tid}/resources/{rid}', body: (w) => ({ name: newName(w) }), same: TENANT_ADMIN(200), other: ELSEWHERE(200, 200) },
  {
    method: 'DELETE', path: '/api/v1/tenants/{tid}/resources/{rid}', same: TENANT_ADMIN(204), other: ELSEWHERE(204, 204),
    fresh: async (w, side) => {
      const res = await w.api.call('POST', `/tenants/${side.id}/resources`, { as: w.admin.creds, body: { type: 'folder', name: newName(w) } });
      return { rid: res.body.id };
    },
  },
  //                                                                         anon padm tadm dev devNL mem  kR   kW   kA  kOth kRev kExp
  { method: 'POST', path: '/api/v1/tenants/{tid}/keys', body: () => ({ name: 'matrix' }), same: [401, 403, 403, 201, 403, 403, 403, 201, 201, 404, 401, 401], other: ELSEWHERE(403, 201) },
  { method: 'GET', path: '/api/v1/tenants/{tid}/keys', same: MEMBER_READ, other: ELSEWHERE(200, 200) },
  {
    method: 'DELETE', path: '/api/v1/tenants/{tid}/keys', query: 'owner=me', freshCredentials: true, last: true,
    same: [401, 403, 403, 204, 204, 403, 403, 204, 204, 404, 401, 401], other: ELSEWHERE(403, 204),
  },
  {
    method: 'POST', path: '/api/v1/tenants/{tid}/keys/revoke', fresh: freshKey, body: (_w) => ({ keyIds: [] }),
    same: TENANT_ADMIN(200), other: ELSEWHERE(200, 200),
  },
  {
    // A dry run for an owner who is not a member: the caller's rights decide the status, nothing is written.
    method: 'POST', path: '/api/v1/tenants/{tid}/keys/import',
    body: (_w) => ({ dryRun: true, keys: [{ ownerId: 'usr_nobody', hash: { algorithm: 'sha256', value: 'ab'.repeat(32) } }] }),
    same: TENANT_ADMIN(200), other: ELSEWHERE(200, 200),
  },
  // The key below is the tenant developer's own key (in A: `dev`'s).
  // A read-scoped key may not write keys at all (403 before any lookup, so it learns nothing of the target).
  { method: 'GET', path: '/api/v1/tenants/{tid}/keys/{kid}', same: [401, 200, 200, 200, 404, 404, 404, 404, 200, 404, 401, 401], other: ELSEWHERE(200, 200) },
  {
    method: 'PATCH', path: '/api/v1/tenants/{tid}/keys/{kid}', fresh: freshKey, body: (w) => ({ name: newName(w) }),
    same: [401, 403, 403, 200, 404, 404, 403, 404, 403, 404, 401, 401], other: ELSEWHERE(403, 403),
  },
  {
    method: 'DELETE', path: '/api/v1/tenants/{tid}/keys/{kid}', fresh: freshKey,
    same: [401, 403, 403, 204, 404, 404, 403, 404, 403, 404, 401, 401], other: ELSEWHERE(403, 403),
  },
  {
    method: 'POST', path: '/api/v1/tenants/{tid}/keys/{kid}/revoke', fresh: freshKey,
    same: [401, 200, 200, 403, 404, 404, 404, 404, 200, 404, 401, 401], other: ELSEWHERE(200, 200),
  },
  {
    method: 'POST', path: '/api/v1/tenants/{tid}/keys/{kid}/rotate', fresh: freshKey,
    same: [401, 403, 403, 201, 404, 404, 403, 404, 403, 404, 401, 401], other: ELSEWHERE(403, 403),
  },
  { method: 'GET', path: '/api/v1/tenants/{tid}/keys/{kid}/usage', same: [401, 200, 200, 200, 404, 404, 404, 404, 200, 404, 401, 401], other: ELSEWHERE(200, 200) },
  { method: 'GET', path: '/api/v1/tenants/{tid}/stats', same: MEMBER_READ, other: ELSEWHERE(200, 200) },
  { method: 'GET', path: '/api/v1/tenants/{tid}/events', same: TENANT_ADMIN(200), other: ELSEWHERE(200, 200) },
  { method: 'POST', path: '/api/v1/tenants/{tid}/webhooks', body: () => ({ url: 'http://127.0.0.1:9/x', eventTypes: ['key.*'] }), same: TENANT_ADMIN(201), other: ELSEWHERE(201, 201) },
  { method: 'GET', path: '/api/v1/tenants/{tid}/webhooks', same: TENANT_ADMIN(200), other: ELSEWHERE(200, 200) },
  { method: 'GET', path: '/api/v1/tenants/{tid}/webhooks/{wid}', same: TENANT_ADMIN(200), other: ELSEWHERE(200, 200) },
  { method: 'PATCH', path: '/api/v1/tenants/{tid}/webhooks/{wid}', body: (w) => ({ description: newName(w) }), same: TENANT_ADMIN(200), other: ELSEWHERE(200, 200) },
  {
    method: 'DELETE', path: '/api/v1/tenants/{tid}/webhooks/{wid}', same: TENANT_ADMIN(204), other: ELSEWHERE(204, 204),
    fresh: async (w, side) => ({ wid: await createWebhook(w.api, w.admin.creds, side.id) }),
  },
  { method: 'GET', path: '/api/v1/tenants/{tid}/webhooks/{wid}/deliveries', same: TENANT_ADMIN(200), other: ELSEWHERE(200, 200) },
  // v1.1: usage (tenant admins; the platform's view for billing), and named limits (the plan: a platform admin sets balances).
  { method: 'GET', path: '/api/v1/tenants/{tid}/usage', same: TENANT_ADMIN(200), other: ELSEWHERE(200, 200) },
  { method: 'GET', path: '/api/v1/tenants/{tid}/usage/top', same: TENANT_ADMIN(200), other: ELSEWHERE(200, 200) },
  { method: 'GET', path: '/api/v1/usage', query: 'groupBy=tenant', same: PLATFORM(200) },
  { method: 'GET', path: '/api/v1/tenants/{tid}/limits', same: TENANT_ADMIN(200), other: ELSEWHERE(200, 200) },
  {
    method: 'PATCH', path: '/api/v1/tenants/{tid}/limits/{name}', body: () => ({ remaining: 5 }),
    same: [401, 200, 403, 403, 403, 403, 403, 403, 403, 404, 401, 401], other: ELSEWHERE(200, 403),
    // One plan limit per tenant, made once: setting its balance consumes nothing.
    fresh: (w, side) => (planLimits[side.id] ??= (async () => {
      const limit = { name: 'matrix-plan', kind: 'credits', per: 'tenant', limit: 100, autoApply: false };
      const res = await w.api.call('PATCH', `/tenants/${side.id}/settings`, { as: w.admin.creds, body: { limits: [limit] } });
      if (res.status !== 200) throw new Error(`set limits: ${res.status} ${JSON.stringify(res.body)}`);
      return { name: limit.name };
    })()),
  },
];

const rowId = (r: Pick<Row, 'method' | 'path'>) => `${r.method} ${r.path}`;

describe.each(DIALECTS)('authorization matrix on %s', (dialect) => {
  let world: World;
  beforeAll(async () => {
    server = await startFastServer(dialect);
    planLimits = {};
    world = await buildWorld(server);
  }, 60_000);
  afterAll(async () => { await server?.stop(); });

  it('has exactly one row for every route in the OpenAPI document', async () => {
    const doc = await server.api.call('GET', '/openapi.json');
    const documented = Object.entries<Record<string, unknown>>(doc.body.paths)
      .flatMap(([path, methods]) => Object.keys(methods).filter((m) => m !== 'parameters').map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const rows = ROWS.filter((r) => !r.hidden).map(rowId).sort();
    expect(new Set(rows).size).toBe(rows.length);
    expect(rows).toEqual(documented);
  });

  /** Fresh credentials of the same kind: a new session, or a new management key of the same owner and scope. */
  async function freshCredentials(caller: CallerName): Promise<Credentials | undefined> {
    const person = world.personOf(caller);
    if (person) return insertSession(server, person.id);
    const keyOwner = { kRead: ['ownerR', 'read', world.A.id], kWrite: ['ownerW', 'write', world.A.id], kAdmin: ['ownerA', 'admin', world.A.id], kOther: ['ownerB', 'admin', world.B.id] } as const;
    const spec = keyOwner[caller as keyof typeof keyOwner];
    if (!spec) return world.credsOf(caller);
    const [owner, permission, tid] = spec;
    const key = await createKey(world.api, world.people[owner].creds, tid, { management: true, scopes: [{ resourceId: null, permission }] });
    return { key: key.secret };
  }

  async function runCell(row: Row, side: TenantSide | null, caller: CallerName): Promise<number> {
    const sideOrA = side ?? world.A;
    const params: Record<string, string> = {
      tid: sideOrA.id, kid: sideOrA.keyId, rid: sideOrA.resourceId, wid: sideOrA.webhookId, uid: row.path.startsWith('/api/v1/users') ? world.people.target.id : sideOrA.memberId,
      ...(row.fresh && (await row.fresh(world, sideOrA))),
    };
    const path = row.path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name]) + (row.query ? `?${row.query}` : '');
    let body = row.body?.(world, caller);
    if (rowId(row) === 'POST /api/v1/tenants/{tid}/keys/revoke') body = { keyIds: [params.kid] };
    const as = row.freshCredentials ? await freshCredentials(caller) : world.credsOf(caller);
    const res = await world.api.call(row.method, path, { as, ...(body !== undefined && { body }) });
    return res.status;
  }

  it('answers every route × caller × tenant cell with the status written in the table', async () => {
    const mismatches: string[] = [];
    let cells = 0;
    const ordered = [...ROWS.filter((r) => !r.last), ...ROWS.filter((r) => r.last)];
    for (const row of ordered) {
      const columns: [string, TenantSide | null, Statuses][] = row.other
        ? [['A', world.A, row.same], ['B', world.B, row.other]]
        : [['-', null, row.same]];
      for (const [label, side, expected] of columns) {
        expect(expected).toHaveLength(CALLERS.length);
        // The cells of one column are independent (fresh targets where a call consumes one): run them together.
        const statuses = await Promise.all(CALLERS.map((caller) => runCell(row, side, caller)));
        statuses.forEach((status, i) => {
          cells++;
          if (status !== expected[i]) mismatches.push(`${rowId(row)} [${label}] ${CALLERS[i]}: expected ${expected[i]}, got ${status}`);
        });
      }
    }
    console.log(`[authz-matrix:${dialect}] ${ROWS.length} routes, ${CALLERS.length} callers, ${cells} cells checked`);
    expect(mismatches).toEqual([]);
  }, 90_000);
});
