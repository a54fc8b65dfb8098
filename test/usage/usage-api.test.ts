// The usage routes: who may read them, the ranges they refuse, CSV, paging by group, the top keys,
// the retention job, and keys' usage24h with the key list's sort by it. The clock is injected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/services.js';
import { World } from '../helpers/world.js';
import { ADMIN } from '../helpers/server.js';
import { createKey, setUpTeam, verifyOn, type Team } from '../verify/nodes.js';
import { clockedServer, csvRecords, type Clocked } from './helpers.js';
import { pruneUsage } from '../../src/services/usage-retention.js';
import { tenantUsageExport, type UsagePage } from '../../src/services/usage.js';
import { usageCsv } from '../../src/http/usage-csv.js';

const NOW = '2026-12-03T10:30:00.000Z';
const DAY = 86_400_000;

describe.each(DIALECTS)('usage routes on %s', (dialect) => {
  let c: Clocked;
  let world: World;
  beforeAll(async () => {
    c = await clockedServer(dialect, NOW);
    world = await World.on(c.server);
  });
  afterAll(async () => { await c?.server.stop(); });

  const get = (path: string, as = c.team.admin, headers: Record<string, string> = {}) => c.server.api.call('GET', path, { as, headers });

  async function usedTeam(counts: number[]): Promise<{ team: Team; keys: { id: string; secret: string }[] }> {
    const team = await setUpTeam(c.server);
    const keys = [];
    for (const n of counts) {
      const key = await createKey(c.server.api, team, { remaining: 100 });
      for (let i = 0; i < n; i++) await verifyOn(c.server.api, key.secret);
      keys.push(key);
    }
    await c.server.verifier.flush();
    return { team, keys };
  }

  it('lets only tenant admins read a tenant\'s usage, and only platform admins every tenant\'s', async () => {
    const { team } = await usedTeam([1]);
    const other = await world.tenantWithKeys();
    const otherAdmin = await world.member(other, ['tenant_admin', 'developer']);
    expect((await get(`/tenants/${team.tid}/usage`)).status).toBe(200);
    expect((await get(`/tenants/${team.tid}/usage`, team.dev)).status).toBe(403);
    expect((await get(`/tenants/${team.tid}/usage/top`, team.dev)).status).toBe(403);
    expect((await get(`/tenants/${team.tid}/usage`, otherAdmin.as)).status).toBe(404);
    expect((await get(`/tenants/${team.tid}/usage/top`, otherAdmin.as)).status).toBe(404);
    expect((await get('/usage', otherAdmin.as)).status).toBe(403);
    expect((await get('/usage', team.dev)).status).toBe(403);
    expect((await c.server.api.call('GET', '/usage')).status).toBe(401);
    const all = await get('/usage?groupBy=tenant&limit=200');
    expect(all.status).toBe(200);
    expect(all.body.items.some((i: any) => i.tenantId === team.tid && i.valid === 1)).toBe(true);
    expect((await get('/usage?groupBy=key')).status).toBe(400);
    // A management key reads its tenant's usage with a tenant-wide admin scope, never every tenant's.
    const keyAdmin = await world.member(team.tid, ['tenant_admin', 'developer'], true);
    const adminKey = await world.createKey(team.tid, keyAdmin.as, { management: true, scopes: [{ resourceId: null, permission: 'admin' }] });
    const readKey = await world.createKey(team.tid, keyAdmin.as, { management: true });
    expect((await get(`/tenants/${team.tid}/usage`, { key: adminKey.secret })).status).toBe(200);
    expect((await get(`/tenants/${team.tid}/usage`, { key: readKey.secret })).status).toBe(403);
    expect((await get('/usage', { key: adminKey.secret })).status).toBe(403);
  });

  it('refuses ranges beyond what is kept and more than 1000 buckets per group', async () => {
    const tid = c.team.tid;
    const at = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();
    const refused = async (q: string, field: string) => {
      const res = await get(`/tenants/${tid}/usage?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details?.[0]?.field ?? res.body.error.message).toContain(field);
    };
    await refused(`interval=hour&since=${at(-36 * DAY)}`, '/since');
    await refused(`interval=day&since=${at(-401 * DAY)}`, '/since');
    await refused(`interval=month&since=${at(-420 * DAY)}`, '/since');
    await refused(`interval=hour&since=${at(-30 * DAY)}&until=${at(20 * DAY)}`, '/since');
    await refused(`since=${at(0)}&until=${at(-DAY)}`, '/until');
    await refused('cursor=nonsense', '/cursor');
    expect((await get(`/tenants/${tid}/usage?interval=hour&since=${at(-34 * DAY)}`)).status).toBe(200);
    expect((await get(`/tenants/${tid}/usage?interval=day&since=${at(-399 * DAY)}`)).status).toBe(200);
    expect((await get(`/tenants/${tid}/usage?interval=week`)).status).toBe(400);
    expect((await get(`/tenants/${tid}/usage/top?since=${at(-36 * DAY)}`)).status).toBe(400);
  });

  it('pages by group and answers every page as CSV with spent names as columns', async () => {
    const { team, keys } = await usedTeam([3, 1, 2]);
    const since = '2026-12-02T00:00:00.000Z';
    const pages: any[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const res = await get(`/tenants/${team.tid}/usage?groupBy=key&interval=day&since=${since}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      pages.push(res.body.items);
      cursor = res.body.nextCursor;
    }
    expect(pages.map((p) => p.length)).toEqual([4, 2]); // 2 keys × 2 days, then 1 key × 2 days
    const items = pages.flat();
    expect(new Set(items.map((i) => i.keyId))).toEqual(new Set(keys.map((k) => k.id)));
    const csv = await get(`/tenants/${team.tid}/usage?groupBy=key&interval=day&since=${since}&limit=1`, team.admin, { accept: 'text/csv' });
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toMatch(/^text\/csv/);
    const text = csv.body as string;
    expect(text.split('\r\n')[0]).toBe('at,tenantId,ownerId,keyId,valid,failed,spent.remaining');
    const records = csvRecords(text);
    expect(records).toHaveLength(6);
    for (const item of items) {
      expect(records).toContainEqual({
        at: item.at, tenantId: team.tid, ownerId: team.devId, keyId: item.keyId, valid: String(item.valid), failed: '0',
        'spent.remaining': String(item.spent.remaining ?? 0),
      });
    }
    const platform = csvRecords((await get(`/usage?interval=day&since=${since}`, team.admin, { accept: 'text/csv' })).body);
    expect(platform.filter((r) => r.tenantId === team.tid).map((r) => [r.at, r.valid, r.keyId])).toEqual([[since, '0', ''], ['2026-12-03T00:00:00.000Z', '6', '']]);
  });

  it('reads spent credits of any name, those of Object.prototype\'s members included, with the right sums', async () => {
    // Security review: `spent: {}` made a limit named `constructor` a 500 and `__proto__` vanish.
    // Such names are refused now, so the rows are written as a limit of that name made earlier would have.
    const { team, keys } = await usedTeam([2, 1]);
    const db = c.server.ctx.store.db;
    const day = '2026-12-03T00:00:00.000Z';
    const rows = [
      [keys[0].id, 'constructor', 5], [keys[0].id, '__proto__', 7], [keys[0].id, 'prototype', 1], [keys[1].id, 'constructor', 3], [keys[1].id, 'tostring', 2],
    ] as const;
    for (const table of ['key_usage_spent', 'key_usage_daily_spent'] as const) {
      for (const [keyId, name, amount] of rows) {
        await db.insertInto(table).values({ key_id: keyId, tenant_id: team.tid, owner_id: team.devId, bucket: table === 'key_usage_spent' ? '2026-12-03T10:00:00.000Z' : day, name, amount }).execute();
      }
    }
    const since = `since=${day}`;
    const byKey = await get(`/tenants/${team.tid}/usage?groupBy=key&interval=day&${since}`);
    expect(byKey.status, JSON.stringify(byKey.body)).toBe(200);
    const spentOf = (id: string) => byKey.body.items.find((i: any) => i.keyId === id).spent;
    expect(spentOf(keys[0].id)).toEqual(JSON.parse('{"remaining":2,"constructor":5,"__proto__":7,"prototype":1}'));
    expect(spentOf(keys[1].id)).toEqual({ remaining: 1, constructor: 3, tostring: 2 });
    const byTenant = await get(`/tenants/${team.tid}/usage?interval=hour&${since}`);
    expect(byTenant.status).toBe(200);
    const hour = byTenant.body.items.find((i: any) => i.at === '2026-12-03T10:00:00.000Z');
    expect(hour.spent).toEqual(JSON.parse('{"remaining":3,"constructor":8,"__proto__":7,"prototype":1,"tostring":2}'));
    const platform = await get(`/usage?interval=month&since=2026-12-01T00:00:00.000Z&limit=200`);
    expect(platform.status).toBe(200);
    expect(platform.body.items.find((i: any) => i.tenantId === team.tid).spent).toEqual(JSON.parse('{"remaining":3,"constructor":8,"__proto__":7,"prototype":1,"tostring":2}'));
    const csv = await get(`/tenants/${team.tid}/usage?interval=day&${since}`, team.admin, { accept: 'text/csv' });
    expect(csv.status).toBe(200);
    expect(csvRecords(csv.body)).toEqual([{
      at: day, tenantId: team.tid, ownerId: '', keyId: '', valid: '3', failed: '0',
      'spent.__proto__': '7', 'spent.constructor': '8', 'spent.prototype': '1', 'spent.remaining': '3', 'spent.tostring': '2',
    }]);
  });

  it('answers the same CSV whatever the page size, with every page\'s credits names as columns', async () => {
    const { team, keys } = await usedTeam([2, 1, 3]);
    const db = c.server.ctx.store.db;
    // Only the last key's group spends "tokens": the header must know it before the first page is written.
    const last = [...keys].sort((a, b) => (a.id < b.id ? -1 : 1))[2];
    await db.insertInto('key_usage_daily_spent').values({ key_id: last.id, tenant_id: team.tid, owner_id: team.devId, bucket: '2026-12-03T00:00:00.000Z', name: 'tokens', amount: 4 }).execute();
    const path = `/tenants/${team.tid}/usage?groupBy=key&interval=day&since=2026-12-02T00:00:00.000Z`;
    const csvOf = async (limit: number) => {
      const res = await get(`${path}&limit=${limit}`, team.admin, { accept: 'text/csv' });
      expect(res.status).toBe(200);
      return res.body as string;
    };
    const items: any[] = [];
    for (let cursor: string | null = ''; cursor !== null;) {
      const page: { body: UsagePage } = await get(`${path}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    }
    const expected = usageCsv(items);
    expect(expected.split('\r\n')[0]).toBe('at,tenantId,ownerId,keyId,valid,failed,spent.remaining,spent.tokens');
    expect(expected.split('\r\n')).toHaveLength(1 + 6 + 1);
    for (const limit of [1, 2, 200]) expect(await csvOf(limit), `limit ${limit}`).toBe(expected);
    // The platform's export too.
    const platform = async (limit: number) => (await get(`/usage?interval=day&since=2026-12-02T00:00:00.000Z&limit=${limit}`, team.admin, { accept: 'text/csv' })).body;
    expect(await platform(1)).toBe(await platform(200));
  });

  it('reads a CSV export page by page, as it is written, not all of it first', async () => {
    const { team } = await usedTeam([1, 1]);
    const { ctx } = c.server;
    const admin = await ctx.store.db.selectFrom('users').selectAll().where('is_platform_admin', '=', 1).executeTakeFirstOrThrow();
    const read = await tenantUsageExport(ctx, { user: admin, key: null }, team.tid, { groupBy: 'key', interval: 'day', since: '2026-12-03T00:00:00.000Z', limit: 1 });
    const seen: string[] = [];
    for await (const page of read.pages) {
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((i) => i.keyId!));
      if (seen.length === 1) {
        // Usage of a group that sorts last, written after the first page was read: a later page finds it.
        await ctx.store.db.insertInto('key_usage_daily').values({ key_id: 'key_zzzzzzzzzzzz', tenant_id: team.tid, owner_id: team.devId, bucket: '2026-12-03T00:00:00.000Z', valid: 9, failed: 0 }).execute();
      }
    }
    expect(seen).toHaveLength(3);
    expect(seen[2]).toBe('key_zzzzzzzzzzzz');
  });

  it('gives keys usage24h and sorts the key list by it, zeros included, with stable paging', async () => {
    const { team, keys } = await usedTeam([2, 0, 5, 2, 0]);
    const list = await get(`/tenants/${team.tid}/keys?sort=-usage24h&limit=200`);
    expect(list.body.items.map((k: any) => k.usage24h)).toEqual([5, 2, 2, 0, 0]);
    for (const sort of ['usage24h', '-usage24h']) {
      const all = (await get(`/tenants/${team.tid}/keys?sort=${sort}&limit=200`)).body.items.map((k: any) => k.id);
      const paged: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const res = await get(`/tenants/${team.tid}/keys?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        paged.push(...res.body.items.map((k: any) => k.id));
        cursor = res.body.nextCursor;
      }
      expect(paged).toEqual(all);
      expect(new Set(paged)).toEqual(new Set(keys.map((k) => k.id)));
    }
    // The window moves with the clock: 24 hours later the counts have left it (sessions too: sign in anew).
    c.at(Date.parse(NOW) + DAY);
    try {
      const admin = await c.server.api.login(ADMIN.email, ADMIN.password);
      expect((await get(`/tenants/${team.tid}/keys/${keys[2].id}`, admin)).body.usage24h).toBe(0);
    } finally {
      c.at(NOW);
    }
  });

  it('names the keys with the most valid and the most failed verifications today', async () => {
    const { team, keys } = await usedTeam([1, 4, 2]);
    for (let i = 0; i < 3; i++) await verifyOn(c.server.api, keys[0].secret, { permission: 'admin' });
    await c.server.verifier.flush();
    const valid = await get(`/tenants/${team.tid}/usage/top`);
    expect(valid.body.items.map((i: any) => [i.keyId, i.valid])).toEqual([[keys[1].id, 4], [keys[2].id, 2], [keys[0].id, 1]]);
    expect(valid.body.items[0]).toMatchObject({ ownerId: team.devId, name: 'verify test' });
    // The peak: the most valid verifications of one key in one minute, across flushes within it.
    expect(valid.body.peak).toEqual({ keyId: keys[1].id, perMinute: 4, hour: '2026-12-03T10:00:00.000Z' });
    for (let i = 0; i < 2; i++) await verifyOn(c.server.api, keys[2].secret);
    await c.server.verifier.flush();
    for (let i = 0; i < 1; i++) await verifyOn(c.server.api, keys[2].secret);
    await c.server.verifier.flush();
    expect((await get(`/tenants/${team.tid}/usage/top`)).body.peak).toMatchObject({ keyId: keys[2].id, perMinute: 5 });
    c.at(Date.parse(NOW) + 60_000);
    try {
      await verifyOn(c.server.api, keys[1].secret);
      await c.server.verifier.flush();
      expect((await get(`/tenants/${team.tid}/usage/top`)).body.peak).toMatchObject({ keyId: keys[2].id, perMinute: 5 });
    } finally {
      c.at(NOW);
    }
    const failed = await get(`/tenants/${team.tid}/usage/top?by=failed&limit=5`);
    expect(failed.body.items.map((i: any) => [i.keyId, i.failed])).toEqual([[keys[0].id, 3]]);
  });

  it('prunes hourly rows after 35 days and daily ones after the retention, keeping what may be asked for', async () => {
    const { team, keys } = await usedTeam([0]);
    const key = keys[0];
    const at = (days: number) => Date.parse(NOW) - days * DAY;
    for (const days of [500, 300, 40, 34]) {
      c.at(at(days));
      await verifyOn(c.server.api, key.secret);
      await c.server.verifier.flush();
    }
    c.at(NOW);
    await pruneUsage(c.server.ctx);
    const buckets = async (table: 'key_usage' | 'key_usage_daily') =>
      (await c.server.ctx.store.db.selectFrom(table).select('bucket').where('key_id', '=', key.id).orderBy('bucket').execute()).map((r) => r.bucket);
    expect(await buckets('key_usage')).toEqual([new Date(at(34) - (at(34) % 3_600_000)).toISOString()]);
    expect((await buckets('key_usage_daily')).map((b) => b.slice(0, 10))).toEqual([300, 40, 34].map((d) => new Date(at(d)).toISOString().slice(0, 10)));
    const kept = await get(`/tenants/${team.tid}/usage?interval=month&since=2026-01-01T00:00:00.000Z`);
    expect(kept.status).toBe(200);
    expect(kept.body.items.reduce((n: number, i: any) => n + i.valid, 0)).toBe(3);
  });
});
