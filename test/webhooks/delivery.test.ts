// Delivery to a real local receiver: signed POSTs of the Event object, retries with back-off, order
// per endpoint, giving up, attempts visible in the API, and one delivery per event across nodes.
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { unique, World } from '../helpers/world.js';
import { DIALECTS, TEST_DATABASE_URL } from '../helpers/services.js';
import { openStore } from '../../src/store/store.js';
import { WebhookWorker } from '../../src/webhooks/worker.js';
import { isSignedByKeywarden } from '../../packages/sdk/src/webhooks.js';
import { fastWorker, FAST, Receiver, until } from './receiver.js';

describe.each(DIALECTS)('webhook delivery on %s', (dialect) => {
  const world = World.forSuite(dialect);
  let worker: WebhookWorker;
  let receiver: Receiver;

  beforeAll(async () => { worker = await fastWorker(world.server); });
  afterEach(async () => { await receiver?.stop(); });
  // After-hooks run last-registered first: the worker stops before the world's server.
  afterAll(async () => { await worker?.stop(); });

  const call = (method: string, path: string, body?: unknown) => world.call(method, path, { as: world.admin, body });

  async function tenantWithHook(eventTypes: string[]) {
    receiver = await Receiver.start();
    const tid = await world.tenant();
    const hook = await call('POST', `/tenants/${tid}/webhooks`, { url: receiver.url, eventTypes });
    expect(hook.status).toBe(201);
    return { tid, wid: hook.body.webhook.id as string, secret: hook.body.secret as string };
  }

  /** Three settings.updated events in a row, oldest first. */
  async function threeEvents(tid: string): Promise<string[]> {
    for (const days of [10, 11, 12]) expect((await call('PATCH', `/tenants/${tid}/settings`, { expiryReminderDays: days })).status).toBe(200);
    const events = await call('GET', `/tenants/${tid}/events?type=settings.updated`);
    return events.body.items.map((e: any) => e.id).reverse();
  }

  it('POSTs the Event object, signed with the endpoint secret, for the chosen types only', async () => {
    const { tid, wid, secret } = await tenantWithHook(['settings.updated']);
    await call('PATCH', `/tenants/${tid}`, { name: `Renamed ${unique()}` }); // tenant.updated: not chosen
    await call('PATCH', `/tenants/${tid}/settings`, { maxActiveKeysPerUser: 9 });
    const [got] = await until('a delivery', () => receiver.received.length >= 1 && receiver.received);
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.received).toHaveLength(1);

    const events = await call('GET', `/tenants/${tid}/events?type=settings.updated`);
    expect(got.event).toEqual(events.body.items[0]);
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['keywarden-event-id']).toBe(got.event.id);

    // Keywarden-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>">, checked independently.
    const header = String(got.headers['keywarden-signature']);
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
    expect(match).not.toBeNull();
    const [, t, v1] = match!;
    expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(60);
    expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${got.body}`).digest('hex'));
    expect(await isSignedByKeywarden(secret, header, got.body)).toBe(true);
    expect(await isSignedByKeywarden(secret, header, got.body.replace('9', '8'))).toBe(false);
    expect(await isSignedByKeywarden(`${secret}x`, header, got.body)).toBe(false);
    expect(await isSignedByKeywarden(secret, header, got.body, { now: () => (Number(t) + 3600) * 1000 })).toBe(false);

    const deliveries = await until('the attempt recorded', async () => {
      const res = await call('GET', `/tenants/${tid}/webhooks/${wid}/deliveries`);
      return res.body.items.length === 1 && res.body;
    });
    expect(deliveries.items[0]).toMatchObject({
      eventId: got.event.id, status: 'succeeded', responseStatus: 200, error: null, nextAttemptAt: null, attempt: 1,
    });
    expect(deliveries.items[0].id).toMatch(/^dlv_/);
  });

  it('retries a failing endpoint with back-off and keeps the order of events', async () => {
    const { tid, wid } = await tenantWithHook(['settings.*']);
    receiver.respond = (n) => (n < 2 ? 500 : 200);
    const ids = await threeEvents(tid);
    await until('three deliveries', () => receiver.delivered.length === 3);
    // The first event twice refused, then accepted; the later ones only after it.
    expect(receiver.received.map((r) => r.event.id)).toEqual([ids[0], ids[0], ids[0], ids[1], ids[2]]);
    expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 200, 200, 200]);

    const res = await until('five attempts recorded', async () => {
      const r = await call('GET', `/tenants/${tid}/webhooks/${wid}/deliveries`);
      return r.body.items.length === 5 && r.body;
    });
    const attempts = [...res.items].reverse(); // oldest first
    expect(attempts.map((a: any) => [a.eventId, a.status, a.attempt])).toEqual([
      [ids[0], 'failed', 1], [ids[0], 'failed', 2], [ids[0], 'succeeded', 3], [ids[1], 'succeeded', 1], [ids[2], 'succeeded', 1],
    ]);
    expect(attempts[0]).toMatchObject({ responseStatus: 500, error: 'http_status' });
    // Exponential: the second wait is twice the first.
    const wait = (a: any) => Date.parse(a.nextAttemptAt) - Date.parse(a.at);
    expect(wait(attempts[0])).toBe(FAST.retryBaseMs);
    expect(wait(attempts[1])).toBe(FAST.retryBaseMs! * 2);
    expect(Date.parse(attempts[1].at)).toBeGreaterThanOrEqual(Date.parse(attempts[0].nextAttemptAt));
    // Newest first, paged.
    const ats = res.items.map((a: any) => a.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    const page = await call('GET', `/tenants/${tid}/webhooks/${wid}/deliveries?limit=2`);
    expect(page.body.items).toEqual(res.items.slice(0, 2));
    const rest = await call('GET', `/tenants/${tid}/webhooks/${wid}/deliveries?limit=200&cursor=${page.body.nextCursor}`);
    expect(rest.body.items).toEqual(res.items.slice(2));
    expect(rest.body.nextCursor).toBeNull();
    expect((await call('GET', `/tenants/${tid}/webhooks/${wid}/deliveries?cursor=x`)).status).toBe(400);
  });

  it('gives an event up after the retry period and moves on to the next', async () => {
    const { tid, wid } = await tenantWithHook(['settings.updated']);
    let refused: string | undefined;
    receiver.respond = (_n, event) => ((refused ??= event.id) === event.id ? 503 : 200);
    const ids = await threeEvents(tid);
    await until('the later events', () => receiver.delivered.length === 2, 8000);
    expect(refused).toBe(ids[0]);
    expect(receiver.delivered).toEqual([ids[1], ids[2]]);
    const res = await call('GET', `/tenants/${tid}/webhooks/${wid}/deliveries?limit=200`);
    const first = res.body.items.filter((a: any) => a.eventId === ids[0]).reverse();
    expect(first.length).toBeGreaterThan(2);
    expect(first.at(-1)).toMatchObject({ status: 'gave_up', nextAttemptAt: null, responseStatus: 503, error: 'http_status' });
    expect(first.slice(0, -1).every((a: any) => a.status === 'failed')).toBe(true);
  });

  it('records a refused connection as a failed attempt', async () => {
    const { tid, wid } = await tenantWithHook(['settings.updated']);
    await receiver.stop();
    await call('PATCH', `/tenants/${tid}/settings`, { maxActiveKeysPerUser: 7 });
    const res = await until('an attempt', async () => {
      const r = await call('GET', `/tenants/${tid}/webhooks/${wid}/deliveries`);
      return r.body.items.length > 0 && r.body;
    });
    // A category, never the socket's message (which would make deliveries a port scanner).
    expect(res.items.at(-1)).toMatchObject({ status: 'failed', responseStatus: null, error: 'connection_failed' });
    // Stop retrying before the receiver is stopped again in afterEach.
    await call('PATCH', `/tenants/${tid}/webhooks/${wid}`, { enabled: false });
    receiver = await Receiver.start();
  });

  it('sends nothing while disabled, and resumes with new events when enabled again', async () => {
    const { tid, wid } = await tenantWithHook(['settings.updated']);
    await call('PATCH', `/tenants/${tid}/webhooks/${wid}`, { enabled: false });
    await call('PATCH', `/tenants/${tid}/settings`, { maxActiveKeysPerUser: 3 });
    await new Promise((r) => setTimeout(r, 150));
    expect(receiver.received).toHaveLength(0);
    await call('PATCH', `/tenants/${tid}/webhooks/${wid}`, { enabled: true });
    await call('PATCH', `/tenants/${tid}/settings`, { maxActiveKeysPerUser: 4 });
    await until('the new event', () => receiver.received.length === 1);
    expect(receiver.received[0].event.details.changes.maxActiveKeysPerUser.to).toBe(4);
  });

  it('delivers each event once when several nodes deliver from the same database', async () => {
    const { tid } = await tenantWithHook(['settings.updated']);
    await worker.stop();
    // Two more nodes: their own store connections, the same database.
    const schema = dialect === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(world.server.ctx.store.db)).rows[0].s : undefined;
    const url = dialect === 'postgres' ? TEST_DATABASE_URL! : `sqlite:${join(world.server.dataDir, 'keywarden.db')}`;
    const stores = [await openStore({ url, pgSchema: schema }), await openStore({ url, pgSchema: schema })];
    const nodes = stores.map((store, i) => new WebhookWorker({ ...world.server.ctx, store }, { ...FAST, nodeId: `node-${i}`, pollIntervalMs: 5 }));
    try {
      const ids: string[] = [];
      for (let i = 1; i <= 12; i++) {
        await call('PATCH', `/tenants/${tid}/settings`, { maxActiveKeysPerUser: i });
        if (i === 1) nodes.forEach((n) => n.start());
      }
      const events = await call('GET', `/tenants/${tid}/events?type=settings.updated`);
      ids.push(...events.body.items.map((e: any) => e.id).reverse());
      // Concurrent rounds on both nodes at once, besides their timers.
      await Promise.all([...nodes.map((n) => n.runOnce()), ...nodes.map((n) => n.runOnce())]);
      await until('twelve deliveries', () => receiver.received.length >= 12);
      await new Promise((r) => setTimeout(r, 100));
      expect(receiver.received.map((r) => r.event.id)).toEqual(ids);
      expect(nodes[0].counts.succeeded + nodes[1].counts.succeeded).toBe(12);
    } finally {
      await Promise.all(nodes.map((n) => n.stop()));
      await Promise.all(stores.map((s) => s.close()));
      worker = await fastWorker(world.server);
    }
  });
});
