// Credits shared through Redis by two nodes on one PostgreSQL schema. Found by reviews: a count
// that lapsed in Redis (a day unused) was started again from the first node to find it gone, with
// that node's cached count, which for a node that had not seen the other's spending was the whole
// balance again; the key spent it twice (v1 and named credits).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../helpers/services.js';
import { createKey, holdFlushAfterCommit, randomNamespace, setUpTeam, startTwoNodes, verifyOn, type Team, type VerifyNode } from '../verify/nodes.js';
import type { RedisLimits } from '../../src/verify/redis-limits.js';

describe.skipIf(!TEST_DATABASE_URL || !TEST_REDIS_URL)('shared credits on two nodes with Redis', () => {
  let a: VerifyNode;
  let b: VerifyNode;
  let team: Team;
  const ns = randomNamespace();
  beforeAll(async () => {
    const env = { REDIS_URL: TEST_REDIS_URL!, KEYWARDEN_FLUSH_INTERVAL: '1h' };
    [a, b] = await startTwoNodes({ env, redisPrefix: ns });
    team = await setUpTeam(a);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('never lets a key spend its balance twice', async () => {
    const key = await createKey(a.api, team, { remaining: 5 });
    let valid = 0;
    // Node B knows the key (a free check: nothing spent).
    expect((await verifyOn(b.api, key.secret, { cost: 0 })).body).toMatchObject({ valid: true, remaining: 5 });
    await b.verifier.flush();
    // Node A spends the whole balance, and writes it.
    for (let i = 0; i < 6; i++) if ((await verifyOn(a.api, key.secret)).body.valid) valid++;
    expect(valid).toBe(5);
    await a.verifier.flush();
    await b.verifier.flush(); // B has nothing to write: its view of the balance stays as it was
    expect((await a.api.call('GET', `/tenants/${team.tid}/keys/${key.id}`, { as: team.admin })).body.remaining).toBe(0);

    // The key rests until its shared counter expires (its idle TTL, cut short here).
    const redis = (a.verifier.limits as RedisLimits).redis;
    const counter = `${ns}:{${key.id}}:b`;
    expect(await redis.exists(counter)).toBe(1);
    await redis.pexpire(counter, 1);
    while (await redis.exists(counter)) await new Promise((r) => setTimeout(r, 5));

    for (let i = 0; i < 6; i++) if ((await verifyOn(b.api, key.secret)).body.valid) valid++;
    await b.verifier.flush();
    const read = await a.api.call('GET', `/tenants/${team.tid}/keys/${key.id}`, { as: team.admin });
    expect({ valid, remaining: read.body.remaining }).toEqual({ valid: 5, remaining: 0 });
  });

  it('never lets a key spend a named credits balance twice either', async () => {
    const key = await createKey(a.api, team, { limits: [{ name: 'tokens', kind: 'credits', per: 'key', limit: 5, autoApply: false }] });
    const spend = (node: VerifyNode, cost = 1) => verifyOn(node.api, key.secret, { limits: [{ name: 'tokens', cost }] });
    let valid = 0;
    expect((await spend(b, 0)).body.valid).toBe(true); // node B reads the balance, spends nothing
    await b.verifier.flush();
    for (let i = 0; i < 6; i++) if ((await spend(a)).body.valid) valid++;
    expect(valid).toBe(5);
    await a.verifier.flush();
    await b.verifier.flush();

    const redis = (a.verifier.limits as RedisLimits).redis;
    const [counter] = await redis.keys(`${ns}:*:n:tokens:*:b`);
    expect(counter).toBeDefined();
    await redis.pexpire(counter, 1);
    while (await redis.exists(counter)) await new Promise((r) => setTimeout(r, 5));

    for (let i = 0; i < 6; i++) if ((await spend(b)).body.valid) valid++;
    expect(valid).toBe(5);
  });

  // Found by a review: a balance object re-created (evicted from the node's bounded balance table)
  // while a flush of its spends has committed but not settled subtracted the in-flight spends twice;
  // with the v1 script's lower-count rule that low count went into Redis, and every node refused a
  // key that had credits left. Last in the file: it shrinks node A's balance table.
  it('keeps the credits a key has left on every node when its balance is dropped during a flush', async () => {
    // Node A's balance table is full (a node at its cache bound: maxCachedKeys balances held):
    // stands in for 2,000,000 balances with a bound of 1.
    (a.verifier.caches as any).balances.max = 1;
    const key = await createKey(a.api, team, { remaining: 10 });
    const other = await createKey(a.api, team, { remaining: 10 });
    expect((await verifyOn(a.api, key.secret, { cost: 6 })).body).toMatchObject({ valid: true, remaining: 4 });

    // A's flush commits the 6 credits and is held before it settles (a COMMIT answer on the wire).
    const { release, done: flushing } = await holdFlushAfterCommit(a);

    // Another key's balance pushes this one out of A's table; then the key is read again (a rename).
    expect((await verifyOn(a.api, other.secret, { cost: 0 })).body.valid).toBe(true);
    expect((await a.api.call('PATCH', `/tenants/${team.tid}/keys/${key.id}`, { as: team.dev, body: { name: 'renamed' } })).status).toBe(200);
    const during = (await verifyOn(a.api, key.secret, { cost: 0 })).body;
    release();
    await flushing;
    await a.verifier.flush();

    const stored = (await a.api.call('GET', `/tenants/${team.tid}/keys/${key.id}`, { as: team.admin })).body.remaining;
    // The key has 4 credits left: another node may spend one of them.
    const onB = (await verifyOn(b.api, key.secret, { cost: 1 })).body;
    expect({ stored, during, onB }).toEqual({
      stored: 4,
      during: expect.objectContaining({ valid: true, remaining: 4 }),
      onB: expect.objectContaining({ valid: true, remaining: 3 }),
    });
  });
});
