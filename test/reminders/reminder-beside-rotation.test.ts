// An expiry-reminder pass racing the owner's rotation of a listed key: the pass lists its candidates,
// the key is rotated (grace 0: it ends at once, its successor carries on), then the pass reminds.
// The reminder must not be raised for a key that was rotated (or is no longer expiring then).
import { beforeAll, describe, expect, it } from 'vitest';
import type { RootOperationNode } from 'kysely';
import { World } from '../helpers/world.js';
import { DIALECTS } from '../helpers/services.js';
import { HeldAnswer } from '../helpers/held-answer.js';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openStore, Store } from '../../src/store/store.js';
import { TEST_DATABASE_URL } from '../helpers/services.js';
import { runExpiryReminders } from '../../src/services/reminders.js';

const selectsKeys = (node: RootOperationNode) => node.kind === 'SelectQueryNode' && JSON.stringify(node).includes('"api_keys"');

describe.each(DIALECTS)('expiry reminder vs rotation on %s', (dialect) => {
  const world = World.forSuite(dialect);
  let adminId: string;

  beforeAll(async () => {
    await world.server.reminders.stop();
    adminId = (await world.call('GET', '/auth/me', { as: world.admin })).body.user.id;
  });

  it('raises no key.expiring for a key rotated between the listing and the reminder', async () => {
    const tid = await world.tenantWithKeys({ maxActiveKeysPerUser: 50, expiryReminderDays: 7 });
    expect((await world.grant(tid, adminId, ['tenant_admin', 'developer'], true)).status).toBe(200);
    const old = (await world.createKey(tid, world.admin, { expiresInDays: 3 })).key;

    const held = new HeldAnswer();
    // The pass runs as another node would: its own connection to the same database.
    const schema = dialect === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(world.server.ctx.store.db)).rows[0].s : undefined;
    const url = dialect === 'postgres' ? TEST_DATABASE_URL! : `sqlite:${join(world.server.dataDir, 'keywarden.db')}`;
    const store = await openStore({ url, pgSchema: schema });
    const adapter = (store as unknown as { adapter: ConstructorParameters<typeof Store>[0] }).adapter;
    const ctx = { ...world.server.ctx, store: new Store({ ...adapter, db: adapter.db.withPlugin(held) }) };

    const listed = held.holdNext(selectsKeys);
    const pass = runExpiryReminders(ctx);
    await listed; // the pass has its candidates, the old key among them

    const rotated = await world.call('POST', `/tenants/${tid}/keys/${old.id}/rotate`, { as: world.admin, body: { gracePeriodSeconds: 0 } });
    expect(rotated.status).toBe(201);
    held.release();
    await pass;
    await store.close();

    const events = await world.events(tid, '&type=key.expiring');
    const oldKey = (await world.call('GET', `/tenants/${tid}/keys/${old.id}`, { as: world.admin })).body;
    expect(oldKey.rotatedTo).toBe(rotated.body.key.id);
    // The old key has ended (rotated, grace 0); a reminder that it expires in 3 days is false.
    expect(events.filter((e) => e.keyId === old.id), JSON.stringify(events)).toEqual([]);
  });
});
