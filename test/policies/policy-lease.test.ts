// The policy job runs on one node at a time, by a lease row in the database: while one holder has
// it no other runs the job; a holder that dies loses it when it expires; and nodes that look at the
// same moment run the job once between them (the other finds it held, or already run this hour).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/server.js';
import { World } from '../helpers/world.js';
import { DIALECTS, TEST_DATABASE_URL } from '../helpers/services.js';
import { PolicyJob } from '../../src/services/policy-job.js';
import { startNode, verifyOn, within } from '../verify/nodes.js';
import { TestClock } from './clock.js';

const LEASE_MS = 600_000;

/** A tenant whose one key is due for a rotation reminder once the clock has moved a day. */
async function tenantWithDueKey(world: World): Promise<string> {
  const tid = await world.tenantWithKeys({ rotationReminderDays: 1 });
  const me = (await world.call('GET', '/auth/me', { as: world.admin })).body.user.id;
  expect((await world.grant(tid, me, ['tenant_admin', 'developer'], true)).status).toBe(200);
  await world.createKey(tid, world.admin);
  return tid;
}

describe.each(DIALECTS)('the policy lease on %s', (dialect) => {
  const clock = new TestClock();
  const suite = World.forSuite(dialect, {}, { now: clock.now });
  let server: TestServer;
  // Two jobs on one database: two nodes, as far as the lease can tell (each has its own holder id).
  let a: PolicyJob;
  let b: PolicyJob;

  beforeAll(async () => {
    server = suite.server;
    await server.policies.stop();
    a = new PolicyJob(server.ctx, { leaseMs: LEASE_MS });
    b = new PolicyJob(server.ctx, { leaseMs: LEASE_MS });
  });

  it('lets no other node run the job while one holds the lease, until the lease expires', async () => {
    const tid = await tenantWithDueKey(await World.on(server));
    clock.advanceDays(1);
    expect(await a.lease.acquire(clock.now())).toBe(true);
    // A holds the lease and, say, dies: B may not run, forced or not.
    expect(await b.runOnce({ force: true })).toBeNull();
    expect(await b.runOnce()).toBeNull();
    clock.advanceMs(LEASE_MS - 1000);
    expect(await b.runOnce({ force: true })).toBeNull();
    const world = await World.on(server);
    expect(await world.events(tid, '&type=key.rotation_due')).toHaveLength(0);

    // Past its expiry the lease is free: B takes it and acts.
    clock.advanceMs(1000);
    expect(await b.runOnce({ force: true })).toMatchObject({ rotationDue: 1 });
    expect(await world.events(tid, '&type=key.rotation_due')).toHaveLength(1);
    // B gave it back when done: A may take it again.
    expect(await a.lease.acquire(clock.now())).toBe(true);
    await a.lease.release(clock.now());
  });

  it('runs the job once when both nodes look at the same time, and again when the hour is up', async () => {
    const tid = await tenantWithDueKey(await World.on(server));
    clock.advanceDays(1);
    const [onA, onB] = await Promise.all([a.runOnce(), b.runOnce()]);
    expect([onA, onB].filter((counts) => counts !== null)).toHaveLength(1);
    expect(await (await World.on(server)).events(tid, '&type=key.rotation_due')).toHaveLength(1);

    // Within the hour neither runs it again; after it, one does.
    clock.advanceMs(30 * 60_000);
    expect(await a.runOnce()).toBeNull();
    expect(await b.runOnce()).toBeNull();
    clock.advanceMs(30 * 60_000);
    const later = await Promise.all([b.runOnce(), a.runOnce()]);
    expect(later.filter((counts) => counts !== null)).toHaveLength(1);
  });

  it('takes an expired lease from a slow holder, which can then no longer renew it', async () => {
    clock.advanceDays(1);
    expect(await a.lease.acquire(clock.now())).toBe(true);
    // A's lease runs out while it is busy and B takes it: A can no longer renew.
    clock.advanceMs(LEASE_MS);
    expect(await b.lease.acquire(clock.now())).toBe(true);
    expect(await a.lease.renew(clock.now())).toBe(false);
    await b.lease.release(clock.now());
    expect(await a.runOnce()).not.toBeNull();
  });
});

describe.skipIf(!TEST_DATABASE_URL)('the policy job on two nodes on one PostgreSQL schema', () => {
  const clock = new TestClock();
  let nodeA: TestServer;
  let nodeB: TestServer;

  beforeAll(async () => {
    nodeA = await startNode('postgres', { now: clock.now });
    nodeB = await startNode('postgres', { now: clock.now, pgSchema: nodeA.schema });
    // The nodes' own timers stay out of it: the test calls the jobs.
    await Promise.all([nodeA.policies.stop(), nodeB.policies.stop()]);
  });
  afterAll(async () => {
    await nodeB?.stop();
    await nodeA?.stop();
  });

  it('lets exactly one node act when both run the job, and keeps the other out while one holds the lease', async () => {
    const tid = await tenantWithDueKey(await World.on(nodeA));
    clock.advanceDays(1);
    const results = await Promise.all([nodeA.policies.runOnce(), nodeB.policies.runOnce()]);
    expect(results.filter((counts) => counts !== null)).toHaveLength(1);
    const world = await World.on(nodeB);
    expect(await world.events(tid, '&type=key.rotation_due')).toHaveLength(1);

    const next = await tenantWithDueKey(world);
    clock.advanceDays(1);
    expect(await nodeA.policies.lease.acquire(clock.now())).toBe(true);
    expect(await nodeB.policies.runOnce({ force: true })).toBeNull();
    expect(await (await World.on(nodeB)).events(next, '&type=key.rotation_due')).toHaveLength(0);
    expect(await nodeA.policies.runOnce({ force: true })).toMatchObject({ rotationDue: 1 });
    expect(await (await World.on(nodeB)).events(next, '&type=key.rotation_due')).toHaveLength(1);
  });

  it('carries a revocation of an unused key by the job on one node to the other node within a second', async () => {
    const world = await World.on(nodeA);
    const tid = await world.tenantWithKeys({ revokeUnusedAfterDays: 1, expiryReminderDays: 0 });
    const me = (await world.call('GET', '/auth/me', { as: world.admin })).body.user.id;
    expect((await world.grant(tid, me, ['tenant_admin', 'developer'], true)).status).toBe(200);
    const { secret } = await world.createKey(tid, world.admin);
    // Node B knows the key (a cached, valid answer) before the job revokes it on node A.
    expect((await verifyOn(nodeB.api, secret)).body.valid).toBe(true);
    await nodeB.verifier.flush();
    clock.advanceDays(2);
    expect(await nodeA.policies.runOnce({ force: true })).toMatchObject({ revoked: 1 });
    await within(1000, async () => (await verifyOn(nodeB.api, secret)).body.code === 'REVOKED');
  });
});
