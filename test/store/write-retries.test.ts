// Writes that lose a race to another transaction: a deadlock on PostgreSQL is retried by
// Store.write until both writes are in; transactions lock rows in DESIGN's global order (keys
// before chain heads, chains in one order); and an event's time never goes back along its chain.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';
import { appendEvents, chainLockOrder, PLATFORM_CHAIN, SYSTEM_ORIGIN } from '../../src/audit/events.js';
import { verifyChains } from '../../src/audit/verify-chain.js';
import { recordExcessiveUse } from '../../src/services/excessive-use.js';
import { newId } from '../../src/domain/ids.js';
import { DIALECTS, TEST_DATABASE_URL, dropSchema, newSchemaName, type DialectName } from '../helpers/services.js';
import { holdTransaction } from '../helpers/pg-hold.js';

const now = () => new Date().toISOString();

/** Resolves once `parties` callers have arrived; each caller waits for the rest. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => { open = resolve; });
  return () => {
    if (++arrived === parties) open();
    return opened;
  };
}

async function openTestStore(dialect: DialectName) {
  const schema = dialect === 'postgres' ? newSchemaName() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'keywarden-retries-'));
  const store = await openStore(schema ? { url: TEST_DATABASE_URL!, pgSchema: schema } : { url: `sqlite:${join(dir, 'k.db')}` });
  await store.migrate();
  return {
    store, schema,
    async close() {
      await store.close();
      if (schema) await dropSchema(schema);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function newTenantWithKeys(store: Store, count: number): Promise<{ tenantId: string; keyIds: string[] }> {
  const tenantId = newId('ten');
  const ownerId = newId('usr');
  const keyIds = Array.from({ length: count }, () => newId('key')).sort();
  await store.write(async (trx) => {
    await trx.insertInto('tenants').values({ id: tenantId, name: tenantId, name_lc: tenantId, settings: '{}', created_at: now(), updated_at: now() }).execute();
    await trx.insertInto('users').values({
      id: ownerId, email: `${ownerId}@example.test`, email_lc: `${ownerId}@example.test`, name: 'O', name_lc: 'o',
      password_hash: 'x', is_platform_admin: 0, disabled: 0, created_at: now(), updated_at: now(),
    }).execute();
    for (const id of keyIds) {
      await trx.insertInto('api_keys').values({
        id, tenant_id: tenantId, owner_id: ownerId, name: 'k', name_lc: 'k', description: null, email: null, search_lc: `k ${id}`,
        start: 'kw_abcdef', hash: `hash-${id}`, management: 0, scopes: '[]', created_at: now(), updated_at: now(), expires_at: null,
        revoked_at: null, revoked_by: null, last_used_at: null, usage_count: 0, rotated_from: null, rotated_to: null,
        ratelimit_limit: null, ratelimit_duration_ms: null, remaining: null, expiry_reminded_at: null, credits_id: id, credits_version: 0, imported: 0,
      }).execute();
    }
    await appendEvents(store, trx, SYSTEM_ORIGIN, [{ tenantId, type: 'tenant.created' }]);
  });
  return { tenantId, keyIds };
}

describe.skipIf(!TEST_DATABASE_URL)('deadlocks on PostgreSQL', () => {
  let t: Awaited<ReturnType<typeof openTestStore>>;
  beforeAll(async () => { t = await openTestStore('postgres'); });
  afterAll(async () => { await t?.close(); });

  it('retries the loser of a deadlock, so both writes are committed and answered', async () => {
    const { store } = t;
    const { keyIds: [a, b] } = await newTenantWithKeys(store, 2);
    const bothHoldOne = barrier(2);
    const attempts = { first: 0, second: 0 };
    // Each takes one row, waits until the other has taken the other row, then asks for it.
    const write = (first: string, second: string, who: keyof typeof attempts) => store.write(async (trx) => {
      attempts[who]++;
      await trx.updateTable('api_keys').set((eb) => ({ usage_count: eb('usage_count', '+', 1) })).where('id', '=', first).execute();
      if (attempts[who] === 1) await bothHoldOne();
      await trx.updateTable('api_keys').set((eb) => ({ usage_count: eb('usage_count', '+', 1) })).where('id', '=', second).execute();
      return who;
    });
    expect(await Promise.all([write(a, b, 'first'), write(b, a, 'second')])).toEqual(['first', 'second']);
    expect(attempts.first + attempts.second).toBe(3); // one of them ran twice
    const counts = await store.db.selectFrom('api_keys').select('usage_count').where('id', 'in', [a, b]).execute();
    expect(counts.map((r) => Number(r.usage_count))).toEqual([2, 2]);
  });

  it('locks a key before its tenant\'s chain head when recording excessive use, as a usage flush does', async () => {
    const { store, schema } = t;
    const { tenantId, keyIds: [keyId] } = await newTenantWithKeys(store, 1);
    const flush = await holdTransaction(schema!);
    await flush.query('select id from api_keys where id = $1 for update', [keyId]);
    const recording = recordExcessiveUse(store, {
      keyId, tenantId, count: 100, limitPerMinute: 10, minuteStartMs: Date.now() - (Date.now() % 60_000), autoRevoke: true,
    });
    await flush.blocksAnother();
    // While excessive use waits for the key, the chain head is free for the flush to take next.
    await flush.query('select seq from chain_heads where chain = $1 for update nowait', [tenantId]);
    await flush.commit();
    expect(await recording).toBe(true);
    const key = await store.db.selectFrom('api_keys').select('revoked_at').where('id', '=', keyId).executeTakeFirstOrThrow();
    expect(key.revoked_at).not.toBeNull();
  });
});

describe.skipIf(!TEST_DATABASE_URL)('row locks and foreign keys on PostgreSQL', () => {
  let t: Awaited<ReturnType<typeof openTestStore>>;
  beforeAll(async () => { t = await openTestStore('postgres'); });
  afterAll(async () => { await t?.close(); });

  // A key's creation locks its tenant's row, then its owner's membership; a grant locks the tenant's
  // memberships, then inserts one, whose foreign key makes PostgreSQL take a key-share lock on the
  // tenant's row. A lock that blocked that key-share lock would close a cycle the two writes did not
  // take in DESIGN's order (two nodes' bursts retried such deadlocks until they answered 500).
  it("keeps a tenant locked for a check from holding back a member's insert: neither write runs twice", async () => {
    const { store } = t;
    const { tenantId } = await newTenantWithKeys(store, 0);
    const [ownerId, newcomerId] = [newId('usr'), newId('usr')];
    await store.write(async (trx) => {
      for (const id of [ownerId, newcomerId]) {
        await trx.insertInto('users').values({
          id, email: `${id}@example.test`, email_lc: `${id}@example.test`, name: 'U', name_lc: 'u',
          password_hash: 'x', is_platform_admin: 0, disabled: 0, created_at: now(), updated_at: now(),
        }).execute();
      }
      await trx.insertInto('memberships').values({ tenant_id: tenantId, user_id: ownerId, roles: '["developer"]', licensed: 1, created_at: now(), updated_at: now() }).execute();
    });
    const bothHoldTheirFirst = barrier(2);
    const runs = { create: 0, grant: 0 };
    const create = store.write(async (trx) => {
      runs.create++;
      await store.forUpdate(trx.selectFrom('tenants').select('settings').where('id', '=', tenantId)).execute();
      if (runs.create === 1) await bothHoldTheirFirst();
      await store.forUpdate(trx.selectFrom('memberships').select('roles').where('tenant_id', '=', tenantId).where('user_id', '=', ownerId)).execute();
    });
    const grant = store.write(async (trx) => {
      runs.grant++;
      await store.forUpdate(trx.selectFrom('memberships').selectAll().where('tenant_id', '=', tenantId)).execute();
      if (runs.grant === 1) await bothHoldTheirFirst();
      await trx.insertInto('memberships').values({ tenant_id: tenantId, user_id: newcomerId, roles: '["developer"]', licensed: 0, created_at: now(), updated_at: now() }).execute();
    });
    await Promise.all([create, grant]);
    expect(runs).toEqual({ create: 1, grant: 1 });
  });
});

describe('the order chain heads are locked in', () => {
  it('is tenants\' chains by id, then the platform chain, each once', () => {
    expect(chainLockOrder([PLATFORM_CHAIN, 'ten_b', 'ten_a', 'ten_b', PLATFORM_CHAIN])).toEqual(['ten_a', 'ten_b', PLATFORM_CHAIN]);
  });
});

describe.each(DIALECTS)('event times on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof openTestStore>>;
  beforeAll(async () => { t = await openTestStore(dialect); });
  afterAll(async () => { await t?.close(); });

  it('never go back along a chain, even from a writer whose clock is behind', async () => {
    const { store } = t;
    const { tenantId } = await newTenantWithKeys(store, 0);
    const behind = new Date(Date.now() - 3_600_000);
    const written = await store.write((trx) => appendEvents(store, trx, SYSTEM_ORIGIN, [
      { tenantId: null, type: 'user.created' },
      { tenantId, type: 'tenant.updated' },
      { tenantId, type: 'settings.updated' },
    ], behind));
    expect(written.map((e) => e.type)).toEqual(['user.created', 'tenant.updated', 'settings.updated']);
    const rows = await store.db.selectFrom('events').select(['seq', 'at']).where('chain', '=', tenantId).orderBy('seq').execute();
    for (let i = 1; i < rows.length; i++) expect(rows[i].at >= rows[i - 1].at).toBe(true);
    expect(rows[rows.length - 1].at).toBe(rows[0].at); // the behind clock took the chain's last time
    expect((await verifyChains(store)).problems).toEqual([]);
  });
});
