// Found by a review: a named credits balance refilled in memory (refillIfDue) before any row is written
// is read again when the tenant's epoch moves (any settings change). NamedBalances.read answers the
// limit's starting `limit` for a balance with no row, and refreshNamed keeps the lower count within
// one (period, version): the node's count drops from the refill to `limit`. Before the min rule the
// node's count was only a mirror (Redis' count won within a version); now the node's lower count is
// written into Redis, every node answers from it, while the flush writes the refill to the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../helpers/services.js';
import { createKey, randomNamespace, setUpTeam, startNode, verifyOn, type Team, type VerifyNode } from '../verify/nodes.js';

describe.skipIf(!TEST_REDIS_URL)('a refilled named balance read again after a tenant change', () => {
  let node: VerifyNode;
  let team: Team;
  const ns = randomNamespace();
  let nowMs = Date.parse('2026-12-03T23:59:58.000Z');
  beforeAll(async () => {
    node = await startNode('sqlite', { env: { REDIS_URL: TEST_REDIS_URL!, KEYWARDEN_FLUSH_INTERVAL: '1h' }, redisPrefix: ns, now: () => new Date(nowMs) });
    team = await setUpTeam(node);
  });
  afterAll(async () => { await node?.stop(); });

  it('keeps the refill the key has', async () => {
    const key = await createKey(node.api, team, {
      limits: [{ name: 'tokens', kind: 'credits', per: 'key', limit: 5, refill: { amount: 100, interval: 'day' }, autoApply: false }],
    });
    const use = (body: Record<string, unknown> = {}) => verifyOn(node.api, key.secret, { limits: [{ name: 'tokens', cost: 1 }], ...body }).then((r) => r.body);
    // Day 1: a dry run only (nothing spent, so no balance row is written).
    expect((await use({ dryRun: true })).limits[0].remaining).toBe(4);

    // Day 2, just after 00:00 UTC: the limit refills to 100 (in memory; the row comes with the flush).
    nowMs = Date.parse('2026-12-04T00:00:01.000Z');
    const first = (await use()).limits[0].remaining;
    // A tenant admin changes an unrelated setting: the tenant's balances are read again.
    expect((await node.api.call('PATCH', `/tenants/${team.tid}/settings`, { as: team.admin, body: { expiryReminderDays: 3 } })).status).toBe(200);
    const second = (await use()).limits[0].remaining;
    await node.verifier.flush();
    const db = (node.verifier.usage as any).store.db;
    const row = await db.selectFrom('limit_balances').select(['remaining']).where('name', '=', 'tokens').executeTakeFirst();
    const stored = Number(row?.remaining);
    const third = (await use()).limits?.[0]?.remaining;
    expect({ first, second, stored, third }).toEqual({ first: 99, second: 98, stored: 98, third: 97 });
  });
});
