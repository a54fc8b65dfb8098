// Named limits on one node (DESIGN v1.1 "Named limits"), on both databases, counted in memory and
// in Redis: all applied limits are checked before any is charged, refills happen at 00:00 UTC (the
// clock is the server's, moved by the test), per-owner and per-tenant balances are shared by all
// their keys, the low-credit event comes once per refill period and limit_reached once an hour.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, TEST_REDIS_URL, type DialectName } from '../helpers/services.js';
import { ADMIN, type Credentials } from '../helpers/server.js';
import { World } from '../helpers/world.js';
import { answerJson, LimitedAnswer } from '../../src/verify/plain-answer.js';
import { createKey, randomNamespace, setUpTeam, startNode, verifyOn, type NodeOptions, type Team, type VerifyNode } from './nodes.js';

const COUNTERS: { name: string; options: () => NodeOptions }[] = [
  { name: 'in memory', options: () => ({}) },
  ...(TEST_REDIS_URL ? [{ name: 'in Redis', options: () => ({ env: { REDIS_URL: TEST_REDIS_URL! }, redisPrefix: randomNamespace() }) }] : []),
];
const CASES = DIALECTS.flatMap((dialect) => COUNTERS.map((c) => [dialect, c.name, c.options] as [DialectName, string, () => NodeOptions]));

describe.each(CASES)('named limits on %s, counted %s', (dialect, counted, options) => {
  let node: VerifyNode;
  let team: Team;
  // Ten in the morning, UTC, well inside one minute: the test moves it.
  let nowMs = Date.parse('2026-12-03T10:00:05.000Z');
  let admin: Credentials;
  beforeAll(async () => {
    const { env, ...rest } = options();
    node = await startNode(dialect, { ...rest, now: () => new Date(nowMs), env: { KEYWARDEN_FLUSH_INTERVAL: '1h', ...env } });
    team = await setUpTeam(node);
    admin = team.admin;
  });
  afterAll(async () => { await node?.stop(); });

  const verify = (secret: string, body?: Record<string, unknown>) => verifyOn(node.api, secret, body).then((r) => r.body);
  /** A tenant with keys on, its plan, and a licensed developer (sessions are made anew after the clock moves). */
  async function planTeam(limits: unknown[]): Promise<Team> {
    const t = await setUpTeam(node);
    const res = await node.api.call('PATCH', `/tenants/${t.tid}/settings`, { as: admin, body: { limits } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return t;
  }
  const events = async (tid: string, type: string) =>
    (await node.api.call('GET', `/tenants/${tid}/events?type=${type}`, { as: admin })).body.items as any[];
  async function moveClock(toIso: string) {
    nowMs = Date.parse(toIso);
    admin = await node.api.login(ADMIN.email, ADMIN.password);
  }

  it('checks every applied limit before charging any: a refusal charges none', async () => {
    const t = await planTeam([{ name: 'calls', kind: 'rate', per: 'tenant', limit: 5, durationMs: 60_000, autoApply: true }]);
    const key = await createKey(node.api, t, { limits: [{ name: 'tokens', kind: 'credits', per: 'key', limit: 10, autoApply: false }] });
    const ok = await verify(key.secret, { limits: [{ name: 'tokens', cost: 7 }] });
    expect(ok).toMatchObject({ valid: true });
    expect(ok.limits).toEqual([
      { name: 'tokens', kind: 'credits', per: 'key', limit: 10, remaining: 3, resetAt: null },
      { name: 'calls', kind: 'rate', per: 'tenant', limit: 5, remaining: 4, resetAt: '2026-12-03T10:01:00.000Z' },
    ]);
    // Too few tokens: USAGE_EXCEEDED names the limit, and the call is not taken from the rate.
    expect(await verify(key.secret, { limits: [{ name: 'tokens', cost: 4 }] })).toEqual({ valid: false, code: 'USAGE_EXCEEDED', limit: 'tokens' });
    const after = await verify(key.secret, { limits: [{ name: 'tokens', cost: 3 }] });
    expect(after.limits.map((l: any) => l.remaining)).toEqual([0, 3]);
    // A dry run answers the same and charges nothing.
    expect((await verify(key.secret, { dryRun: true })).limits).toEqual([expect.objectContaining({ name: 'calls', remaining: 2 })]);
    expect((await verify(key.secret)).limits).toEqual([expect.objectContaining({ name: 'calls', remaining: 2 })]);
    // The listing shows the rate's current window as the verifiers count it.
    const listed = await node.api.call('GET', `/tenants/${t.tid}/limits`, { as: admin });
    expect(listed.body.items).toEqual([{ name: 'calls', kind: 'rate', per: 'tenant', limit: 5, ownerId: null, keyId: null, remaining: 2, resetAt: '2026-12-03T10:01:00.000Z' }]);
  });

  it('charges a plan\'s auto-applied credits and rate from a request that names none, and a refusal takes neither', async () => {
    const t = await planTeam([
      { name: 'calls', kind: 'rate', per: 'tenant', limit: 3, durationMs: 60_000, autoApply: true },
      { name: 'tokens', kind: 'credits', per: 'owner', limit: 10, autoApply: true },
    ]);
    const key = await createKey(node.api, t);
    const windowEnd = new Date(nowMs - (nowMs % 60_000) + 60_000).toISOString();
    expect((await verify(key.secret, { cost: 4 })).limits).toEqual([
      { name: 'tokens', kind: 'credits', per: 'owner', limit: 10, remaining: 6, resetAt: null },
      { name: 'calls', kind: 'rate', per: 'tenant', limit: 3, remaining: 2, resetAt: windowEnd },
    ]);
    const remaining = (answer: any) => answer.limits.map((l: any) => l.remaining);
    // A dry run answers as if charged and charges nothing.
    expect(remaining(await verify(key.secret, { cost: 6, dryRun: true }))).toEqual([0, 1]);
    // The credits refuse: the rate keeps its token.
    expect(await verify(key.secret, { cost: 7 })).toEqual({ valid: false, code: 'USAGE_EXCEEDED', limit: 'tokens' });
    expect(remaining(await verify(key.secret, { cost: 6 }))).toEqual([0, 1]);
    // Another key of the same owner and tenant shares both; the rate refuses and the credits keep theirs.
    const other = await createKey(node.api, t);
    expect(remaining(await verify(other.secret, { cost: 0 }))).toEqual([0, 0]);
    expect(await verify(other.secret, { cost: 0 })).toMatchObject({ valid: false, code: 'RATE_LIMITED', limit: 'calls' });
    // The next window: the rate starts again and answers the new window's end.
    await moveClock(new Date(Date.parse(windowEnd) + 1000).toISOString());
    const nextEnd = new Date(Date.parse(windowEnd) + 60_000).toISOString();
    expect((await verify(other.secret, { cost: 0 })).limits).toEqual([
      expect.objectContaining({ name: 'tokens', remaining: 0, resetAt: null }),
      expect.objectContaining({ name: 'calls', remaining: 2, resetAt: nextEnd }),
    ]);
    await node.verifier.flush();
    const listed = await node.api.call('GET', `/tenants/${t.tid}/limits`, { as: admin });
    expect(listed.body.items).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'tokens', ownerId: t.devId, remaining: 0 }),
      expect.objectContaining({ name: 'calls', remaining: 2 }),
    ]));
    await moveClock('2026-12-03T10:00:05.000Z');
  });

  it('gives back what the limits before a refusing one took: credits charged first keep their balance when a later rate refuses', async () => {
    // Credits come before rates in refusal order: on one node they are charged before the rate is
    // found spent, and must be given back.
    const t = await planTeam([
      { name: 'burst', kind: 'rate', per: 'owner', limit: 1, durationMs: 60_000, autoApply: true },
      { name: 'budget', kind: 'credits', per: 'tenant', limit: 10, autoApply: true },
    ]);
    const key = await createKey(node.api, t);
    const remaining = (answer: any) => answer.limits.map((l: any) => `${l.name}=${l.remaining}`);
    expect(remaining(await verify(key.secret, { cost: 2 }))).toEqual(['budget=8', 'burst=0']);
    for (const cost of [3, 3, 3]) expect(await verify(key.secret, { cost })).toMatchObject({ valid: false, code: 'RATE_LIMITED', limit: 'burst' });
    // In the next window the rate passes again: the three refusals took no credits.
    await moveClock('2026-12-03T10:01:05.000Z');
    expect(remaining(await verify(key.secret, { cost: 1 }))).toEqual(['budget=7', 'burst=0']);
    await moveClock('2026-12-03T10:00:05.000Z');
  });

  it('sends an answer with auto-applied limits as the same JSON text as JSON.stringify makes of it, metadata and reset times included', async () => {
    const t = await planTeam([
      { name: 'per-second', kind: 'rate', per: 'key', limit: 1000, durationMs: 1000, autoApply: true },
      { name: 'monthly', kind: 'credits', per: 'owner', limit: 5, refill: { amount: 5, interval: 'month' }, lowThreshold: 2, autoApply: true },
      { name: 'lifetime', kind: 'credits', per: 'tenant', limit: 1e12, autoApply: true },
    ]);
    const plain = await createKey(node.api, t);
    const withMeta = await createKey(node.api, t, { name: 'a "quoted" name', meta: { plan: 'gold', seats: [1, 2], note: 'ünïcode "quotes" \\ and \u2028' } });
    const withV1 = await createKey(node.api, t, { ratelimit: { limit: 10, durationMs: 60_000 }, remaining: 10 });
    const answers = [];
    const requests: [string, Record<string, unknown>][] = [
      [plain.secret, { cost: 1 }], [withMeta.secret, { cost: 2 }], [plain.secret, { cost: 0 }], [withMeta.secret, { cost: 2 }],
      // Limits named by the request, and a key with v1 limits besides the plan's: the general path.
      [withMeta.secret, { cost: 0, limits: [{ name: 'lifetime', cost: 7 }, { name: 'per-second' }] }], [withV1.secret, { cost: 0 }],
    ];
    for (const [secret, body] of requests) {
      // In process, the answer the server sends; the fourth spends the monthly credits to 0.
      answers.push(await node.verifier.verify(secret, body, '127.0.0.1'));
    }
    expect(answers.map((a) => a.valid)).toEqual([true, true, true, true, true, true]);
    expect(answers[4]).toMatchObject({ meta: { plan: 'gold' } });
    expect(answers[4].valid && answers[4].limits!.map((l) => l.name).sort()).toEqual(['lifetime', 'monthly', 'per-second']);
    expect(answers[5]).toMatchObject({ remaining: 10, ratelimit: { limit: 10, remaining: 9 } });
    expect(answers[1]).toMatchObject({ name: 'a "quoted" name', meta: { plan: 'gold' } });
    expect(answers[3].valid && answers[3].limits).toContainEqual({ name: 'monthly', kind: 'credits', per: 'owner', limit: 5, remaining: 0, resetAt: '2027-01-01T00:00:00.000Z' });
    for (const a of answers) {
      expect(answerJson(a)).toBe(JSON.stringify(a));
      // The text's fields in the object's order; an answer made from kept text gives its fields through getters, and itself as an object by toJSON.
      expect(Object.keys(a instanceof LimitedAnswer ? a.toJSON() : a)).toEqual(Object.keys(JSON.parse(answerJson(a))));
    }
    // Over HTTP too, held to the schema by verifyOn: what a dry run answered just before (as if charged).
    const dryRun = JSON.parse(JSON.stringify(await node.verifier.verify(withMeta.secret, { cost: 0, dryRun: true }, '127.0.0.1')));
    expect((await verifyOn(node.api, withMeta.secret, { cost: 0 })).body).toEqual(dryRun);
  });

  it('counts a plan\'s rate in the window the clock is in, and answers that window\'s end', async () => {
    const t = await planTeam([{ name: 'calls', kind: 'rate', per: 'tenant', limit: 3, durationMs: 60_000, autoApply: true }]);
    const key = await createKey(node.api, t);
    const end = nowMs - (nowMs % 60_000) + 60_000;
    expect((await verify(key.secret)).limits).toEqual([expect.objectContaining({ remaining: 2, resetAt: new Date(end).toISOString() })]);
    await moveClock(new Date(end + 5_000).toISOString());
    expect((await verify(key.secret)).limits).toEqual([expect.objectContaining({ remaining: 2, resetAt: new Date(end + 60_000).toISOString() })]);
    // A clock set back into the first window answers that window's end again.
    await moveClock(new Date(end - 1_000).toISOString());
    expect((await verify(key.secret)).limits).toEqual([expect.objectContaining({ resetAt: new Date(end).toISOString() })]);
    await moveClock('2026-12-03T10:00:05.000Z');
  });

  // In memory only: this node's own windows are the ones its answers' reset times are worked out from.
  it.runIf(counted === 'in memory')('counts a plan\'s rate in the window the clock is in after an answer of another window is written late', async () => {
    const t = await planTeam([{ name: 'calls', kind: 'rate', per: 'tenant', limit: 3, durationMs: 60_000, autoApply: true }]);
    const key = await createKey(node.api, t);
    const end = nowMs - (nowMs % 60_000) + 60_000;
    // An answer kept in process and written only after the clock has moved to the next window and back.
    const early = await node.verifier.verify(key.secret, {}, '127.0.0.1');
    await moveClock(new Date(end + 5_000).toISOString());
    expect((await verify(key.secret)).limits).toEqual([expect.objectContaining({ remaining: 2, resetAt: new Date(end + 60_000).toISOString() })]);
    expect(JSON.parse(answerJson(early)).limits).toEqual([expect.objectContaining({ remaining: 2, resetAt: new Date(end).toISOString() })]);
    // Set back into the first window, the node counts in a window of its own, as without the late answer.
    await moveClock(new Date(end - 1_000).toISOString());
    expect((await verify(key.secret)).limits).toEqual([expect.objectContaining({ remaining: 2, resetAt: new Date(end).toISOString() })]);
    await moveClock('2026-12-03T10:00:05.000Z');
  });

  it.runIf(counted === 'in memory')('counts a verification that waited on a load across a window\'s end in the window the others count in', async () => {
    const t = await planTeam([{ name: 'calls', kind: 'rate', per: 'tenant', limit: 3, durationMs: 60_000, autoApply: true }]);
    const hot = await createKey(node.api, t);
    const cold = await createKey(node.api, t);
    const end = nowMs - (nowMs % 60_000) + 60_000;
    await moveClock(new Date(end - 1_000).toISOString());
    expect((await verify(hot.secret)).limits).toEqual([expect.objectContaining({ remaining: 2 })]);
    // The cold key's verification begins in this window and waits on its row; the clock passes the
    // window's end and the hot key is verified in the next one before the row arrives.
    const late = node.verifier.verify(cold.secret, {}, '127.0.0.1');
    expect(late).toBeInstanceOf(Promise);
    nowMs = end + 1_000;
    const next = node.verifier.verify(hot.secret, {}, '127.0.0.1');
    expect(next).not.toBeInstanceOf(Promise);
    expect((await late as LimitedAnswer).limits).toEqual([expect.objectContaining({ remaining: 1, resetAt: new Date(end + 60_000).toISOString() })]);
    // Both counted in the new window: one token is left in it, not the three a window made anew would give.
    expect((node.verifier.verify(hot.secret, {}, '127.0.0.1') as LimitedAnswer).limits).toEqual([expect.objectContaining({ remaining: 0 })]);
    await moveClock('2026-12-03T10:00:05.000Z');
  });

  it.runIf(counted === 'in memory')('refuses a key that expires while the facts of its request are read', async () => {
    const t = await setUpTeam(node);
    const expiresAt = new Date(nowMs + 60_000).toISOString();
    const key = await createKey(node.api, t, { expiresAt });
    expect(await verify(key.secret)).toMatchObject({ valid: true });
    // The key is cached; a resource never asked about is not: its ancestry is read first.
    const late = node.verifier.verify(key.secret, { resourceId: 'res_01jdx3p8s0u2w4y6a8c0e2g4j8' }, '127.0.0.1');
    expect(late).toBeInstanceOf(Promise);
    const before = nowMs;
    nowMs = Date.parse(expiresAt) + 1_000;
    expect(await late).toMatchObject({ valid: false, code: 'EXPIRED' });
    nowMs = before;
  });

  it('counts a plan\'s rate in one window whether a request names it or not, with the clock moving both ways', async () => {
    const t = await planTeam([{ name: 'calls', kind: 'rate', per: 'tenant', limit: 3, durationMs: 60_000, autoApply: true }]);
    const key = await createKey(node.api, t);
    const named = { limits: [{ name: 'calls', cost: 1 }] };
    const left = async (body?: Record<string, unknown>) => (await verify(key.secret, body)).limits?.[0]?.remaining;
    expect(await left()).toBe(2);
    expect(await left(named)).toBe(1);
    expect(await left()).toBe(0);
    expect(await verify(key.secret, named)).toMatchObject({ valid: false, code: 'RATE_LIMITED', limit: 'calls' });
    expect(await verify(key.secret)).toMatchObject({ valid: false, code: 'RATE_LIMITED', limit: 'calls' });
    // The next window, where a request naming no limit counts once; the one after, used only by a
    // request naming it; then the clock set back into the second. In memory a counter has one window,
    // replaced as the clock leaves it, so the count starts again; Redis keeps each window's count
    // until it expires. Either way a request naming no limit must see what the others spent there.
    const end = nowMs - (nowMs % 60_000) + 60_000;
    await moveClock(new Date(end + 5_000).toISOString());
    expect(await left()).toBe(2);
    await moveClock(new Date(end + 65_000).toISOString());
    expect(await left(named)).toBe(2);
    await moveClock(new Date(end + 5_000).toISOString());
    const spent = [];
    for (let i = 0; i < (counted === 'in memory' ? 3 : 2); i++) spent.push(await left(named));
    expect(spent).toEqual(counted === 'in memory' ? [2, 1, 0] : [1, 0]);
    expect(await verify(key.secret)).toMatchObject({ valid: false, code: 'RATE_LIMITED', limit: 'calls' });
    expect(await verify(key.secret, named)).toMatchObject({ valid: false, code: 'RATE_LIMITED', limit: 'calls' });
    await moveClock('2026-12-03T10:00:05.000Z');
  });

  it('refuses in the contract\'s order: v1 credits, named credits, v1 rate, named rates', async () => {
    const t = await planTeam([
      { name: 'plan-rate', kind: 'rate', per: 'tenant', limit: 1, durationMs: 60_000, autoApply: true },
      { name: 'plan-credits', kind: 'credits', per: 'owner', limit: 1, autoApply: true },
    ]);
    const key = await createKey(node.api, t, { remaining: 1, ratelimit: { limit: 1, durationMs: 60_000 } });
    expect(await verify(key.secret)).toMatchObject({ valid: true, remaining: 0, ratelimit: { remaining: 0 } });
    // Everything is used up: v1's remaining refuses first, and carries no limit name.
    expect(await verify(key.secret)).toEqual({ valid: false, code: 'USAGE_EXCEEDED' });
    await node.api.call('PATCH', `/tenants/${t.tid}/keys/${key.id}`, { as: t.admin, body: { remaining: 5 } });
    expect(await verify(key.secret)).toEqual({ valid: false, code: 'USAGE_EXCEEDED', limit: 'plan-credits' });
    const topUp = await node.api.call('PATCH', `/tenants/${t.tid}/limits/plan-credits`, { as: admin, body: { remaining: 5, ownerId: t.devId } });
    expect(topUp.status, JSON.stringify(topUp.body)).toBe(200);
    const rated = await verify(key.secret);
    expect(rated).toMatchObject({ valid: false, code: 'RATE_LIMITED' });
    expect(rated.limit).toBeUndefined();
    expect(rated.retryAfterMs).toBe(55_000);
  });

  it('shares per-owner and per-tenant balances between all keys', async () => {
    const t = await planTeam([
      { name: 'team', kind: 'credits', per: 'tenant', limit: 5, autoApply: false },
      { name: 'mine', kind: 'credits', per: 'owner', limit: 3, autoApply: false },
    ]);
    const a = await createKey(node.api, t);
    const b = await createKey(node.api, t);
    expect((await verify(a.secret, { limits: [{ name: 'mine', cost: 2 }, { name: 'team', cost: 2 }] })).limits.map((l: any) => l.remaining)).toEqual([1, 3]);
    expect(await verify(b.secret, { limits: [{ name: 'mine', cost: 2 }] })).toEqual({ valid: false, code: 'USAGE_EXCEEDED', limit: 'mine' });
    expect((await verify(b.secret, { limits: [{ name: 'team', cost: 3 }] })).limits[0].remaining).toBe(0);
    expect(await verify(a.secret, { limits: [{ name: 'team' }] })).toEqual({ valid: false, code: 'USAGE_EXCEEDED', limit: 'team' });
    await node.verifier.flush();
    const listed = await node.api.call('GET', `/tenants/${t.tid}/limits`, { as: t.admin });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'team', per: 'tenant', remaining: 0 }),
      expect.objectContaining({ name: 'mine', per: 'owner', ownerId: t.devId, remaining: 1 }),
    ]));
  });

  it("charges an auto-applied per-owner limit to each key's own owner while two owners' keys take turns", async () => {
    const t = await planTeam([{ name: 'mine', kind: 'credits', per: 'owner', limit: 10, autoApply: true }]);
    const other = await (await World.on(node)).member(t.tid);
    const a = await createKey(node.api, t);
    const b = await createKey(node.api, t, { ownerId: other.id });
    const left: number[] = [];
    for (const key of [a, b, a, a, b]) left.push((await verify(key.secret)).limits[0].remaining);
    expect(left).toEqual([9, 9, 8, 7, 8]);
  });

  it('refills at 00:00 UTC, setting the balance, and raises credits_low once per period', async () => {
    await moveClock('2026-12-03T10:00:05.000Z');
    const t = await planTeam([{ name: 'daily', kind: 'credits', per: 'tenant', limit: 10, refill: { amount: 4, interval: 'day' }, autoApply: true, lowThreshold: 3 }]);
    const key = await createKey(node.api, t);
    expect((await verify(key.secret, { cost: 8 })).limits[0]).toEqual({ name: 'daily', kind: 'credits', per: 'tenant', limit: 10, remaining: 2, resetAt: '2026-12-04T00:00:00.000Z' });
    expect((await verify(key.secret, { cost: 1 })).limits[0].remaining).toBe(1);
    const refused = await verify(key.secret, { cost: 2 });
    expect(refused).toMatchObject({ valid: false, code: 'USAGE_EXCEEDED', limit: 'daily' });
    expect(refused.retryAfterMs).toBe(Date.parse('2026-12-04T00:00:00.000Z') - nowMs);
    await node.verifier.flush();
    expect(await events(t.tid, 'key.credits_low')).toHaveLength(1);

    await moveClock('2026-12-03T23:59:59.999Z');
    expect(await verify(key.secret, { cost: 2 })).toMatchObject({ valid: false, code: 'USAGE_EXCEEDED' });
    await moveClock('2026-12-04T00:00:00.000Z');
    expect((await verify(key.secret, { cost: 2 })).limits[0]).toMatchObject({ remaining: 2, resetAt: '2026-12-05T00:00:00.000Z' });
    await node.verifier.flush();
    const low = await events(t.tid, 'key.credits_low');
    expect(low).toHaveLength(2);
    expect(low[0].details).toMatchObject({ limit: 'daily', remaining: 2, lowThreshold: 3 });
    expect((await verify(key.secret)).limits[0].remaining).toBe(1);
    await node.verifier.flush();
    expect(await events(t.tid, 'key.credits_low')).toHaveLength(2);
    const listed = await node.api.call('GET', `/tenants/${t.tid}/limits`, { as: admin });
    expect(listed.body.items[0]).toMatchObject({ name: 'daily', remaining: 1 });
  });

  it('keeps a balance set by an admin when spends of the balance it replaced are written after it, the limit no longer refilling', async () => {
    await moveClock('2026-12-03T10:00:05.000Z');
    const t = await planTeam([]);
    const key = await createKey(node.api, t, { limits: [{ name: 'tokens', kind: 'credits', per: 'key', limit: 1000, refill: { amount: 500, interval: 'month' }, autoApply: true }] });
    expect((await verify(key.secret, { cost: 5 })).limits[0].remaining).toBe(995);
    // Before the spend is written: the limit loses its refill, and the admin sets its balance.
    const patched = await node.api.call('PATCH', `/tenants/${t.tid}/keys/${key.id}`, {
      as: t.admin, body: { limits: [{ name: 'tokens', kind: 'credits', per: 'key', limit: 50, autoApply: true }], limitBalances: [{ name: 'tokens', remaining: 7 }] },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    await node.verifier.flush();
    const listed = await node.api.call('GET', `/tenants/${t.tid}/limits?keyId=${key.id}`, { as: t.admin });
    expect(listed.body.items).toEqual([expect.objectContaining({ name: 'tokens', remaining: 7 })]);
    expect((await verify(key.secret, { cost: 2 })).limits[0].remaining).toBe(5);
  });

  it('charges spends after a refill to the refilled balance when another node set it before the refill, its change not yet seen here', async () => {
    await moveClock('2026-12-31T23:59:00.000Z');
    const t = await planTeam([{ name: 'monthly', kind: 'credits', per: 'tenant', limit: 10, refill: { amount: 10, interval: 'month' }, autoApply: true }]);
    const key = await createKey(node.api, t);
    expect((await verify(key.secret)).limits[0].remaining).toBe(9);
    await node.verifier.flush();
    // Another node's admin sets the balance in December: its change has not reached this node.
    await node.ctx.store.db.updateTable('limit_balances').set({ remaining: 5, version: 1 }).where('tenant_id', '=', t.tid).where('name', '=', 'monthly').execute();
    await moveClock('2027-01-01T00:00:30.000Z');
    // January's refill sets the balance whatever December's was: 10, less this spend.
    expect((await verify(key.secret, { cost: 3 })).limits[0].remaining).toBe(7);
    await node.verifier.flush();
    const listed = await node.api.call('GET', `/tenants/${t.tid}/limits`, { as: admin });
    expect(listed.body.items).toEqual([expect.objectContaining({ name: 'monthly', remaining: 7 })]);
    expect((await verify(key.secret)).limits[0].remaining).toBe(6);
    await moveClock('2026-12-03T10:00:05.000Z');
  });

  it('raises tenant.limit_reached at most once an hour per limit, with the count of refusals', async () => {
    await moveClock('2026-12-05T08:00:05.000Z');
    const t = await planTeam([{ name: 'quota', kind: 'credits', per: 'tenant', limit: 1, autoApply: true }]);
    const key = await createKey(node.api, t);
    expect((await verify(key.secret)).valid).toBe(true);
    for (let i = 0; i < 3; i++) expect((await verify(key.secret)).limit).toBe('quota');
    await node.verifier.flush();
    for (let i = 0; i < 2; i++) expect((await verify(key.secret)).limit).toBe('quota');
    await node.verifier.flush();
    let reached = await events(t.tid, 'tenant.limit_reached');
    expect(reached.map((e) => e.details)).toEqual([{ limit: 'quota', refusals: 3 }]);
    await moveClock('2026-12-05T09:00:06.000Z');
    expect((await verify(key.secret)).limit).toBe('quota');
    await node.verifier.flush();
    reached = await events(t.tid, 'tenant.limit_reached');
    expect(reached.map((e) => e.details)).toEqual([{ limit: 'quota', refusals: 3 }, { limit: 'quota', refusals: 3 }]);
  });

  it('shares a rotated key\'s per-key balances with its successor, and copies its limits', async () => {
    await moveClock('2026-12-06T08:00:05.000Z');
    const t = await planTeam([]);
    const old = await createKey(node.api, t, { limits: [{ name: 'own', kind: 'credits', per: 'key', limit: 4, autoApply: true }] });
    expect((await verify(old.secret, { cost: 2 })).limits[0].remaining).toBe(2);
    const rotated = await node.api.call('POST', `/tenants/${t.tid}/keys/${old.id}/rotate`, { as: t.dev, body: { gracePeriodSeconds: 600 } });
    expect(rotated.status).toBe(201);
    expect(rotated.body.key.limits).toEqual([{ name: 'own', kind: 'credits', per: 'key', limit: 4, autoApply: true }]);
    expect((await verify(rotated.body.secret)).limits[0].remaining).toBe(1);
    expect((await verify(old.secret)).limits[0].remaining).toBe(0);
    expect((await verify(rotated.body.secret)).limit).toBe('own');
    // A tenant admin tops it up through the key.
    const patched = await node.api.call('PATCH', `/tenants/${t.tid}/keys/${rotated.body.key.id}`, { as: t.admin, body: { limitBalances: [{ name: 'own', remaining: 3 }] } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect((await verify(old.secret)).limits[0].remaining).toBe(2);
  });
});
