// Which endpoints a delivery round takes first is the same on both databases: nulls last.
import { beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/services.js';
import { World } from '../helpers/world.js';
import { newId } from '../../src/domain/ids.js';
import { dueWebhooks } from '../../src/webhooks/worker.js';

describe.each(DIALECTS)('due webhook endpoints on %s', (dialect) => {
  const world = World.forSuite(dialect);
  // Rows are written straight to the table: no worker may pick them up and try to deliver.
  beforeAll(async () => { await world.server.webhooks.stop(); });

  async function endpoint(tid: string, nextAttemptAt: string | null): Promise<string> {
    const id = newId('whk');
    const now = new Date().toISOString();
    await world.server.ctx.store.db.insertInto('webhooks').values({
      id, tenant_id: tid, url: 'https://127.0.0.1/hook', description: null, event_types: '["*"]', secret: 'x', enabled: 1,
      cursor_seq: 0, attempt: nextAttemptAt ? 1 : 0, first_attempt_at: nextAttemptAt, next_attempt_at: nextAttemptAt,
      claimed_by: null, claimed_until: null, created_at: now, updated_at: now,
    }).execute();
    return id;
  }

  it('takes the endpoints waiting for a retry first, oldest retry first, and never-failed ones after them', async () => {
    const tid = await world.tenant(); // tenant.created: every endpoint of it has an event waiting
    const fresh = await endpoint(tid, null);
    const later = await endpoint(tid, '2026-01-02T00:00:00.000Z');
    const earlier = await endpoint(tid, '2026-01-01T00:00:00.000Z');
    const now = '2026-06-01T00:00:00.000Z';
    const all = await dueWebhooks(world.server.ctx.store.db, now, 100);
    expect(all.filter((id) => [fresh, later, earlier].includes(id))).toEqual([earlier, later, fresh]);
    expect(await dueWebhooks(world.server.ctx.store.db, now, 1)).toEqual([earlier]);
  });
});
