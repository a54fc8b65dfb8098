// Usage metering (DESIGN v1.1 "Usage metering"): what POST /verify counts, per key, hour and day,
// with the credits spent, compared with SQL sums of the stored rows; what is not counted (the
// management API, dry runs); and two nodes on one PostgreSQL adding to the same rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS } from '../helpers/services.js';
import { createKey, startNode, verifyOn, type VerifyNode } from '../verify/nodes.js';
import { clockedServer, type Clocked } from './helpers.js';
import type { KeyEntry } from '../../src/verify/decide.js';

const START = '2026-12-31T23:58:00.000Z';

async function sums(node: VerifyNode, table: 'key_usage' | 'key_usage_daily', tenantId: string) {
  const { rows } = await sql<{ valid: number; failed: number }>`select cast(coalesce(sum(valid), 0) as bigint) as valid,
    cast(coalesce(sum(failed), 0) as bigint) as failed from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(node.ctx.store.db);
  return { valid: Number(rows[0].valid), failed: Number(rows[0].failed) };
}

describe.each(DIALECTS)('usage metering on %s', (dialect) => {
  let c: Clocked;
  beforeAll(async () => { c = await clockedServer(dialect, START); });
  afterAll(async () => { await c?.server.stop(); });

  it('stores as many valid and failed verifications as were answered, hourly and daily, and the credits spent', async () => {
    const { server, team } = c;
    c.at(START);
    const plain = await createKey(server.api, team);
    const credited = await createKey(server.api, team, { remaining: 1000 });
    let valid = 0;
    let failed = 0;
    let spent = 0;
    // Across an hour, a day, a month and a year's end.
    for (const at of ['2026-12-31T23:58:00.000Z', '2026-12-31T23:59:59.999Z', '2027-01-01T00:00:00.000Z', '2027-01-01T00:01:00.000Z']) {
      c.at(at);
      for (const [key, cost] of [[plain, undefined], [credited, 3], [credited, 0]] as const) {
        const body = cost === undefined ? undefined : { cost };
        if ((await verifyOn(server.api, key.secret, body)).body.valid) valid++;
        if (key === credited && cost) spent += cost;
      }
      expect((await verifyOn(server.api, plain.secret, { permission: 'admin' })).body.code).toBe('FORBIDDEN');
      failed++;
      // A dry run counts nothing, valid or not.
      expect((await verifyOn(server.api, credited.secret, { dryRun: true, cost: 5 })).body.valid).toBe(true);
      expect((await verifyOn(server.api, plain.secret, { dryRun: true, permission: 'admin' })).body.code).toBe('FORBIDDEN');
    }
    await server.verifier.flush();
    expect(await sums(server, 'key_usage', team.tid)).toEqual({ valid, failed });
    expect(await sums(server, 'key_usage_daily', team.tid)).toEqual({ valid, failed });
    const hours = await server.ctx.store.db.selectFrom('key_usage').select('bucket').where('tenant_id', '=', team.tid).distinct().orderBy('bucket').execute();
    expect(hours.map((h) => h.bucket)).toEqual(['2026-12-31T23:00:00.000Z', '2027-01-01T00:00:00.000Z']);
    const spentRows = await server.ctx.store.db.selectFrom('key_usage_daily_spent').select(['key_id', 'name', 'amount', 'bucket'])
      .where('tenant_id', '=', team.tid).orderBy('bucket').execute();
    expect(spentRows.map((r) => [r.key_id, r.name, Number(r.amount), r.bucket])).toEqual([
      [credited.id, 'remaining', 6, '2026-12-31T00:00:00.000Z'], [credited.id, 'remaining', 6, '2027-01-01T00:00:00.000Z'],
    ]);

    // The API answers the same, per hour, day and month, with the tenant's buckets aligned to UTC.
    const usage = (q: string) => server.api.call('GET', `/tenants/${team.tid}/usage?${q}`, { as: team.admin });
    const daily = await usage('interval=day&since=2026-12-31T12:00:00.000Z&until=2027-01-01T00:02:00.000Z');
    expect(daily.status).toBe(200);
    expect(daily.body).toMatchObject({ interval: 'day', nextCursor: null });
    expect(daily.body.items).toEqual([
      { at: '2026-12-31T00:00:00.000Z', tenantId: team.tid, valid: valid / 2, failed: failed / 2, spent: { remaining: 6 } },
      { at: '2027-01-01T00:00:00.000Z', tenantId: team.tid, valid: valid / 2, failed: failed / 2, spent: { remaining: 6 } },
    ]);
    const monthly = await usage('interval=month&since=2026-12-01T00:00:00.000Z&until=2027-01-02T00:00:00.000Z');
    expect(monthly.body.items.map((i: any) => [i.at, i.valid, i.spent.remaining])).toEqual([
      ['2026-12-01T00:00:00.000Z', valid / 2, 6], ['2027-01-01T00:00:00.000Z', valid / 2, 6],
    ]);
    const byKey = await usage('interval=hour&groupBy=key&since=2026-12-31T23:00:00.000Z&until=2027-01-01T01:00:00.000Z');
    const total = (keyId: string, field: 'valid' | 'failed') => byKey.body.items.filter((i: any) => i.keyId === keyId).reduce((n: number, i: any) => n + i[field], 0);
    expect(total(plain.id, 'valid')).toBe(4);
    expect(total(plain.id, 'failed')).toBe(4);
    expect(total(credited.id, 'valid')).toBe(8);
    expect(byKey.body.items.every((i: any) => i.ownerId === team.devId)).toBe(true);
    const byOwner = await usage('interval=day&groupBy=owner&since=2026-12-31T00:00:00.000Z&until=2027-01-02T00:00:00.000Z');
    expect(byOwner.body.items.map((i: any) => [i.ownerId, i.valid])).toEqual([[team.devId, valid / 2], [team.devId, valid / 2]]);
    // Keys carry the valid verifications of the last 24 hours.
    const read = await server.api.call('GET', `/tenants/${team.tid}/keys/${credited.id}`, { as: team.admin });
    expect(read.body).toMatchObject({ usage24h: 8, usageCount: 8, remaining: 1000 - spent });
  });

  it('counts nothing for the management API, and moves the key\'s last use', async () => {
    const { server, team } = c;
    const management = await createKey(server.api, team, { management: true }, team.dev);
    for (let i = 0; i < 3; i++) {
      expect((await server.api.call('GET', `/tenants/${team.tid}/keys`, { as: { key: management.secret } })).status).toBe(200);
    }
    await server.verifier.flush();
    const read = await server.api.call('GET', `/tenants/${team.tid}/keys/${management.id}`, { as: team.admin });
    expect(read.body).toMatchObject({ usageCount: 0, usage24h: 0 });
    expect(read.body.lastUsedAt).not.toBeNull();
    for (const table of ['key_usage', 'key_usage_daily'] as const) {
      expect(await server.ctx.store.db.selectFrom(table).select('key_id').where('key_id', '=', management.id).execute()).toEqual([]);
    }
  });

  it('meters what named limits spend through recordSpent, per name', async () => {
    const { server, team } = c;
    const key = await createKey(server.api, team);
    const entry = { id: key.id, tenantId: team.tid, ownerId: team.devId } as KeyEntry;
    server.verifier.usage.recordSpent(entry, c.nowMs(), 'tokens', 40);
    server.verifier.usage.recordSpent(entry, c.nowMs(), 'tokens', 2);
    server.verifier.usage.recordSpent(entry, c.nowMs(), 'calls', 1);
    await server.verifier.flush();
    const res = await server.api.call('GET', `/tenants/${team.tid}/usage?interval=hour&groupBy=key&since=${new Date(c.nowMs() - 3_600_000).toISOString()}`, { as: team.admin });
    const hour = new Date(c.nowMs() - (c.nowMs() % 3_600_000)).toISOString();
    const item = res.body.items.find((i: any) => i.keyId === key.id && i.at === hour);
    expect(item.spent).toEqual({ tokens: 42, calls: 1 });
  });
});

describe.runIf(DIALECTS.includes('postgres'))('two nodes sharing PostgreSQL', () => {
  let first: Clocked;
  let second: VerifyNode;
  beforeAll(async () => {
    first = await clockedServer('postgres', '2026-12-03T10:15:00.000Z');
    second = await startNode('postgres', { pgSchema: first.server.schema, env: { KEYWARDEN_FLUSH_INTERVAL: '1h' }, now: () => new Date(first.nowMs()) });
  });
  afterAll(async () => {
    await second?.stop();
    await first?.server.stop();
  });

  it('adds both nodes\' counts and spends to the same rows', async () => {
    const { server, team } = first;
    const key = await createKey(server.api, team, { remaining: 500 });
    for (let i = 0; i < 7; i++) expect((await verifyOn(server.api, key.secret, { cost: 2 })).body.valid).toBe(true);
    for (let i = 0; i < 5; i++) expect((await verifyOn(second.api, key.secret, { cost: 2 })).body.valid).toBe(true);
    await verifyOn(second.api, key.secret, { permission: 'admin' });
    await Promise.all([server.verifier.flush(), second.verifier.flush()]);
    // The same again: each flush adds, none overwrites.
    await verifyOn(second.api, key.secret, { cost: 2 });
    await second.verifier.flush();
    expect(await sums(server, 'key_usage', team.tid)).toEqual({ valid: 13, failed: 1 });
    const res = await second.api.call('GET', `/tenants/${team.tid}/usage?interval=hour&groupBy=key&since=2026-12-03T10:00:00.000Z&until=2026-12-03T11:00:00.000Z`, { as: await second.api.login('admin@example.test', 'admin-password-1') });
    expect(res.body.items).toEqual([{ at: '2026-12-03T10:00:00.000Z', tenantId: team.tid, keyId: key.id, ownerId: team.devId, valid: 13, failed: 1, spent: { remaining: 26 } }]);
  });
});
