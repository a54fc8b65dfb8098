// Paging the audit trail while writers append (DESIGN "Durability and consistency"): a reader
// never misses or repeats an event that existed when it read the first page, including events
// appended meanwhile by a node whose clock is behind.
import { describe, expect, it } from 'vitest';
import { appendEvents, SYSTEM_ORIGIN } from '../../src/audit/events.js';
import { verifyChains } from '../../src/audit/verify-chain.js';
import { DIALECTS } from '../helpers/services.js';
import { unique, World } from '../helpers/world.js';

const HOUR_MS = 3_600_000;

describe.each(DIALECTS)('event paging while writers append on %s', (dialect) => {
  const world = World.forSuite(dialect);

  /** Appends events as another node would whose clock is an hour behind this one's. */
  const appendFromSlowNode = (tenantId: string | null, n: number) => world.server.ctx.store.write((trx) =>
    appendEvents(world.server.ctx.store, trx, SYSTEM_ORIGIN,
      Array.from({ length: n }, (_, i) => ({ tenantId, type: 'resource.updated', details: { slow: i } })), new Date(Date.now() - HOUR_MS)));

  async function idsNow(tenantId: string | null): Promise<Set<string>> {
    const rows = await world.server.ctx.store.db.selectFrom('events').select('id')
      .where('tenant_id', tenantId === null ? 'is' : '=', tenantId).execute();
    return new Set(rows.map((r) => r.id));
  }

  /** Reads the rest of a list from a cursor. */
  async function readRest(path: string, cursor: string | null): Promise<string[]> {
    const ids: string[] = [];
    while (cursor !== null) {
      const res = await world.call('GET', `${path}${path.includes('?') ? '&' : '?'}limit=4&cursor=${encodeURIComponent(cursor)}`, { as: world.admin });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      ids.push(...res.body.items.map((e: any) => e.id));
      cursor = res.body.nextCursor;
    }
    return ids;
  }

  it('gives a tenant admin exactly the events there were at the first page', async () => {
    const tid = await world.tenant();
    for (let i = 0; i < 10; i++) await world.call('PATCH', `/tenants/${tid}/settings`, { as: world.admin, body: { expiryReminderDays: i + 1 } });
    const first = await world.call('GET', `/tenants/${tid}/events?limit=4`, { as: world.admin });
    const existed = await idsNow(tid);
    await appendFromSlowNode(tid, 5);
    for (let i = 0; i < 3; i++) await world.call('PATCH', `/tenants/${tid}/settings`, { as: world.admin, body: { expiryReminderDays: 20 + i } });
    const read = [...first.body.items.map((e: any) => e.id), ...await readRest(`/tenants/${tid}/events`, first.body.nextCursor)];
    expect(read).toHaveLength(existed.size);
    expect(new Set(read)).toEqual(existed);
    expect((await verifyChains(world.server.ctx.store)).problems).toEqual([]);
  });

  it('gives a platform admin exactly the platform events there were at the first page', async () => {
    for (let i = 0; i < 6; i++) await world.user();
    const first = await world.call('GET', '/events?limit=4', { as: world.admin });
    const existed = await idsNow(null);
    await appendFromSlowNode(null, 5);
    await world.user({ email: `late-${unique()}@example.test` });
    const read = [...first.body.items.map((e: any) => e.id), ...await readRest('/events', first.body.nextCursor)];
    expect(read).toHaveLength(existed.size);
    expect(new Set(read)).toEqual(existed);
  });

  it('lists a chain newest first by its sequence, with times that never go back', async () => {
    const tid = await world.tenant();
    await appendFromSlowNode(tid, 3);
    await world.call('PATCH', `/tenants/${tid}/settings`, { as: world.admin, body: { expiryReminderDays: 3 } });
    const items = (await world.call('GET', `/tenants/${tid}/events?limit=50`, { as: world.admin })).body.items;
    expect(items.map((e: any) => e.type)).toEqual(['settings.updated', 'resource.updated', 'resource.updated', 'resource.updated', 'member.granted', 'tenant.created']);
    const times = items.map((e: any) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
  });
});
