// Named limits across two nodes on one PostgreSQL schema and one Redis namespace (DESIGN v1.1
// "Named limits", "Several nodes"): per-owner and per-tenant balances are shared exactly by every
// key on every node, a refusal charges nothing on either, a new plan reaches the other node within
// a second; and with Redis away and KEYWARDEN_REDIS_FAILURE=closed a key with an applied named
// limit answers RATE_LIMITED.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../helpers/services.js';
import { holdTransaction } from '../helpers/pg-hold.js';
import { createKey, randomNamespace, setUpTeam, startNode, verifyOn, within, type Team, type VerifyNode } from './nodes.js';

describe.skipIf(!TEST_DATABASE_URL || !TEST_REDIS_URL)('named limits on two nodes with Redis', () => {
  let a: VerifyNode;
  let b: VerifyNode;
  let team: Team;
  const ns = randomNamespace();
  // Inside one minute, far from its edge: the rate windows below never roll over mid-test.
  const nowMs = Date.parse('2026-12-03T10:00:05.000Z');
  beforeAll(async () => {
    const env = { REDIS_URL: TEST_REDIS_URL!, KEYWARDEN_FLUSH_INTERVAL: '1h' };
    a = await startNode('postgres', { env, redisPrefix: ns, now: () => new Date(nowMs) });
    b = await startNode('postgres', { env, redisPrefix: ns, pgSchema: a.schema, now: () => new Date(nowMs) });
    team = await setUpTeam(a);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  const setPlan = (limits: unknown[]) => a.api.call('PATCH', `/tenants/${team.tid}/settings`, { as: team.admin, body: { limits } });

  it('shares a per-tenant and a per-owner balance exactly between all keys on both nodes', async () => {
    expect((await setPlan([
      { name: 'tokens', kind: 'credits', per: 'tenant', limit: 20, autoApply: false },
      { name: 'calls', kind: 'rate', per: 'owner', limit: 1000, durationMs: 60_000, autoApply: true },
    ])).status).toBe(200);
    const keys = [await createKey(a.api, team), await createKey(a.api, team), await createKey(a.api, team)];
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) =>
      verifyOn(i % 2 ? a.api : b.api, keys[i % 3].secret, { limits: [{ name: 'tokens', cost: 3 }] })));
    const valid = answers.filter((r) => r.body.valid);
    // 20 tokens at 3 each: six pass, whichever node or key; refusals take no call from the rate.
    expect(valid.length).toBe(6);
    expect(valid.map((r) => r.body.limits[0].remaining).sort((x, y) => x - y)).toEqual([2, 5, 8, 11, 14, 17]);
    expect(answers.filter((r) => !r.body.valid).every((r) => r.body.code === 'USAGE_EXCEEDED' && r.body.limit === 'tokens')).toBe(true);
    const next = await verifyOn(b.api, keys[0].secret);
    expect(next.body.limits).toEqual([expect.objectContaining({ name: 'calls', remaining: 1000 - 7 })]);
    // Both nodes write what they spent; the database ends with the same balance.
    await Promise.all([a.verifier.flush(), b.verifier.flush()]);
    const listed = await a.api.call('GET', `/tenants/${team.tid}/limits`, { as: team.admin });
    expect(listed.body.items).toEqual([expect.objectContaining({ name: 'tokens', remaining: 2 })]);
  });

  it('carries a new plan and a top-up to the other node within 1 s', async () => {
    const key = await createKey(a.api, team);
    expect((await verifyOn(b.api, key.secret)).body.valid).toBe(true);
    expect((await setPlan([{ name: 'strict', kind: 'credits', per: 'tenant', limit: 0, autoApply: true }])).status).toBe(200);
    await within(1000, async () => (await verifyOn(b.api, key.secret)).body.limit === 'strict');
    expect((await a.api.call('PATCH', `/tenants/${team.tid}/limits/strict`, { as: team.admin, body: { remaining: 2 } })).status).toBe(200);
    await within(1000, async () => (await verifyOn(b.api, key.secret)).body.valid === true);
    expect((await verifyOn(a.api, key.secret)).body.limits[0].remaining).toBe(0);
    expect((await verifyOn(b.api, key.secret)).body).toMatchObject({ valid: false, code: 'USAGE_EXCEEDED', limit: 'strict' });
  });
});

describe('named limits with Redis away, closed', () => {
  it('answers RATE_LIMITED for a key with an applied named limit, and verifies other keys', async () => {
    // A port nothing listens on: the node starts with Redis down.
    const node = await startNode('sqlite', { env: { REDIS_URL: 'redis://127.0.0.1:1', KEYWARDEN_REDIS_FAILURE: 'closed' }, redisPrefix: randomNamespace() });
    try {
      const team = await setUpTeam(node);
      const limited = await createKey(node.api, team, { limits: [{ name: 'own', kind: 'credits', per: 'key', limit: 5, autoApply: false }] });
      // Its limit is applied only when named.
      expect((await verifyOn(node.api, limited.secret)).body.valid).toBe(true);
      const res = await verifyOn(node.api, limited.secret, { limits: [{ name: 'own' }] });
      expect(res.body).toEqual({ valid: false, code: 'RATE_LIMITED', retryAfterMs: 1000 });
      expect(res.headers['retry-after']).toBe('1');
    } finally {
      await node.stop();
    }
  });
});

describe.skipIf(!TEST_DATABASE_URL)('named limits on two nodes without Redis', () => {
  let a: VerifyNode;
  let b: VerifyNode;
  let team: Team;
  beforeAll(async () => {
    const env = { KEYWARDEN_FLUSH_INTERVAL: '1h' };
    a = await startNode('postgres', { env });
    b = await startNode('postgres', { env, pgSchema: a.schema });
    team = await setUpTeam(a);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('learns the other node\'s spending at each flush, so overspending is bounded by one flush interval', async () => {
    expect((await a.api.call('PATCH', `/tenants/${team.tid}/settings`, { as: team.admin, body: { limits: [{ name: 'pool', kind: 'credits', per: 'tenant', limit: 10, autoApply: true }] } })).status).toBe(200);
    const key = await createKey(a.api, team);
    expect((await verifyOn(a.api, key.secret, { cost: 4 })).body.limits[0].remaining).toBe(6);
    expect((await verifyOn(b.api, key.secret, { cost: 4 })).body.limits[0].remaining).toBe(6);
    await a.verifier.flush();
    await b.verifier.flush();
    // B wrote after A: it counts from the database's balance, 10 - 4 - 4.
    expect((await verifyOn(b.api, key.secret, { cost: 3 })).body).toMatchObject({ valid: false, limit: 'pool' });
    // A learns of B's spending at its next flush (as v1 credits do), or sooner when it reads the
    // balance again (the change poll repeats the plan's change): within one flush interval.
    expect([5, 1]).toContain((await verifyOn(a.api, key.secret, { cost: 1 })).body.limits[0].remaining);
    await a.verifier.flush();
    expect((await verifyOn(a.api, key.secret, { cost: 2 })).body).toMatchObject({ valid: false, limit: 'pool' });
    expect((await verifyOn(a.api, key.secret, { cost: 1 })).body.limits[0].remaining).toBe(0);
  });

  it('loses no spend when another node writes the same balance during a flush', async () => {
    const own = await setUpTeam(a);
    expect((await a.api.call('PATCH', `/tenants/${own.tid}/settings`, { as: own.admin, body: { limits: [{ name: 'shared', kind: 'credits', per: 'tenant', limit: 100, autoApply: true }] } })).status).toBe(200);
    const key = await createKey(a.api, own);
    await verifyOn(a.api, key.secret, { cost: 1 });
    await a.verifier.flush(); // the balance's row: 99
    await verifyOn(a.api, key.secret, { cost: 3 });
    // Another node's flush, held open: it has taken 10 and not yet committed.
    const held = await holdTransaction(a.schema!);
    await held.query('update limit_balances set remaining = remaining - 10 where tenant_id = $1 and name = $2', [own.tid, 'shared']);
    const flushing = a.verifier.flush();
    await held.blocksAnother();
    await held.commit();
    await flushing;
    const listed = await a.api.call('GET', `/tenants/${own.tid}/limits`, { as: own.admin });
    expect(listed.body.items).toEqual([expect.objectContaining({ name: 'shared', remaining: 100 - 1 - 10 - 3 })]);
  });
});
