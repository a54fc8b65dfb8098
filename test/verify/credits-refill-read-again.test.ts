// Found by a review: a named credits balance whose Redis counter is gone is read again from the
// database (NamedBalances.readAgain). For a balance with no row yet, the read answers the limit's
// starting `limit` in the current period, and refreshNamed keeps the lower count within one
// (period, version): the node's own refill of that period (`refill.amount`, set in memory by
// refillIfDue) is replaced by `limit`, and Redis is started from it. The flush then writes the
// refilled balance, so the database and every node's verification disagree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../helpers/services.js';
import { createKey, randomNamespace, setUpTeam, startNode, verifyOn, type Team, type VerifyNode } from '../verify/nodes.js';
import type { RedisLimits } from '../../src/verify/redis-limits.js';

describe.skipIf(!TEST_REDIS_URL)('a refilled named balance whose Redis counter lapsed', () => {
  let node: VerifyNode;
  let team: Team;
  const ns = randomNamespace();
  let nowMs = Date.parse('2026-12-03T10:00:00.000Z');
  beforeAll(async () => {
    node = await startNode('sqlite', { env: { REDIS_URL: TEST_REDIS_URL!, KEYWARDEN_FLUSH_INTERVAL: '1h' }, redisPrefix: ns, now: () => new Date(nowMs) });
    team = await setUpTeam(node);
  });
  afterAll(async () => { await node?.stop(); });

  it('spends the next day from the refill, as the database has it', async () => {
    const key = await createKey(node.api, team, {
      limits: [{ name: 'tokens', kind: 'credits', per: 'key', limit: 5, refill: { amount: 100, interval: 'day' }, autoApply: false }],
    });
    const use = (body: Record<string, unknown>) => verifyOn(node.api, key.secret, { limits: [{ name: 'tokens', cost: 1 }], ...body }).then((r) => r.body);
    // Day 1: a dry run only (nothing spent, so no balance row is written).
    expect((await use({ dryRun: true })).limits[0].remaining).toBe(4);

    // Day 2, after 00:00 UTC: the limit refills to 100. The counter was idle 24 h: gone.
    nowMs = Date.parse('2026-12-04T10:00:01.000Z');
    const redis = (node.verifier.limits as RedisLimits).redis;
    for (const k of await redis.keys(`${ns}:*:n:tokens:*:b`)) await redis.del(k);
    const answered = (await use({})).limits[0].remaining;
    await node.verifier.flush();
    // The session expired with the clock's move: read the balance's row directly.
    const db = (node.verifier.usage as any).store.db;
    const row = await db.selectFrom('limit_balances').select(['remaining']).where('name', '=', 'tokens').executeTakeFirst();
    const stored = Number(row?.remaining);
    const next = (await use({})).limits?.[0]?.remaining;
    expect({ answered, stored, next }).toEqual({ answered: 99, stored: 99, next: 98 });
  });
});
