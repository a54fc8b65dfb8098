// A resource's ancestry is read by walking up from it, on both databases: the verifier and key
// writes read the few rows of the chain, not the tenant's whole tree.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyPlugin, PluginTransformResultArgs, QueryResult, UnknownRow } from 'kysely';
import { openStore, Store } from '../../src/store/store.js';
import { newId } from '../../src/domain/ids.js';
import { ancestryLookup, resourceAncestry } from '../../src/store/reads/resource-ancestry.js';
import { VerifyCaches } from '../../src/verify/caches.js';
import { DIALECTS, TEST_DATABASE_URL, dropSchema, newSchemaName } from '../helpers/services.js';

/** Counts the rows every query answers. */
class RowCounter implements KyselyPlugin {
  rows = 0;
  transformQuery: KyselyPlugin['transformQuery'] = (args) => args.node;
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.rows += args.result.rows.length;
    return args.result;
  }
}

describe.each(DIALECTS)('resource ancestry on %s', (dialect) => {
  let store: Store;
  let counted: Store;
  const counter = new RowCounter();
  const schema = newSchemaName();
  const dir = mkdtempSync(join(tmpdir(), 'keywarden-ancestry-'));
  const tenants: string[] = [];
  const ids: Record<string, string> = {};

  async function resource(tenantId: string, name: string, parentId: string | null): Promise<string> {
    const id = newId('res');
    const at = new Date().toISOString();
    await store.db.insertInto('resources').values({
      id, tenant_id: tenantId, type: 'folder', name, name_lc: name, parent_id: parentId, parent_key: parentId ?? '', created_at: at, updated_at: at,
    }).execute();
    return id;
  }

  beforeAll(async () => {
    store = dialect === 'postgres'
      ? await openStore({ url: TEST_DATABASE_URL!, pgSchema: schema })
      : await openStore({ url: `sqlite:${join(dir, 'keywarden.db')}` });
    await store.migrate();
    // The same store, its every answer counted.
    const adapter = (store as unknown as { adapter: ConstructorParameters<typeof Store>[0] }).adapter;
    counted = new Store({ ...adapter, db: adapter.db.withPlugin(counter) });
    for (const name of ['one', 'two']) {
      const id = newId('ten');
      const at = new Date().toISOString();
      await store.db.insertInto('tenants').values({ id, name, name_lc: name, settings: '{}', created_at: at, updated_at: at }).execute();
      tenants.push(id);
    }
    // acme / finance / ledger, beside 100 other folders.
    ids.acme = await resource(tenants[0], 'acme', null);
    ids.finance = await resource(tenants[0], 'finance', ids.acme);
    ids.ledger = await resource(tenants[0], 'ledger', ids.finance);
    for (let i = 0; i < 100; i++) await resource(tenants[0], `other ${i}`, i % 2 === 0 ? ids.acme : null);
    ids.elsewhere = await resource(tenants[1], 'elsewhere', null);
  });

  afterAll(async () => {
    await store?.close();
    if (dialect === 'postgres') await dropSchema(schema);
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the resource and its ancestors, nearest first, and null for one of another tenant or none', async () => {
    expect(await resourceAncestry(store.db, tenants[0], ids.ledger)).toEqual([ids.ledger, ids.finance, ids.acme]);
    expect(await resourceAncestry(store.db, tenants[0], ids.acme)).toEqual([ids.acme]);
    expect(await resourceAncestry(store.db, tenants[0], ids.elsewhere)).toBeNull();
    expect(await resourceAncestry(store.db, tenants[0], newId('res'))).toBeNull();
  });

  it('looks up several resources in one read', async () => {
    const lookup = await ancestryLookup(store.db, tenants[0], [ids.ledger, null, ids.finance, ids.elsewhere]);
    expect(lookup(ids.ledger)).toEqual([ids.ledger, ids.finance, ids.acme]);
    expect(lookup(ids.finance)).toEqual([ids.finance, ids.acme]);
    expect(lookup(ids.elsewhere)).toBeNull();
  });

  it('reads only the chain of the resource asked for, in the services and in the verifier', async () => {
    counter.rows = 0;
    expect(await resourceAncestry(counted.db, tenants[0], ids.ledger)).toHaveLength(3);
    expect(counter.rows).toBe(3);
    counter.rows = 0;
    const caches = new VerifyCaches(counted, { maxKeys: 10, maxNegative: 10 });
    expect(await caches.loadAncestry(tenants[0], ids.ledger)).toEqual([ids.ledger, ids.finance, ids.acme]);
    expect(counter.rows).toBe(3);
    expect(caches.ancestry(tenants[0], ids.ledger)).toEqual([ids.ledger, ids.finance, ids.acme]);
    expect(caches.ancestry(tenants[0], ids.finance)).toBeUndefined(); // not asked for yet
  });

  it('forgets a tenant\'s ancestries when one of its resources changes', async () => {
    const caches = new VerifyCaches(store, { maxKeys: 10, maxNegative: 10 });
    await caches.loadAncestry(tenants[0], ids.ledger);
    caches.apply({ kind: 'resource', tenantId: tenants[0], subjectId: ids.finance });
    expect(caches.ancestry(tenants[0], ids.ledger)).toBeUndefined();
  });
});
