// Found by a review: credits in Redis are seeded from whichever node first finds the counter missing, with
// that node's cached count. A node that cached the key before another node spent its balance still
// holds the old count; once the shared counter has expired (24 h idle: CREDITS_IDLE_TTL_MS), that
// node seeds it again with the credits already spent, and the key spends them a second time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../helpers/services.js';
import { createKey, randomNamespace, setUpTeam, startNode, verifyOn, type Team, type VerifyNode } from '../verify/nodes.js';
import type { RedisLimits } from '../../src/verify/redis-limits.js';

describe.skipIf(!TEST_DATABASE_URL || !TEST_REDIS_URL)('shared credits after the Redis counter expires', () => {
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
});
