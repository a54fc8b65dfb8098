// One tenant admin's webhook host names must not starve other tenants' deliveries. Found by an
// attacker-side review: the production resolver (`systemResolver`) let one name lookup run at a time
// on the whole node, with 32 waiting, and a waiter that timed out stayed in line; a tenant admin whose
// DNS never answers sent 33 registrations, and from then on every other tenant's delivery failed with
// `dns` (and their registrations with 400). The node's lookups are now shared fairly by tenant.
//
// node:dns/promises is replaced below, so no DNS query leaves the machine: `*.attacker.test` never
// answers (a silent authoritative server), every other name answers 127.0.0.1 (the test receiver).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const dns = vi.hoisted(() => ({ asked: [] as string[] }));
vi.mock('node:dns/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:dns/promises')>();
  const lookup = (hostname: string) => {
    dns.asked.push(hostname);
    if (hostname.endsWith('.attacker.test')) return new Promise(() => {}); // never answered
    return Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
  };
  return { ...actual, lookup, default: { ...actual, lookup } };
});

import { World } from '../helpers/world.js';
import { systemResolver } from '../../src/webhooks/resolver.js';
import type { WebhookWorker } from '../../src/webhooks/worker.js';
import { fastWorker, Receiver, until } from '../webhooks/receiver.js';

describe('webhook name lookups are shared by all tenants (sqlite)', () => {
  // The production resolver, exactly as server.ts uses it when no test resolver is given.
  const world = World.forSuite('sqlite', { KEYWARDEN_WEBHOOK_ALLOW: 'loopback' }, { resolver: systemResolver });
  let worker: WebhookWorker;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await Receiver.start();
    worker = await fastWorker(world.server, { timeoutMs: 8000 });
  });
  afterAll(async () => {
    await worker?.stop();
    await receiver?.stop();
  });

  it("leaves other tenants' deliveries and registrations working while a tenant admin's names never answer", async () => {
    // Victim tenant B: a working receiver, registered while all is well.
    const victim = await world.tenant();
    const port = new URL(receiver.url).port;
    const hook = await world.call('POST', `/tenants/${victim}/webhooks`, {
      as: world.admin, body: { url: `http://hooks.victim.test:${port}/hooks`, eventTypes: ['settings.updated'] },
    });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const wid = hook.body.webhook.id as string;

    // Attacker: tenant admin of tenant A only. 33 registrations naming hosts under their silent DNS.
    const attackerTenant = await world.tenant();
    const attacker = await world.member(attackerTenant, ['tenant_admin']);
    const answers = await Promise.all(Array.from({ length: 33 }, (_, i) => world.call('POST', `/tenants/${attackerTenant}/webhooks`, {
      as: attacker.as, body: { url: `https://h${i}.attacker.test/`, eventTypes: ['*'] },
    })));
    // Every attacker request has been answered 400: at once past its tenant's line, the rest after the 5 s timeout.
    expect(answers.map((a) => a.status)).toEqual(Array(33).fill(400));

    // Victim tenant: one event, delivered by the worker.
    expect((await world.call('PATCH', `/tenants/${victim}/settings`, { as: world.admin, body: { maxActiveKeysPerUser: 7 } })).status).toBe(200);
    const attempts = await until('a recorded attempt', async () => {
      const res = await world.call('GET', `/tenants/${victim}/webhooks/${wid}/deliveries`, { as: world.admin });
      return res.body.items.length > 0 && res.body.items;
    }, 8000);
    const first = attempts.at(-1);
    // Another tenant's registration is refused too.
    const other = await world.tenant();
    const reg = await world.call('POST', `/tenants/${other}/webhooks`, {
      as: world.admin, body: { url: `http://other.victim.test:${port}/hooks`, eventTypes: ['settings.updated'] },
    });

    expect(first).toMatchObject({ status: 'succeeded', error: null });
    expect(receiver.received).toHaveLength(1);
    expect(reg.status).toBe(201);
  }, 40_000);
});
