// Races between an attempt in flight and a change of its endpoint (re-enable, new URL): the attempt's
// record must not undo the change. The receiver holds chosen requests until the test releases them,
// and the server's clock is a TestClock, so the order of everything is decided by the test.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { World } from '../helpers/world.js';
import { DIALECTS } from '../helpers/services.js';
import { WebhookWorker } from '../../src/webhooks/worker.js';
import { TestClock } from '../policies/clock.js';
import { until } from './receiver.js';

interface Got { eventId: string; type: string; status: number }

/** A receiver on 127.0.0.1 whose answer is decided (and possibly held) per request by the test. */
class GatedReceiver {
  readonly got: Got[] = [];
  /** Answers for a request: a status, or a promise of one (held until it resolves). */
  answer: (event: any, n: number) => number | Promise<number> = () => 200;
  private constructor(private readonly server: Server, readonly url: string) {}
  static async start(): Promise<GatedReceiver> {
    let self: GatedReceiver;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const n = self.got.length;
        const entry: Got = { eventId: event.id, type: event.type, status: -1 };
        self.got.push(entry);
        const status = await self.answer(event, n);
        entry.status = status;
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    self = new GatedReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
    return self;
  }
  stop() { this.server.closeAllConnections(); return new Promise<void>((r) => this.server.close(() => r())); }
}

function gate() {
  let open!: (status: number) => void;
  const promise = new Promise<number>((r) => { open = r; });
  return { promise, open };
}

describe.each(DIALECTS)('webhook attempt in flight vs an endpoint change on %s', (dialect) => {
  const clock = new TestClock();
  const world = World.forSuite(dialect, { KEYWARDEN_SESSION_TTL: '30d', KEYWARDEN_SESSION_IDLE: '30d' }, { now: clock.now });
  let worker: WebhookWorker;
  const errors: unknown[] = [];

  beforeAll(async () => {
    await world.server.webhooks.stop();
    worker = new WebhookWorker(world.server.ctx, {
      pollIntervalMs: 10, retryBaseMs: 60_000, retryMaxDelayMs: 3_600_000, retryForMs: 86_400_000,
      timeoutMs: 60_000, leaseMs: 600_000, onError: (err) => errors.push(err),
    });
    worker.start();
  });
  afterAll(async () => { await worker?.stop(); });

  const call = (method: string, path: string, body?: unknown) => world.call(method, path, { as: world.admin, body });
  async function settingsEvent(tid: string, days: number): Promise<string> {
    expect((await call('PATCH', `/tenants/${tid}/settings`, { expiryReminderDays: days })).status).toBe(200);
    const ev = await call('GET', `/tenants/${tid}/events?type=settings.updated&limit=1`);
    return ev.body.items[0].id;
  }

  it('a re-enabled endpoint gets only events after the re-enable, even when an attempt from before succeeds afterwards', async () => {
    const receiver = await GatedReceiver.start();
    try {
      const tid = await world.tenant();
      const hook = await call('POST', `/tenants/${tid}/webhooks`, { url: receiver.url, eventTypes: ['settings.updated'] });
      expect(hook.status).toBe(201);
      const wid = hook.body.webhook.id;

      const held = gate();
      receiver.answer = (_e, n) => (n === 0 ? held.promise : 200);
      const e1 = await settingsEvent(tid, 10);
      await until('e1 in flight', () => receiver.got.length === 1);

      // Paused while e1 is in flight; events while paused are never to be sent.
      expect((await call('PATCH', `/tenants/${tid}/webhooks/${wid}`, { enabled: false })).status).toBe(200);
      const e2 = await settingsEvent(tid, 11);
      const e3 = await settingsEvent(tid, 12);
      // Resumed: "a paused endpoint resumes with new events".
      expect((await call('PATCH', `/tenants/${tid}/webhooks/${wid}`, { enabled: true })).status).toBe(200);

      held.open(200); // e1's attempt, begun before the pause, now succeeds
      const e4 = await settingsEvent(tid, 13);
      await until('e4 delivered', () => receiver.got.some((g) => g.eventId === e4 && g.status === 200));
      const sent = receiver.got.map((g) => g.eventId);
      expect(sent.includes(e2) || sent.includes(e3), `paused-time events were sent: ${JSON.stringify(sent)}`).toBe(false);
      expect(sent).toEqual([e1, e4]);
    } finally {
      await receiver.stop();
    }
  });

  it('a fresh start (re-enable) gives the next event its own retry period, even when an old attempt fails afterwards', async () => {
    const receiver = await GatedReceiver.start();
    try {
      const tid = await world.tenant();
      const hook = await call('POST', `/tenants/${tid}/webhooks`, { url: receiver.url, eventTypes: ['settings.updated'] });
      const wid = hook.body.webhook.id;

      // e1 fails from T0 on, for nearly the whole day of retries.
      receiver.answer = () => 500;
      const e1 = await settingsEvent(tid, 10);
      await until('first attempt of e1 recorded', async () => {
        const d = await call('GET', `/tenants/${tid}/webhooks/${wid}/deliveries`);
        return d.body.items.length === 1;
      });
      const held = gate();
      receiver.answer = () => held.promise;
      clock.advanceMs(86_400_000 - 5 * 60_000); // T0 + 23h55m: the next retry of e1 starts and is held
      await until('retry of e1 in flight', () => receiver.got.length === 2);

      // The admin pauses and resumes the endpoint: a fresh start with new events.
      expect((await call('PATCH', `/tenants/${tid}/webhooks/${wid}`, { enabled: false })).status).toBe(200);
      expect((await call('PATCH', `/tenants/${tid}/webhooks/${wid}`, { enabled: true })).status).toBe(200);
      held.open(500); // the old retry of e1 fails afterwards
      // The old attempt is over once its answer went out and its claim is gone (recorded or dropped).
      await until('old retry answered', () => receiver.got[1].status === 500);
      await until('old retry settled', async () => {
        const row = await world.server.ctx.store.db.selectFrom('webhooks').select('claimed_by').where('id', '=', wid).executeTakeFirstOrThrow();
        return row.claimed_by === null;
      });

      // A new event; the receiver has a brief hiccup on its first attempt, then accepts everything.
      receiver.answer = (e) => (receiver.got.filter((g) => g.eventId === e.id).length === 1 ? 503 : 200);
      const e2 = await settingsEvent(tid, 11);
      clock.advanceMs(10 * 60_000);
      await until('first attempt of e2', () => receiver.got.some((g) => g.eventId === e2 && g.status === 503));
      const first = await until('e2 attempt recorded', async () => {
        const d = await call('GET', `/tenants/${tid}/webhooks/${wid}/deliveries`);
        return d.body.items.find((a: any) => a.eventId === e2);
      });
      // e2 was tried once: it has a day of retries ahead, not a give-up inherited from e1's first attempt.
      expect(first.status, JSON.stringify(first)).toBe('failed');
      expect(e1).not.toBe(e2);
    } finally {
      await receiver.stop();
    }
  });
});
