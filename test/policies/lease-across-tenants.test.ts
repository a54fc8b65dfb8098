// The policy job runs "on one node at a time (a lease in the database)" and "renews the lease between
// batches". A pass that moves on from tenant to tenant, each step quick, must keep its lease: here
// node A's pass takes 0.6 of the lease's time on one tenant and 0.6 on the next (the clock is the
// test's), and node B then looks. A pass that renewed between tenants would still hold the lease.
import { join } from 'node:path';
import { sql, type RootOperationNode } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { World } from '../helpers/world.js';
import { DIALECTS, TEST_DATABASE_URL } from '../helpers/services.js';
import { HeldAnswer } from '../helpers/held-answer.js';
import { openStore, Store } from '../../src/store/store.js';
import { PolicyJob } from '../../src/services/policy-job.js';
import { TestClock } from './clock.js';

const LEASE_MS = 600_000;
const keysOfTenant = (tid: string) => (node: RootOperationNode) =>
  node.kind === 'SelectQueryNode' && JSON.stringify(node).includes('"api_keys"') && JSON.stringify(node).includes(tid);

describe.each(DIALECTS)('the policy lease during a long pass on %s', (dialect) => {
  const clock = new TestClock();
  const world = World.forSuite(dialect, {}, { now: clock.now });

  beforeAll(async () => { await world.server.policies.stop(); });

  it('keeps a second node out while the first is still going through the tenants', async () => {
    const [, t2, t3] = [await world.tenant(), await world.tenant(), await world.tenant()];
    // Two nodes: their own connections to the same database.
    const schema = dialect === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(world.server.ctx.store.db)).rows[0].s : undefined;
    const url = dialect === 'postgres' ? TEST_DATABASE_URL! : `sqlite:${join(world.server.dataDir, 'keywarden.db')}`;
    const [storeA, storeB] = [await openStore({ url, pgSchema: schema }), await openStore({ url, pgSchema: schema })];
    const held = new HeldAnswer();
    const adapter = (storeA as unknown as { adapter: ConstructorParameters<typeof Store>[0] }).adapter;
    const a = new PolicyJob({ ...world.server.ctx, store: new Store({ ...adapter, db: adapter.db.withPlugin(held) }) }, { leaseMs: LEASE_MS });
    const b = new PolicyJob({ ...world.server.ctx, store: storeB }, { leaseMs: LEASE_MS });
    try {
      const atT2 = held.holdNext(keysOfTenant(t2));
      const passA = a.runOnce({ force: true });
      await atT2;
      clock.advanceMs(0.6 * LEASE_MS); // tenant t2 takes a while
      const releaseT2 = held.release;
      const atT3 = held.holdNext(keysOfTenant(t3));
      releaseT2();
      await atT3;
      clock.advanceMs(0.6 * LEASE_MS); // and so does t3: A is busy, 1.2 leases after it started

      const onB = await b.runOnce({ force: true });
      held.release();
      const onA = await passA;
      expect(onA).not.toBeNull();
      // Two passes of the job ran at the same time, one on each node.
      expect(onB, 'node B ran a pass while node A was still running its own').toBeNull();
    } finally {
      held.release();
      await storeA.close();
      await storeB.close();
    }
  });
});
