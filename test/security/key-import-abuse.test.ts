// Findings of the v1.1 security review on POST /tenants/:tid/keys/import: the 1 MiB body of an
// unauthenticated request is refused before it is read, and KEY_EXISTS (instance-wide by contract)
// is budgeted per tenant and per client IP and reported to the tenant that holds the key.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Credentials } from '../helpers/server.js';
import { DIALECTS, TEST_REDIS_URL } from '../helpers/services.js';
import { connectThrottleRedis, type SharedRedis } from '../../src/throttle/shared-windows.js';
import { ImportBudget } from '../../src/throttle/import-budget.js';
import { KeywardenError } from '../../src/errors.js';
import { World } from '../helpers/world.js';

describe.each(DIALECTS)('the import route before authentication on %s', (dialect) => {
  const w = World.forSuite(dialect);

  it('answers an unauthenticated 900 KB body 401 without parsing it', async () => {
    const tid = await w.tenantWithKeys();
    const server = w.server;
    // Malformed JSON: were the body parsed first, this would be 400 VALIDATION_FAILED.
    const payload = `{"keys": [${'x'.repeat(900 * 1024)}`;
    const res = await server.app.inject({
      method: 'POST', url: `/api/v1/tenants/${tid}/keys/import`, payload, headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body).error.code).toBe('UNAUTHENTICATED');
  });

  it('answers made-up credentials 401 before the body is read, on this route and every other', async () => {
    const tid = await w.tenantWithKeys();
    const payload = `{"keys": [${'x'.repeat(900 * 1024)}`;
    // A credential's presence is not enough: a bogus session cookie or key used to reach the parser,
    // which answered 400 for the malformed body (attacker-side review).
    for (const headers of [{ cookie: 'keywarden_session=nonsense' }, { 'x-api-key': 'kw_garbage' }]) {
      const res = await w.server.app.inject({
        method: 'POST', url: `/api/v1/tenants/${tid}/keys/import`, payload, headers: { 'content-type': 'application/json', ...headers },
      });
      expect([res.statusCode, JSON.parse(res.body).error.code]).toEqual([401, 'UNAUTHENTICATED']);
      // DESIGN: 401 before any schema error, on every route.
      const patch = await w.server.app.inject({
        method: 'PATCH', url: `/api/v1/tenants/${tid}`, payload: '{"name": ', headers: { 'content-type': 'application/json', ...headers },
      });
      expect([patch.statusCode, JSON.parse(patch.body).error.code]).toEqual([401, 'UNAUTHENTICATED']);
    }
  });
});

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const legacySecret = () => `sk_live_${randomBytes(18).toString('base64url')}`;
const item = (ownerId: string, secret = legacySecret()) => ({ ownerId, hash: { algorithm: 'sha256', value: sha256(secret) } });

/** A tenant with an admin and a developer, and imports (dry runs by default) into a tenant. */
function importer(w: World) {
  return {
    async team() {
      const tid = await w.tenantWithKeys({ maxActiveKeysPerUser: 1000 });
      const admin = await w.member(tid, ['tenant_admin', 'developer']);
      const dev = await w.member(tid);
      return { tid, admin, dev };
    },
    importing: (tid: string, as: Credentials, keys: unknown[], dryRun = true) =>
      w.call('POST', `/tenants/${tid}/keys/import`, { as, body: { dryRun, keys } }),
  };
}

describe.each(DIALECTS)('the import budget and KEY_EXISTS across tenants on %s', (dialect) => {
  let clock = Date.parse('2026-12-03T10:00:00.000Z');
  const w = World.forSuite(dialect, { KEYWARDEN_IMPORT_ITEMS: '5' }, { now: () => new Date(clock) });

  const { team, importing } = importer(w);

  it('charges every item, dry runs included, per tenant and per client IP, and answers 429 with Retry-After past it', async () => {
    const a = await team();
    const b = await team();
    expect((await importing(a.tid, a.admin.as, [item(a.dev.id), item(a.dev.id), item(a.dev.id)])).status).toBe(200);
    // 3 + 3 > 5: refused before any item is looked at, and nothing of it counted.
    const refused = await importing(a.tid, a.admin.as, [item(a.dev.id), item(a.dev.id), item(a.dev.id)]);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await importing(a.tid, a.admin.as, [item(a.dev.id), item(a.dev.id)], false)).status).toBe(200);
    expect((await importing(a.tid, a.admin.as, [item(a.dev.id)])).status).toBe(429);
    // Another tenant from the same address: the address's budget is spent too.
    expect((await importing(b.tid, b.admin.as, [item(b.dev.id)])).status).toBe(429);
  });
});

describe.each(DIALECTS)('KEY_EXISTS for a key of another tenant on %s', (dialect) => {
  // Ahead of the real clock: some events (tenant.created, member.granted) are still stamped with the
  // real time, and a chain's `at` never goes back, so a clock inside the real hour would date the
  // first conflict later than this clock says and the "an hour later" step would fall short.
  let clock = Date.parse('2030-01-01T10:00:00.000Z');
  // Sessions outlast the hour the clock moves.
  // No usage flush of the node's own: the test below counts the import's writes.
  const w = World.forSuite(dialect, { KEYWARDEN_SESSION_IDLE: '12h', KEYWARDEN_FLUSH_INTERVAL: '1h' }, { now: () => new Date(clock) });

  const { team, importing } = importer(w);

  it('records the conflict also when a later item fails for an unexpected reason (a 500; a re-run is safe)', async () => {
    const holder = await team();
    const guesser = await team();
    const secret = legacySecret();
    expect((await importing(holder.tid, holder.admin.as, [item(holder.dev.id, secret)], false)).status).toBe(200);
    // The import's second item meets a database that has gone away; its first found the conflict.
    const { store } = w.server.ctx;
    const write = store.write.bind(store);
    vi.spyOn(store, 'write').mockImplementationOnce(write).mockImplementationOnce(() => Promise.reject(new Error('connection lost')));
    const res = await importing(guesser.tid, guesser.admin.as, [item(guesser.dev.id, secret), item(guesser.dev.id)], false);
    expect(res.status).toBe(500);
    expect(await w.events(holder.tid, '&type=key.import_conflict')).toHaveLength(1);
  });

  it('records key.import_conflict in the holder\'s chain, once an hour per key, without the hash', async () => {
    const holder = await team();
    const guesser = await team();
    const secret = legacySecret();
    const imported = await importing(holder.tid, holder.admin.as, [item(holder.dev.id, secret)], false);
    const keyId = imported.body.results[0].id as string;
    // The holder's own re-run is no conflict.
    expect((await importing(holder.tid, holder.admin.as, [item(holder.dev.id, secret)])).body.results).toEqual([{ ok: false, code: 'KEY_EXISTS' }]);
    expect(await w.events(holder.tid, '&type=key.import_conflict')).toHaveLength(0);
    for (const dryRun of [true, false, true]) {
      const res = await importing(guesser.tid, guesser.admin.as, [item(guesser.dev.id, secret)], dryRun);
      expect(res.body.results).toEqual([{ ok: false, code: 'KEY_EXISTS' }]);
    }
    const events = await w.events(holder.tid, '&type=key.import_conflict');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ keyId, actor: { type: 'system', id: null }, details: { importingTenantId: guesser.tid } });
    const text = JSON.stringify(events[0]);
    expect(text).not.toContain(sha256(secret));
    expect(text).not.toContain(secret);
    expect(await w.events(guesser.tid, '&type=key.import_conflict')).toHaveLength(0);
    // An hour later, again.
    clock += 3_600_001;
    await importing(guesser.tid, guesser.admin.as, [item(guesser.dev.id, secret)]);
    expect(await w.events(holder.tid, '&type=key.import_conflict')).toHaveLength(2);
  });
});

describe.skipIf(!TEST_REDIS_URL)('the import budget shared through Redis', () => {
  const connections: Array<SharedRedis & { close(): void }> = [];
  afterAll(() => { for (const c of connections) c.close(); });

  it('counts one budget per tenant and per address for every node', async () => {
    const prefix = `kwtest:${randomBytes(6).toString('hex')}`;
    const [a, b] = [await connectThrottleRedis(TEST_REDIS_URL!, prefix), await connectThrottleRedis(TEST_REDIS_URL!, prefix)];
    connections.push(a, b);
    const nodeA = new ImportBudget(5, a);
    const nodeB = new ImportBudget(5, b);
    const now = Date.now();
    const refusal = (p: Promise<void>) => p.then(() => null, (err: unknown) => err);
    await nodeA.charge('ten_a', '203.0.113.1', 3, now);
    // The tenant's budget, spent on the other node: 3 + 3 > 5.
    const byTenant = await refusal(nodeB.charge('ten_a', '203.0.113.2', 3, now));
    expect(byTenant).toBeInstanceOf(KeywardenError);
    expect((byTenant as KeywardenError).code).toBe('RATE_LIMITED');
    await nodeB.charge('ten_a', '203.0.113.2', 2, now);
    // The address's budget, spent on the other node by another tenant.
    expect(await refusal(nodeB.charge('ten_b', '203.0.113.1', 3, now))).toBeInstanceOf(KeywardenError);
    await nodeB.charge('ten_c', '203.0.113.3', 3, now);
  });
});

