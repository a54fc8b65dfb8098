// KEYWARDEN_MAX_RESOURCES and KEYWARDEN_MAX_WEBHOOKS per tenant: past them 409 QUOTA_REACHED with
// `details` naming the quota, also when the creates come all at once.
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, TEST_DATABASE_URL } from '../helpers/services.js';
import { unique, World } from '../helpers/world.js';

const MAX_RESOURCES = 3;
const MAX_WEBHOOKS = 2;

describe.each(DIALECTS)('quotas on %s', (dialect) => {
  const w = World.forSuite(dialect, {
    KEYWARDEN_MAX_RESOURCES: String(MAX_RESOURCES), KEYWARDEN_MAX_WEBHOOKS: String(MAX_WEBHOOKS), KEYWARDEN_WEBHOOK_ALLOW: 'loopback',
  });
  // Nothing here should be delivered: the endpoints only count.
  beforeAll(async () => { await w.server.webhooks.stop(); });

  const createResource = (tid: string) =>
    w.call('POST', `/tenants/${tid}/resources`, { as: w.admin, body: { type: 'folder', name: `r ${unique()}` } });
  const createWebhook = (tid: string) =>
    w.call('POST', `/tenants/${tid}/webhooks`, { as: w.admin, body: { url: 'http://127.0.0.1:9/hook', eventTypes: ['*'] } });
  const create = { resources: createResource, webhooks: createWebhook };
  const limit = { resources: MAX_RESOURCES, webhooks: MAX_WEBHOOKS };
  const count = async (table: 'resources' | 'webhooks', tid: string) =>
    Number((await w.server.ctx.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tid).executeTakeFirstOrThrow()).n);

  /**
   * Runs `creates` while another transaction holds the tenant's row lock (PostgreSQL), and lets go
   * once every create waits on it or has finished: all of them then race for the last places.
   */
  async function withTenantLocked<T>(tid: string, creates: () => Promise<T>[]): Promise<T[]> {
    if (dialect !== 'postgres') return Promise.all(creates());
    const connect = async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL!, options: `-c search_path=${w.server.schema}` });
      await client.connect();
      return client;
    };
    // The watcher reads pg_stat_activity outside the holder's transaction, which would see one snapshot of it.
    const [holder, watcher] = [await connect(), await connect()];
    try {
      await holder.query('begin');
      const { rows: [{ pid }] } = await holder.query('select pg_backend_pid() as pid');
      await holder.query('select id from tenants where id = $1 for update', [tid]);
      let settled = 0;
      const running = creates().map((p) => p.finally(() => { settled++; }));
      for (;;) {
        const { rows } = await watcher.query(`select pid, pg_blocking_pids(pid) as blockers from pg_stat_activity where wait_event_type = 'Lock'`);
        if (waitingOn(pid, rows) + settled >= running.length) break;
        await new Promise((r) => setImmediate(r));
      }
      await holder.query('commit');
      return await Promise.all(running);
    } finally {
      await Promise.all([holder.end(), watcher.end()]);
    }
  }

  /** Backends waiting on `pid`, directly or behind another waiter (a row lock's queue). */
  function waitingOn(pid: number, rows: { pid: number; blockers: number[] }[]): number {
    const behind = new Set([pid]);
    for (let grew = true; grew;) {
      grew = false;
      for (const r of rows) if (!behind.has(r.pid) && r.blockers.some((b) => behind.has(b))) grew = !!behind.add(r.pid);
    }
    return behind.size - 1;
  }

  for (const quota of ['resources', 'webhooks'] as const) {
    it(`refuses the ${quota} past the quota with 409 QUOTA_REACHED naming it, and takes one again after a delete`, async () => {
      const tid = await w.tenant();
      const made: string[] = [];
      for (let i = 0; i < limit[quota]; i++) {
        const res = await create[quota](tid);
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        made.push(quota === 'resources' ? res.body.id : res.body.webhook.id);
      }
      const refused = await create[quota](tid);
      expect(refused.status).toBe(409);
      expect(refused.body.error).toEqual({ code: 'QUOTA_REACHED', message: expect.any(String), details: { quota, limit: limit[quota] } });
      // Another tenant has quotas of its own.
      expect((await create[quota](await w.tenant())).status).toBe(201);
      expect((await w.call('DELETE', `/tenants/${tid}/${quota}/${made[0]}`, { as: w.admin })).status).toBe(204);
      expect((await create[quota](tid)).status).toBe(201);
    });

    it(`holds the ${quota} quota when creates run in parallel`, async () => {
      const tid = await w.tenant();
      const results = await withTenantLocked(tid, () => Array.from({ length: 6 }, () => create[quota](tid)));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([...Array(limit[quota]).fill(201), ...Array(6 - limit[quota]).fill(409)]);
      expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'QUOTA_REACHED')).toBe(true);
      expect(await count(quota, tid)).toBe(limit[quota]);
    });
  }
});
