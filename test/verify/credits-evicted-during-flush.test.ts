// Found by a review: a balance object re-created (evicted from the node's bounded balance table)
// while a flush of its spends has committed but not settled subtracts the in-flight spends twice
// (CreditBalances.fromRow's new-object path ignores `flushing`). Before the change Redis' count won
// within a version and the node's mirror healed; now the node's too-low count is written into Redis
// (min rule), and every node refuses a key that has credits left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../helpers/services.js';
import { createKey, holdFlushAfterCommit, randomNamespace, setUpTeam, startNode, verifyOn, type Team, type VerifyNode } from '../verify/nodes.js';

describe.skipIf(!TEST_DATABASE_URL || !TEST_REDIS_URL)('a balance re-created during a flush, shared through Redis', () => {
  let a: VerifyNode;
  let b: VerifyNode;
  let team: Team;
  const ns = randomNamespace();
  beforeAll(async () => {
    const env = { REDIS_URL: TEST_REDIS_URL!, KEYWARDEN_FLUSH_INTERVAL: '1h' };
    a = await startNode('postgres', { env, redisPrefix: ns });
    b = await startNode('postgres', { env, redisPrefix: ns, pgSchema: a.schema });
    team = await setUpTeam(a);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('keeps the credits a key has left on every node', async () => {
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
