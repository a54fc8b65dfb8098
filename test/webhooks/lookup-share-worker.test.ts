// A tenant with 12 webhook endpoints (the default quota is 20) and one event (found by a review: its
// line of 8 lookups refused the rest as `dns` failures): the delivery worker
// serves every due endpoint at once, and with the production resolver (systemResolver) each
// endpoint's lookup of its host name goes through the tenant's share of name lookups.
// node:dns/promises is replaced: no DNS query leaves the machine; every name answers 127.0.0.1, the
// first one only once the test lets it (a lookup slower than the worker's few reads of the database).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const dns = vi.hoisted(() => ({ holdNext: false, release: () => {} }));
vi.mock('node:dns/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:dns/promises')>();
  const answer = [{ address: '127.0.0.1', family: 4 }];
  const lookup = () => (dns.holdNext && !(dns.holdNext = false) ? new Promise((resolve) => { dns.release = () => resolve(answer); }) : Promise.resolve(answer));
  return { ...actual, lookup, default: { ...actual, lookup } };
});

import { World } from '../helpers/world.js';
import { systemResolver } from '../../src/webhooks/resolver.js';
import { WebhookWorker } from '../../src/webhooks/worker.js';
import { FAST, Receiver, until } from '../webhooks/receiver.js';
import { FairGate } from '../../src/services/fair-gate.js';

describe('a tenant with many endpoints (sqlite)', () => {
  const world = World.forSuite('sqlite', { KEYWARDEN_WEBHOOK_ALLOW: 'loopback' }, { resolver: systemResolver });
  let receiver: Receiver;
  beforeAll(async () => { receiver = await Receiver.start(); });
  afterAll(async () => { await receiver?.stop(); });

  it('delivers one event to each of its 12 healthy endpoints at the first attempt', async () => {
    await world.server.webhooks.stop();
    const errors: unknown[] = [];
    const worker = new WebhookWorker(world.server.ctx, { ...FAST, onError: (err) => errors.push(err) });
    const tid = await world.tenant();
    const port = new URL(receiver.url).port;
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await world.call('POST', `/tenants/${tid}/webhooks`, {
        as: world.admin, body: { url: `http://hook${i}.busy.test:${port}/hooks`, eventTypes: ['settings.updated'] },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids.push(res.body.webhook.id);
    }
    expect((await world.call('PATCH', `/tenants/${tid}/settings`, { as: world.admin, body: { maxActiveKeysPerUser: 7 } })).status).toBe(200);
    dns.holdNext = true;
    const run = vi.spyOn(FairGate.prototype, 'run');
    const round = worker.runOnce();
    // Every endpoint's delivery has asked for its lookup (the first one still unanswered).
    await until('12 lookups asked', () => run.mock.calls.length >= 12);
    dns.release();
    await round;
    await worker.stop();
    const firstAttempts = await Promise.all(ids.map(async (wid) => {
      const res = await world.call('GET', `/tenants/${tid}/webhooks/${wid}/deliveries`, { as: world.admin });
      const first = res.body.items.at(-1);
      return first ? `${first.status}${first.error ? `:${first.error}` : ''}` : 'none';
    }));
    expect(firstAttempts).toEqual(Array(12).fill('succeeded'));
    expect(errors).toEqual([]);
  }, 30_000);
});
