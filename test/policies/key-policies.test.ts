// Tenant key policies (DESIGN v1.1 "Tenant policies"), run by the policy job on the injected clock:
// key.rotation_due once per key; key.unused, then a system revocation (reason "unused") no sooner
// than expiryReminderDays later; a key used in between survives and its spell starts again. Keys
// show the facts (rotationDueAt, unusedRevokeAt), and the events go out through webhooks.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/server.js';
import { World } from '../helpers/world.js';
import { DIALECTS } from '../helpers/services.js';
import { verifyChains } from '../../src/audit/verify-chain.js';
import { fastWorker, Receiver, until } from '../webhooks/receiver.js';
import { PolicyJob } from '../../src/services/policy-job.js';
import { daysAfter, TestClock } from './clock.js';

describe.each(DIALECTS)('tenant key policies on %s', (dialect) => {
  const clock = new TestClock();
  const suite = World.forSuite(dialect, {}, { now: clock.now });
  let server: TestServer;

  beforeAll(async () => {
    server = suite.server;
    // The tests run the job themselves, at the times they choose.
    await server.policies.stop();
  });

  /**
   * A world signed in now: moving the clock by days ends earlier sessions (idle timeout), as it would
   * for a person away that long.
   */
  const signedIn = () => World.on(server);
  const runJob = () => server.policies.runOnce({ force: true });

  /** A tenant with these settings, the platform admin a licensed developer in it, and one key. */
  async function tenantWithKey(world: World, settings: Record<string, unknown>) {
    const tid = await world.tenantWithKeys({ maxActiveKeysPerUser: 50, ...settings });
    const me = (await world.call('GET', '/auth/me', { as: world.admin })).body.user.id;
    expect((await world.grant(tid, me, ['tenant_admin', 'developer'], true)).status).toBe(200);
    const created = await world.createKey(tid, world.admin);
    return { tid, key: created.key, secret: created.secret };
  }

  const eventsOf = (world: World, tid: string, type: string) => world.events(tid, `&type=${type}`);
  const readKey = async (world: World, tid: string, keyId: string) =>
    (await world.call('GET', `/tenants/${tid}/keys/${keyId}`, { as: world.admin })).body;

  it('raises key.rotation_due once for a key as old as rotationReminderDays, and shows when it is due', async () => {
    let world = await signedIn();
    const { tid, key } = await tenantWithKey(world, { rotationReminderDays: 30 });
    expect((await readKey(world, tid, key.id)).rotationDueAt).toBe(daysAfter(key.createdAt, 30));
    expect(key.rotationDueAt).toBe(daysAfter(key.createdAt, 30));

    clock.advanceDays(29);
    world = await signedIn();
    const young = (await world.createKey(tid, world.admin)).key;
    await runJob();
    expect(await eventsOf(world, tid, 'key.rotation_due')).toHaveLength(0);

    clock.advanceDays(1);
    world = await signedIn();
    await runJob();
    const raised = await eventsOf(world, tid, 'key.rotation_due');
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      keyId: key.id, actor: { type: 'system', id: null },
      details: { createdAt: key.createdAt, rotationReminderDays: 30, dueAt: daysAfter(key.createdAt, 30) },
    });

    // Once per key: later passes raise nothing new for it; the younger key gets its own in time.
    clock.advanceDays(29);
    world = await signedIn();
    await runJob();
    expect((await eventsOf(world, tid, 'key.rotation_due')).map((e) => e.keyId)).toEqual([young.id, key.id]);
    await runJob();
    expect(await eventsOf(world, tid, 'key.rotation_due')).toHaveLength(2);
  });

  it('leaves out revoked and rotated keys, and shows no rotation date for them', async () => {
    let world = await signedIn();
    const { tid, key } = await tenantWithKey(world, { rotationReminderDays: 10 });
    const revoked = (await world.createKey(tid, world.admin)).key;
    expect((await world.call('POST', `/tenants/${tid}/keys/${revoked.id}/revoke`, { as: world.admin })).status).toBe(200);
    const rotation = await world.call('POST', `/tenants/${tid}/keys/${key.id}/rotate`, { as: world.admin, body: { gracePeriodSeconds: 3600 } });
    expect(rotation.status).toBe(201);
    expect((await readKey(world, tid, key.id)).rotationDueAt).toBeNull();
    expect((await readKey(world, tid, revoked.id)).rotationDueAt).toBeNull();

    clock.advanceDays(11);
    world = await signedIn();
    await runJob();
    expect((await eventsOf(world, tid, 'key.rotation_due')).map((e) => e.keyId)).toEqual([rotation.body.key.id]);
  });

  it('warns about a key unused for revokeUnusedAfterDays, then revokes it expiryReminderDays later', async () => {
    let world = await signedIn();
    const { tid, key, secret } = await tenantWithKey(world, { revokeUnusedAfterDays: 10, expiryReminderDays: 3 });
    expect((await readKey(world, tid, key.id)).unusedRevokeAt).toBe(daysAfter(key.createdAt, 13));

    clock.advanceDays(10);
    world = await signedIn();
    const warnedAt = clock.now();
    await runJob();
    const warnings = await eventsOf(world, tid, 'key.unused');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      keyId: key.id, actor: { type: 'system', id: null },
      details: { unusedSince: key.createdAt, lastUsedAt: null, revokeUnusedAfterDays: 10 },
    });
    const revokeAt = warnings[0].details.revokeAt as string;
    expect(Date.parse(revokeAt) - warnedAt.getTime()).toBeGreaterThanOrEqual(3 * 86_400_000);
    const shown = await readKey(world, tid, key.id);
    expect(shown).toMatchObject({ status: 'active', unusedRevokeAt: revokeAt });

    // Not sooner than expiryReminderDays after the warning, and one warning per spell.
    clock.advanceDays(2);
    world = await signedIn();
    await runJob();
    expect(await eventsOf(world, tid, 'key.unused')).toHaveLength(1);
    expect((await readKey(world, tid, key.id)).status).toBe('active');

    clock.advanceDays(1);
    world = await signedIn();
    await runJob();
    const revoked = await readKey(world, tid, key.id);
    expect(revoked).toMatchObject({ status: 'revoked', unusedRevokeAt: null });
    const revocation = await eventsOf(world, tid, 'key.revoked');
    expect(revocation).toHaveLength(1);
    expect(revocation[0]).toMatchObject({ keyId: key.id, actor: { type: 'system', id: null }, details: { reason: 'unused', unusedSince: key.createdAt } });
    expect((await world.verify(secret)).code).toBe('REVOKED');
    expect((await verifyChains(server.ctx.store)).problems).toEqual([]);
  });

  it('spares a key used between the warning and the revocation, and starts its spell again from that use', async () => {
    let world = await signedIn();
    const { tid, key, secret } = await tenantWithKey(world, { revokeUnusedAfterDays: 10, expiryReminderDays: 3 });
    clock.advanceDays(10);
    world = await signedIn();
    await runJob();
    expect(await eventsOf(world, tid, 'key.unused')).toHaveLength(1);

    clock.advanceDays(1);
    world = await signedIn();
    expect((await world.verify(secret)).valid).toBe(true);
    await server.verifier.flush();
    const usedAt = (await readKey(world, tid, key.id)).lastUsedAt as string;
    expect((await readKey(world, tid, key.id)).unusedRevokeAt).toBe(daysAfter(usedAt, 13));

    clock.advanceDays(5);
    world = await signedIn();
    await runJob();
    expect((await readKey(world, tid, key.id)).status).toBe('active');
    expect(await eventsOf(world, tid, 'key.unused')).toHaveLength(1);
    expect(await eventsOf(world, tid, 'key.revoked')).toHaveLength(0);
    expect((await world.verify(secret)).valid).toBe(true);
    await server.verifier.flush();

    // Unused again for the whole period: a new warning.
    clock.advanceDays(10);
    world = await signedIn();
    await runJob();
    expect(await eventsOf(world, tid, 'key.unused')).toHaveLength(2);
  });

  it('drops standing warnings when the policy is switched off, so switching it on again warns anew', async () => {
    let world = await signedIn();
    const { tid, key } = await tenantWithKey(world, { revokeUnusedAfterDays: 5, expiryReminderDays: 2 });
    clock.advanceDays(5);
    world = await signedIn();
    await runJob();
    expect(await world.call('PATCH', `/tenants/${tid}/settings`, { as: world.admin, body: { revokeUnusedAfterDays: null } }))
      .toMatchObject({ status: 200 });
    expect((await readKey(world, tid, key.id)).unusedRevokeAt).toBeNull();
    await runJob();

    clock.advanceDays(3);
    world = await signedIn();
    await world.call('PATCH', `/tenants/${tid}/settings`, { as: world.admin, body: { revokeUnusedAfterDays: 5 } });
    await runJob();
    // Warned anew (a second key.unused), not revoked on the strength of the old warning.
    expect(await eventsOf(world, tid, 'key.unused')).toHaveLength(2);
    expect((await readKey(world, tid, key.id)).status).toBe('active');
  });

  it('runs at start, and again each time the hour (here a minute) is up', async () => {
    let world = await signedIn();
    const { tid, key } = await tenantWithKey(world, { rotationReminderDays: 1 });
    clock.advanceDays(1);
    const job = new PolicyJob(server.ctx, { tickMs: 20, everyMs: 60_000 });
    job.start();
    try {
      world = await signedIn();
      await until('the run at start', async () => (await eventsOf(world, tid, 'key.rotation_due')).length === 1);
      const next = (await world.createKey(tid, world.admin)).key;
      clock.advanceDays(1);
      world = await signedIn();
      await until('the next run', async () => (await eventsOf(world, tid, 'key.rotation_due')).length === 2);
      expect((await eventsOf(world, tid, 'key.rotation_due')).map((e) => e.keyId)).toEqual([next.id, key.id]);
    } finally {
      await job.stop();
    }
  });

  it('delivers key.rotation_due, key.unused and the revocation to a webhook registered for them', async () => {
    const receiver = await Receiver.start();
    const worker = await fastWorker(server);
    try {
      let world = await signedIn();
      const { tid, key } = await tenantWithKey(world, { rotationReminderDays: 1, revokeUnusedAfterDays: 1, expiryReminderDays: 0 });
      const hook = await world.call('POST', `/tenants/${tid}/webhooks`, {
        as: world.admin, body: { url: receiver.url, eventTypes: ['key.rotation_due', 'key.unused', 'key.revoked'] },
      });
      expect(hook.status).toBe(201);
      clock.advanceDays(1);
      world = await signedIn();
      await runJob();
      await until('the deliveries', () => receiver.received.length === 3);
      expect(receiver.received.map((r) => [r.event.type, r.event.keyId])).toEqual([
        ['key.rotation_due', key.id], ['key.unused', key.id], ['key.revoked', key.id],
      ]);
      expect(receiver.received[2].event.details).toMatchObject({ reason: 'unused' });
    } finally {
      await worker.stop();
      await receiver.stop();
    }
  });
});
