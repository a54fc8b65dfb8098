// Found by a review: credits counted in Redis, Redis connection lost and back (fail-open, the default).
// While Redis is away the node spends from its local balance (and flushes that to the database);
// when Redis comes back, its stale counter is used again as if nothing had been spent meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../helpers/services.js';
import { createKey, randomNamespace, setUpTeam, startNode, verifyOn, type Team, type VerifyNode } from '../verify/nodes.js';
import type { RedisLimits } from '../../src/verify/redis-limits.js';

describe.skipIf(!TEST_REDIS_URL)('credits across a Redis outage (fail-open)', () => {
  let node: VerifyNode;
  let team: Team;
  beforeAll(async () => {
    node = await startNode('sqlite', { env: { REDIS_URL: TEST_REDIS_URL!, KEYWARDEN_FLUSH_INTERVAL: '1h' }, redisPrefix: randomNamespace() });
    team = await setUpTeam(node);
  });
  afterAll(async () => { await node?.stop(); });

  it('never lets a key spend more than its balance when Redis drops and comes back', async () => {
    const limits = node.verifier.limits as RedisLimits;
    expect(limits.state).toBe('ok');
    const key = await createKey(node.api, team, { remaining: 5 });
    let valid = 0;
    // One spend through Redis: Redis now holds the balance (4 left).
    if ((await verifyOn(node.api, key.secret)).body.valid) valid++;

    // The connection drops: the node keeps verifying with its local count (documented fail-open).
    const closed = new Promise((r) => limits.redis.once('end', r));
    limits.redis.disconnect();
    await closed;
    expect(limits.state).toBe('down');
    for (let i = 0; i < 10; i++) if ((await verifyOn(node.api, key.secret)).body.valid) valid++;
    expect(valid).toBe(5);
    await node.verifier.flush();

    // Redis is back (same data): the balance is spent, in memory and in the database.
    await limits.redis.connect();
    expect(limits.state).toBe('ok');
    for (let i = 0; i < 10; i++) if ((await verifyOn(node.api, key.secret)).body.valid) valid++;
    await node.verifier.flush();
    const read = await node.api.call('GET', `/tenants/${team.tid}/keys/${key.id}`, { as: team.admin });
    expect({ valid, remaining: read.body.remaining }).toEqual({ valid: 5, remaining: 0 });
  });
});
