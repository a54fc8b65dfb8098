// A store shares its PostgreSQL database with other schemas (other applications, other test files)
// and must neither depend on nor touch them. Kysely's own introspector reads every schema and
// resolves tables by name, so a schema dropped while it reads fails the migrator; the store's
// introspector reads its own schema only, and its statistics refresh analyses its own tables.
import pg from 'pg';
import { PostgresIntrospector, sql, type DatabaseIntrospector, type Kysely } from 'kysely';
import { SchemaIntrospector } from '../../src/store/dialect/schema-introspector.js';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';
import { dropSchema, newSchemaName, TEST_DATABASE_URL } from '../helpers/services.js';

describe.skipIf(!TEST_DATABASE_URL)('a store among other schemas of one PostgreSQL database', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** Another store's schema, with tables; returns a client holding its drop, not yet committed. */
  async function schemaBeingDropped(): Promise<pg.Client> {
    const other = newSchemaName();
    const store = await openStore({ url: TEST_DATABASE_URL!, pgSchema: other });
    await store.migrate();
    await store.close();
    cleanups.push(() => dropSchema(other));
    const dropper = new pg.Client({ connectionString: TEST_DATABASE_URL! });
    await dropper.connect();
    cleanups.push(() => dropper.end());
    await dropper.query('begin');
    await dropper.query(`drop schema ${other} cascade`);
    return dropper;
  }

  async function freshStore(): Promise<{ store: Store; schema: string }> {
    const schema = newSchemaName();
    const store = await openStore({ url: TEST_DATABASE_URL!, pgSchema: schema });
    cleanups.push(() => dropSchema(schema), () => store.close());
    return { store, schema };
  }

  /**
   * Reads the tables with a snapshot taken while another schema still existed, that schema's drop
   * committing just before the read: the window in which a node's migrator can meet a drop.
   */
  async function tablesAcrossDrop(store: Store, introspector: (trx: Kysely<any>) => DatabaseIntrospector) {
    const dropper = await schemaBeingDropped();
    return store.db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
      await sql`select 1`.execute(trx);
      await dropper.query('commit');
      return introspector(trx).getTables({ withInternalKyselyTables: true });
    });
  }

  it('reads its own schema\'s tables across another schema\'s drop, where Kysely\'s introspector fails', async () => {
    const { store, schema } = await freshStore();
    await store.migrate();
    const ours = await tablesAcrossDrop(store, (trx) => new SchemaIntrospector(trx, schema));
    expect(ours.map((t) => t.name)).toEqual(expect.arrayContaining(['api_keys', 'kysely_migration']));
    await expect(tablesAcrossDrop(store, (trx) => new PostgresIntrospector(trx))).rejects.toThrow(/does not exist/);
  });

  it('is what the store\'s migrator asks: it sees the store\'s schema alone', async () => {
    const { store, schema } = await freshStore();
    expect(await store.migrate()).not.toEqual([]);
    await (await freshStore()).store.migrate();
    const tables = await store.db.introspection.getTables();
    expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([schema]));
    expect(tables.map((t) => t.name)).toContain('api_keys');
    expect(tables.map((t) => t.name)).not.toContain('kysely_migration');
    expect(await store.migrate()).toEqual([]);
  });

  it('refreshes planner statistics of its own tables only', async () => {
    const { store, schema } = await freshStore();
    const other = await freshStore();
    await store.migrate();
    await other.store.migrate();
    await store.optimize();
    const analyzed = async (s: string) => (await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_user_tables where schemaname = ${s} and last_analyze is not null`.execute(store.db)).rows[0]!.n;
    expect(await analyzed(schema)).toBeGreaterThan(5);
    expect(await analyzed(other.schema)).toBe(0);
  });

  it('describes its own tables as Kysely\'s introspector does', async () => {
    const { store } = await freshStore();
    await store.migrate();
    const ours = await store.db.introspection.getTables({ withInternalKyselyTables: true });
    const all = await new PostgresIntrospector(store.db).getTables({ withInternalKyselyTables: true });
    const theirs = all.filter((t) => t.schema === ours[0]!.schema);
    const shape = (tables: typeof ours) => tables
      .map((t) => ({ ...t, columns: t.columns.map(({ comment: _, ...c }) => c).sort((a, b) => a.name.localeCompare(b.name)) }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(shape(ours)).toEqual(shape(theirs));
    expect(ours.length).toBeGreaterThan(5);
  });
});
