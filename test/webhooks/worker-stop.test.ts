// A stop of the delivery worker waits for a polling round under way, and that round starts nothing
// once the stop has begun: the database closes right after the worker's stop.
import { beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/services.js';
import { World } from '../helpers/world.js';
import { HeldAnswer } from '../helpers/held-answer.js';
import { newId } from '../../src/domain/ids.js';
import { Store } from '../../src/store/store.js';
import { WebhookWorker } from '../../src/webhooks/worker.js';
import { FAST } from './receiver.js';

describe.each(DIALECTS)('stopping the webhook worker on %s', (dialect) => {
  const world = World.forSuite(dialect);
  // The server's own worker would deliver the endpoint below: only the worker under test may see it.
  beforeAll(async () => { await world.server.webhooks.stop(); });

  it('waits for a round under way, which then claims no endpoint and starts no delivery', async () => {
    const tid = await world.tenant(); // tenant.created: the endpoint has an event waiting
    const now = new Date().toISOString();
    const id = newId('whk');
    const { store } = world.server.ctx;
    await store.db.insertInto('webhooks').values({
      id, tenant_id: tid, url: 'https://127.0.0.1/hook', description: null, event_types: '["*"]', secret: 'x', enabled: 1,
      cursor_seq: 0, attempt: 0, first_attempt_at: null, next_attempt_at: null, claimed_by: null, claimed_until: null, created_at: now, updated_at: now,
    }).execute();

    const held = new HeldAnswer();
    const adapter = (store as unknown as { adapter: ConstructorParameters<typeof Store>[0] }).adapter;
    const ctx = { ...world.server.ctx, store: new Store({ ...adapter, db: adapter.db.withPlugin(held) }) };
    const errors: string[] = [];
    const worker = new WebhookWorker(ctx, { ...FAST, onError: (_err, what) => errors.push(what) });

    // The round's query for due endpoints has its answer (this endpoint) when the stop begins.
    const answered = held.holdNext();
    const order: string[] = [];
    const round = worker.tick().then(() => order.push('round ended'));
    await answered;
    held.stopBegun = true;
    const stopped = worker.stop().then(() => order.push('stopped'));
    held.release();
    await Promise.all([round, stopped]);

    expect(order).toEqual(['round ended', 'stopped']);
    expect(held.sentAfterStop).toEqual([]);
    expect(errors).toEqual([]);
    const row = await store.db.selectFrom('webhooks').select(['claimed_by', 'cursor_seq']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ claimed_by: null, cursor_seq: 0 });
  });
});
