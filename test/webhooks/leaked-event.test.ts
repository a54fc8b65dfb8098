// key.leaked goes out through webhooks like every event (DESIGN v1.1 "Leak reports").
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { World } from '../helpers/world.js';
import { DIALECTS } from '../helpers/services.js';
import type { TestServer } from '../helpers/server.js';
import type { WebhookWorker } from '../../src/webhooks/worker.js';
import { fastWorker, Receiver, until } from './receiver.js';

describe.each(DIALECTS)('key.leaked through webhooks on %s', (dialect) => {
  const world = World.forSuite(dialect);
  let worker: WebhookWorker;
  let receiver: Receiver | undefined;
  beforeAll(async () => { worker = await fastWorker(world.server as TestServer); });
  afterEach(async () => { await receiver?.stop(); });
  afterAll(async () => { await worker?.stop(); });

  it('delivers key.leaked (and the key.revoked it causes) to an endpoint that asks for them', async () => {
    receiver = await Receiver.start();
    const tid = await world.tenantWithKeys();
    const dev = await world.member(tid);
    const { key, secret } = await world.createKey(tid, dev.as);
    const hook = await world.call('POST', `/tenants/${tid}/webhooks`, { as: world.admin, body: { url: receiver.url, eventTypes: ['key.leaked', 'key.revoked'] } });
    expect(hook.status).toBe(201);
    const res = await world.call('POST', '/leaks', { body: { keys: [secret], source: 'a paste', url: 'https://paste.example/1' } });
    expect(res.status).toBe(202);
    const got = await until('two deliveries', () => receiver!.received.length >= 2 && receiver!.received);
    expect(got.map((r) => r.event.type)).toEqual(['key.leaked', 'key.revoked']);
    expect(got[0].event).toMatchObject({ keyId: key.id, actor: { type: 'system', id: null }, details: { source: 'a paste', url: 'https://paste.example/1', count: 1 } });
    expect(got[1].event.details).toEqual({ reason: 'leaked' });
  });
});
