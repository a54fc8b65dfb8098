// The store on both dialects, the way Kysely's own tests loop over DIALECTS: migrations, the change
// feed (local, and between nodes over LISTEN/NOTIFY), the audit chain under concurrent writers,
// uniqueness of key hashes and case-insensitive Unicode search.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore, type Change, type Store } from '../../src/store/store.js';
import { appendEvents, SYSTEM_ORIGIN } from '../../src/audit/events.js';
import { verifyChains } from '../../src/audit/verify-chain.js';
import { containsLc } from '../../src/services/paging.js';
import { newId } from '../../src/domain/ids.js';
import { DIALECTS, TEST_DATABASE_URL, dropSchema, newSchemaName, type DialectName } from '../helpers/services.js';

const now = () => new Date().toISOString();

/** Where a store of this dialect lives; `open` may be called again for a second node on the same data. */
function storeLocation(dialect: DialectName) {
  if (dialect === 'postgres') {
    const pgSchema = newSchemaName();
    return {
      schema: pgSchema,
      open: () => openStore({ url: TEST_DATABASE_URL!, pgSchema }),
      cleanup: () => dropSchema(pgSchema),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'keywarden-store-'));
  return {
    schema: null,
    open: () => openStore({ url: `sqlite:${join(dir, 'keywarden.db')}` }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Resolves with the first change the store emits, or null after `ms`. */
function nextChange(store: Store, ms: number): Promise<Change | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => { store.changes.off('change', on); resolve(null); }, ms);
    const on = (change: Change) => { clearTimeout(timer); store.changes.off('change', on); resolve(change); };
    store.changes.on('change', on);
  });
}

describe.each(DIALECTS)('store on %s', (dialect) => {
  let location: ReturnType<typeof storeLocation>;
  let store: Store;

  beforeAll(async () => {
    location = storeLocation(dialect);
    store = await location.open();
    await store.migrate();
  });
  afterAll(async () => {
    await store?.close();
    await location?.cleanup();
  });

  async function newTenant(): Promise<string> {
    const id = newId('ten');
    await store.write(async (trx) => {
      await trx.insertInto('tenants').values({ id, name: id, name_lc: id, settings: '{}', created_at: now(), updated_at: now() }).execute();
      await appendEvents(store, trx, SYSTEM_ORIGIN, [{ tenantId: id, type: 'tenant.created' }]);
    });
    return id;
  }

  async function newUser(name = 'Someone'): Promise<string> {
    const id = newId('usr');
    await store.db.insertInto('users').values({
      id, email: `${id}@example.test`, email_lc: `${id}@example.test`, name, name_lc: name.toLowerCase(),
      password_hash: 'x', is_platform_admin: 0, disabled: 0, created_at: now(), updated_at: now(),
    }).execute();
    return id;
  }

  it('reports its dialect', () => {
    expect(store.dialect).toBe(dialect);
  });

  it('migrates once: a second migrate is a no-op that keeps the data', async () => {
    const user = await newUser();
    expect(await store.migrate()).toEqual([]);
    expect(await store.db.selectFrom('users').select('id').where('id', '=', user).executeTakeFirst()).toEqual({ id: user });
  });

  // Kysely's Migrator, given no `migrationTableSchema`, takes another schema's `kysely_migration` for its
  // own and fails with 'relation "kysely_migration_lock" does not exist': each store pins its own.
  it('migrates a fresh schema while another schema of the database holds the same tables', async () => {
    const fresh = storeLocation(dialect);
    const next = await fresh.open();
    try {
      expect(await next.migrate()).toContain('001-initial');
      expect(await next.migrate()).toEqual([]);
    } finally {
      await next.close();
      await fresh.cleanup();
    }
  });

  // Nodes starting together on an empty database must not race (DESIGN: migrations take an advisory
  // lock on PostgreSQL). One SQLite file serves one node, so this is PostgreSQL's alone.
  it.runIf(dialect === 'postgres')('migrates a fresh schema once when two nodes start together', async () => {
    const fresh = storeLocation(dialect);
    // Opened one after the other: creating the test schema itself is the fixture's job, not the race under test.
    const a = await fresh.open();
    const b = await fresh.open();
    try {
      const [ranA, ranB] = await Promise.all([a.migrate(), b.migrate()]);
      expect([...ranA, ...ranB].filter((m) => m === '001-initial')).toHaveLength(1);
      expect(await a.migrate()).toEqual([]);
    } finally {
      await a.close();
      await b.close();
      await fresh.cleanup();
    }
  });

  it('emits a change locally right after commit and records it in the changes table', async () => {
    const tenantId = await newTenant();
    const seen: Change[] = [];
    const on = (c: Change) => seen.push(c);
    store.changes.on('change', on);
    try {
      const change: Change = { kind: 'key', tenantId, subjectId: 'key_0000000000aaaaaaaaaaaaaaaaaaaa', keyHash: 'hash-1' };
      const result = await store.write(async (_trx, changed) => {
        changed(change);
        // Not yet: the transaction has not committed.
        expect(seen).toEqual([]);
        return 42;
      });
      expect(result).toBe(42);
      expect(seen).toEqual([change]);
      const rows = await store.db.selectFrom('changes').selectAll().where('tenant_id', '=', tenantId).execute();
      expect(rows).toMatchObject([{ kind: 'key', tenant_id: tenantId, subject_id: change.subjectId, key_hash: 'hash-1' }]);
      expect(typeof rows[0].id === 'number' && rows[0].id > 0).toBe(true);
    } finally {
      store.changes.off('change', on);
    }
  });

  it('emits nothing and records nothing when the write rolls back', async () => {
    const tenantId = await newTenant();
    const seen: Change[] = [];
    const on = (c: Change) => seen.push(c);
    store.changes.on('change', on);
    try {
      await expect(store.write(async (trx, changed) => {
        await trx.updateTable('tenants').set({ name: 'changed' }).where('id', '=', tenantId).execute();
        changed({ kind: 'tenant', tenantId, subjectId: tenantId });
        throw new Error('boom');
      })).rejects.toThrow('boom');
      expect(seen).toEqual([]);
      expect(await store.db.selectFrom('changes').select('id').where('tenant_id', '=', tenantId).execute()).toEqual([]);
      expect((await store.db.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirstOrThrow()).name).toBe(tenantId);
    } finally {
      store.changes.off('change', on);
    }
  });

  it('keeps each chain in seq order with no gaps under concurrent writers', async () => {
    const tenantId = await newTenant();
    const writers = 20;
    await Promise.all(Array.from({ length: writers }, (_, i) =>
      store.write((trx) => appendEvents(store, trx, SYSTEM_ORIGIN, [{ tenantId, type: 'resource.created', details: { i } }]))));
    const rows = await store.db.selectFrom('events').select(['seq', 'details']).where('chain', '=', tenantId).orderBy('seq').execute();
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: writers + 1 }, (_, i) => i + 1));
    expect(new Set(rows.slice(1).map((r) => JSON.parse(r.details).i)).size).toBe(writers);
    const report = await verifyChains(store);
    expect(report.problems).toEqual([]);
    const head = await store.db.selectFrom('chain_heads').selectAll().where('chain', '=', tenantId).executeTakeFirstOrThrow();
    expect(Number(head.seq)).toBe(writers + 1);
  });

  // BUG (src/audit/events.ts, appendEvents): a writer that finds no chain head inserts one, and on
  // PostgreSQL two writers that both find none collide on events_chain_seq / chain_heads. Tenants open
  // their chain in the creating transaction, so only a fresh platform chain is exposed. Unskip once the
  // head is created with `on conflict do nothing` and then locked.
  it('opens a new chain safely under concurrent writers', async () => {
    const chain = newId('ten');
    await store.db.insertInto('tenants').values({ id: chain, name: chain, name_lc: chain, settings: '{}', created_at: now(), updated_at: now() }).execute();
    await Promise.all(Array.from({ length: 10 }, () =>
      store.write((trx) => appendEvents(store, trx, SYSTEM_ORIGIN, [{ tenantId: chain, type: 'tenant.updated' }]))));
    const seqs = await store.db.selectFrom('events').select('seq').where('chain', '=', chain).orderBy('seq').execute();
    expect(seqs.map((r) => Number(r.seq))).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect((await verifyChains(store)).problems).toEqual([]);
  });

  it('refuses a second API key with the same hash', async () => {
    const tenantId = await newTenant();
    const ownerId = await newUser();
    const key = (hash: string) => {
      const id = newId('key');
      return {
        id, tenant_id: tenantId, owner_id: ownerId, name: 'k', name_lc: 'k', description: null, email: null, search_lc: `k ${id}`,
        start: 'kw_abcdef', hash, management: 0, scopes: '[]', created_at: now(), updated_at: now(), expires_at: null,
        revoked_at: null, revoked_by: null, last_used_at: null, usage_count: 0, rotated_from: null, rotated_to: null,
        ratelimit_limit: null, ratelimit_duration_ms: null, remaining: null, expiry_reminded_at: null, credits_id: id, credits_version: 0, imported: 0,
      };
    };
    const hash = `hash-${newId('key')}`;
    await store.db.insertInto('api_keys').values(key(hash)).execute();
    await expect(store.db.insertInto('api_keys').values(key(hash)).execute()).rejects.toThrow(/unique/i);
    await store.db.insertInto('api_keys').values(key(`${hash}-other`)).execute();
    const found = await store.db.selectFrom('api_keys').select('id').where('hash', '=', hash).execute();
    expect(found).toHaveLength(1);
  });

  it('matches case-insensitively across Unicode with containsLc', async () => {
    const ecole = await newUser('École Élémentaire');
    const other = await newUser('Ecole sans accent');
    const search = async (needle: string) => (await store.db.selectFrom('users').select('id')
      .where('id', 'in', [ecole, other]).where(containsLc('name_lc', needle)).orderBy('id').execute()).map((r) => r.id);
    expect(await search('ÉCOLE')).toEqual([ecole]);
    expect(await search('élémentaire')).toEqual([ecole]);
    expect(await search('COLE')).toEqual([ecole, other].sort());
    // LIKE's wildcards in the needle are taken literally.
    expect(await search('%')).toEqual([]);
    expect(await search('_cole')).toEqual([]);
  });

  it.runIf(dialect === 'postgres')('listens again after its LISTEN connection is cut', async () => {
    const other = await location.open();
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL! });
    try {
      await other.listen();
      await admin.connect();
      const channel = `keywarden_changes_${location.schema}`;
      const { rowCount } = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where query = $1 and pid <> pg_backend_pid()`, [`listen ${channel}`]);
      expect(rowCount).toBeGreaterThan(0);
      const tenantId = await newTenant();
      const change: Change = { kind: 'tenant', tenantId, subjectId: tenantId };
      // The first reconnect waits a second; keep announcing until the listener hears one.
      const deadline = Date.now() + 8000;
      let heard: Change | null = null;
      while (!heard && Date.now() < deadline) {
        const next = nextChange(other, 500);
        await store.write(async (_trx, changed) => { changed(change); });
        heard = await next;
      }
      expect(heard).toEqual(change);
    } finally {
      await other.close();
      await admin.end();
    }
  });

  it.runIf(dialect === 'postgres')('opens no LISTEN connection again once closed while waiting to reconnect', async () => {
    const other = await location.open();
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL! });
    let closed = false;
    try {
      await other.listen();
      await admin.connect();
      // Only the reconnect's wait runs on the fake clock; connections keep their own timers.
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const channel = `keywarden_changes_${location.schema}`;
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where query = $1 and pid <> pg_backend_pid()`, [`listen ${channel}`]);
      // The store sees the connection go and schedules its reconnect.
      while (vi.getTimerCount() === 0) await new Promise((resolve) => setImmediate(resolve));
      await other.close();
      closed = true;
      // Before, the reconnect stayed scheduled and, a second later, opened a connection that
      // nothing would ever close (a leak in tests, and wherever the store is embedded).
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
      if (!closed) await other.close();
      await admin.end();
    }
  });

  it.runIf(dialect === 'postgres')('delivers committed changes to another node over LISTEN/NOTIFY, and only those', async () => {
    const other = await location.open();
    const stranger = new pg.Client({ connectionString: TEST_DATABASE_URL! });
    try {
      await other.listen();
      await stranger.connect();
      const tenantId = await newTenant();

      const received = nextChange(other, 5000);
      const change: Change = { kind: 'key', tenantId, subjectId: 'key_0000000000cccccccccccccccccccc', keyHash: 'hash-2' };
      await store.write(async (_trx, changed) => { changed(change); });
      expect(await received).toEqual(change);

      // A rolled-back write sends nothing, nor does another deployment (schema) on its own channel.
      const silence = nextChange(other, 500);
      await store.write(async (_trx, changed) => {
        changed({ kind: 'tenant', tenantId, subjectId: tenantId });
        throw new Error('rolled back');
      }).catch(() => {});
      const otherChannel = `keywarden_changes_${newSchemaName()}`;
      await stranger.query('select pg_notify($1, $2)', [otherChannel, JSON.stringify([{ kind: 'tenant', tenantId: 'ten_x', subjectId: 'ten_x' }])]);
      expect(await silence).toBeNull();
    } finally {
      await other.close();
      await stranger.end();
    }
  });
});
