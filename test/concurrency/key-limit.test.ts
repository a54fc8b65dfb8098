// The key policy under concurrency (DESIGN "Creating a key"): parallel creates never pass the
// active-key limit, and a policy change committed while a create waits is the one that create obeys.
import { describe, expect, it } from 'vitest';
import { DIALECTS, TEST_DATABASE_URL } from '../helpers/services.js';
import { holdTransaction } from '../helpers/pg-hold.js';
import { World } from '../helpers/world.js';

const statusesOf = (responses: { status: number; body: any }[]) =>
  responses.map((r) => (r.status >= 400 ? `${r.status} ${r.body.error.code}` : String(r.status))).sort();

describe.each(DIALECTS)('the key limit under parallel creates on %s', (dialect) => {
  const world = World.forSuite(dialect);

  it('gives exactly maxActiveKeysPerUser keys to 50 parallel creates and answers the rest 409 KEY_LIMIT_REACHED', async () => {
    const tid = await world.tenantWithKeys({ maxActiveKeysPerUser: 5 });
    const dev = await world.member(tid);
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      world.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: `parallel ${i}` } })));
    expect(statusesOf(answers)).toEqual([...Array(5).fill('201'), ...Array(45).fill('409 KEY_LIMIT_REACHED')]);
    const listed = await world.call('GET', `/tenants/${tid}/keys?status=active`, { as: dev.as });
    expect(listed.body.items).toHaveLength(5);
  });

  it('holds the limit when an admin\'s creates for a member race the member\'s own', async () => {
    const tid = await world.tenantWithKeys({ maxActiveKeysPerUser: 3 });
    const dev = await world.member(tid);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => world.call('POST', `/tenants/${tid}/keys`, i % 2
      ? { as: dev.as, body: { name: `own ${i}` } }
      : { as: world.admin, body: { name: `for ${i}`, ownerId: dev.id } })));
    expect(statusesOf(answers)).toEqual([...Array(3).fill('201'), ...Array(17).fill('409 KEY_LIMIT_REACHED')]);
  });
});

describe.skipIf(!TEST_DATABASE_URL)('a policy change committed while a create waits, on PostgreSQL', () => {
  const world = World.forSuite('postgres');

  /** Holds the tenant's row with new settings written but not committed, as PATCH /settings does. */
  async function holdSettings(tid: string, patch: Record<string, unknown>) {
    const held = await holdTransaction(world.server.schema!);
    const { rows } = await held.query('select settings from tenants where id = $1 for update', [tid]);
    await held.query('update tenants set settings = $2 where id = $1', [tid, JSON.stringify({ ...JSON.parse(rows[0].settings), ...patch })]);
    return held;
  }

  it('answers 403 API_KEYS_DISABLED when keys are switched off while the create waits', async () => {
    const tid = await world.tenantWithKeys();
    const dev = await world.member(tid);
    const held = await holdSettings(tid, { apiKeysEnabled: false });
    const create = world.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: 'late' } });
    await held.blocksAnother();
    await held.commit();
    const res = await create;
    expect(res.status, JSON.stringify(res.body)).toBe(403);
    expect(res.body.error.code).toBe('API_KEYS_DISABLED');
  });

  it('answers 409 KEY_LIMIT_REACHED when the limit is lowered while the create waits', async () => {
    const tid = await world.tenantWithKeys({ maxActiveKeysPerUser: 5 });
    const dev = await world.member(tid);
    await world.createKey(tid, dev.as);
    const held = await holdSettings(tid, { maxActiveKeysPerUser: 1 });
    const create = world.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: 'late' } });
    await held.blocksAnother();
    await held.commit();
    const res = await create;
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body.error.code).toBe('KEY_LIMIT_REACHED');
  });

  it('answers 403 API_KEYS_DISABLED to a rotation when keys are switched off while it waits', async () => {
    const tid = await world.tenantWithKeys();
    const dev = await world.member(tid);
    const { key } = await world.createKey(tid, dev.as);
    const held = await holdSettings(tid, { apiKeysEnabled: false });
    const rotate = world.call('POST', `/tenants/${tid}/keys/${key.id}/rotate`, { as: dev.as, body: {} });
    await held.blocksAnother();
    await held.commit();
    const res = await rotate;
    expect(res.status, JSON.stringify(res.body)).toBe(403);
    expect(res.body.error.code).toBe('API_KEYS_DISABLED');
  });
});
