// Expiry reminders: key.expiring once per key within the tenant's expiryReminderDays, as a system
// event with details {expiresAt}; and delivered to a webhook that asked for key.expiring.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/server.js';
import { World } from '../helpers/world.js';
import { DIALECTS } from '../helpers/services.js';
import { ReminderJob, runExpiryReminders } from '../../src/services/reminders.js';
import { fastWorker, Receiver, until } from '../webhooks/receiver.js';
import type { WebhookWorker } from '../../src/webhooks/worker.js';

const DAY = 86_400_000;

describe.each(DIALECTS)('expiry reminders on %s', (dialect) => {
  const world = World.forSuite(dialect);
  let server: TestServer;
  let adminId: string;

  beforeAll(async () => {
    server = world.server;
    // The tests run the job themselves, so its counts are theirs alone.
    await server.reminders.stop();
    adminId = (await world.call('GET', '/auth/me', { as: world.admin })).body.user.id;
  });

  const call = (method: string, path: string, body?: unknown) => world.call(method, path, { as: world.admin, body });

  /** A tenant with keys on, the platform admin a licensed developer in it, and `settings` applied. */
  async function tenant(settings: Record<string, unknown> = {}): Promise<string> {
    const tid = await world.tenantWithKeys({ maxActiveKeysPerUser: 50, ...settings });
    expect((await world.grant(tid, adminId, ['tenant_admin', 'developer'], true)).status).toBe(200);
    return tid;
  }

  async function key(tid: string, body: Record<string, unknown>): Promise<{ id: string; expiresAt: string | null }> {
    return (await world.createKey(tid, world.admin, body)).key;
  }

  const expiring = async (tid: string) => (await call('GET', `/tenants/${tid}/events?type=key.expiring`)).body.items;

  it('raises key.expiring once for a key expiring within the reminder window', async () => {
    const tid = await tenant();
    const soon = await key(tid, { expiresInDays: 3 });
    const later = await key(tid, { expiresInDays: 30 });
    await key(tid, {}); // no expiry

    expect(await runExpiryReminders(server.ctx)).toBeGreaterThanOrEqual(1);
    const events = await expiring(tid);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'key.expiring', tenantId: tid, keyId: soon.id, actor: { type: 'system', id: null }, details: { expiresAt: soon.expiresAt },
    });
    expect(Object.keys(events[0].details)).toEqual(['expiresAt']);

    // Once per key: later runs raise nothing new.
    await runExpiryReminders(server.ctx);
    expect(await expiring(tid)).toHaveLength(1);

    // 25 days on, the other key is within 7 days too.
    await runExpiryReminders(server.ctx, new Date(Date.now() + 25 * DAY));
    const after = await expiring(tid);
    expect(after.map((e: any) => e.keyId)).toEqual([later.id, soon.id]);
  });

  it('follows the tenant\'s expiryReminderDays, and 0 switches reminders off', async () => {
    const off = await tenant({ expiryReminderDays: 0 });
    await key(off, { expiresInDays: 1 });
    const wide = await tenant({ expiryReminderDays: 60 });
    const k = await key(wide, { expiresInDays: 45 });
    const narrow = await tenant({ expiryReminderDays: 2 });
    await key(narrow, { expiresInDays: 3 });

    await runExpiryReminders(server.ctx);
    expect(await expiring(off)).toHaveLength(0);
    expect((await expiring(wide)).map((e: any) => e.keyId)).toEqual([k.id]);
    expect(await expiring(narrow)).toHaveLength(0);
  });

  it('leaves out revoked, expired and rotated keys', async () => {
    const tid = await tenant();
    const revoked = await key(tid, { expiresInDays: 2 });
    expect((await call('POST', `/tenants/${tid}/keys/${revoked.id}/revoke`)).status).toBe(200);
    const expired = await key(tid, { expiresInDays: 2 });
    await server.ctx.store.db.updateTable('api_keys').set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', expired.id).execute();
    const rotated = await key(tid, { expiresInDays: 2 });
    const rotation = await call('POST', `/tenants/${tid}/keys/${rotated.id}/rotate`, { gracePeriodSeconds: 3600 });
    expect(rotation.status).toBe(201);

    await runExpiryReminders(server.ctx);
    // Only the rotated key's successor (which kept the 2-day lifetime) is reminded.
    expect((await expiring(tid)).map((e: any) => e.keyId)).toEqual([rotation.body.key.id]);
  });

  it('raises one event per key when nodes run the job at the same time', async () => {
    const tid = await tenant();
    const keys = await Promise.all([1, 2, 3, 4, 5].map(() => key(tid, { expiresInDays: 2 })));
    const counts = await Promise.all([runExpiryReminders(server.ctx), runExpiryReminders(server.ctx), runExpiryReminders(server.ctx)]);
    const events = await expiring(tid);
    expect(events.map((e: any) => e.keyId).sort()).toEqual(keys.map((k) => k.id).sort());
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5);
  });

  it('runs once at start and then periodically', async () => {
    const tid = await tenant();
    const k = await key(tid, { expiresInDays: 1 });
    const job = new ReminderJob(server.ctx, { intervalMs: 50 });
    job.start();
    try {
      await until('the reminder', async () => (await expiring(tid)).length === 1);
      const next = await key(tid, { expiresInDays: 1 });
      await until('the next run', async () => (await expiring(tid)).length === 2);
      expect((await expiring(tid)).map((e: any) => e.keyId)).toEqual([next.id, k.id]);
    } finally {
      await job.stop();
    }
  });

  it('delivers key.expiring to a webhook registered for it', async () => {
    let worker: WebhookWorker | undefined;
    const receiver = await Receiver.start();
    try {
      worker = await fastWorker(server);
      const tid = await tenant();
      const hook = await call('POST', `/tenants/${tid}/webhooks`, { url: receiver.url, eventTypes: ['key.expiring'] });
      expect(hook.status).toBe(201);
      const k = await key(tid, { expiresInDays: 2 });
      await runExpiryReminders(server.ctx);
      await until('the delivery', () => receiver.received.length === 1);
      expect(receiver.received[0].event).toMatchObject({ type: 'key.expiring', keyId: k.id, details: { expiresAt: k.expiresAt } });
    } finally {
      await worker?.stop();
      await receiver.stop();
    }
  });
});
