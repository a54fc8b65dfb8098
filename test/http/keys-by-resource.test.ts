// GET /tenants/:tid/keys?resource=<rid> on each database: the keys whose scopes cover a resource
// (a scope on it, on an ancestor, or on the whole tenant), with the list's other filters and paging.
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/services.js';
import type { Credentials } from '../helpers/server.js';
import { World } from '../helpers/world.js';

describe.each(DIALECTS)('listing the keys that cover a resource on %s', (dialect) => {
  const w = World.forSuite(dialect);

  /** account ─ folder ─ building ─ database, and a sibling folder; a key scoped at each level. */
  async function madasterTree() {
    const tid = await w.tenantWithKeys({ maxActiveKeysPerUser: 100 });
    const dev = await w.member(tid);
    const account = await w.resource(tid, 'Acme', null, 'account');
    const folder = await w.resource(tid, 'Projects', account, 'folder');
    const otherFolder = await w.resource(tid, 'Archive', account, 'folder');
    const building = await w.resource(tid, 'Tower', folder, 'building');
    const database = await w.resource(tid, 'Materials', building, 'database');
    const key = async (name: string, scopes?: { resourceId: string | null; permission: string }[]) =>
      (await w.createKey(tid, dev.as, { name, ...(scopes && { scopes }) })).key.id as string;
    const keys = {
      wide: await key('tenant-wide'),
      onAccount: await key('on account', [{ resourceId: account, permission: 'admin' }]),
      onFolder: await key('on folder', [{ resourceId: folder, permission: 'write' }]),
      onOther: await key('on other folder', [{ resourceId: otherFolder, permission: 'read' }]),
      onDatabase: await key('on database', [{ resourceId: database, permission: 'read' }]),
      mixed: await key('other and building', [{ resourceId: otherFolder, permission: 'read' }, { resourceId: building, permission: 'write' }]),
    };
    return { tid, dev, account, folder, otherFolder, building, database, keys };
  }

  async function ids(tid: string, as: Credentials, query: string): Promise<string[]> {
    const res = await w.call('GET', `/tenants/${tid}/keys?sort=name&${query}`, { as });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items.map((k: { id: string }) => k.id);
  }

  it('lists the keys scoped on the resource, on an ancestor or on the whole tenant, and no others', async () => {
    const t = await madasterTree();
    const { keys } = t;
    const sorted = (list: string[]) => [...list].sort();
    expect(sorted(await ids(t.tid, w.admin, `resource=${t.database}`)))
      .toEqual(sorted([keys.wide, keys.onAccount, keys.onFolder, keys.onDatabase, keys.mixed]));
    expect(sorted(await ids(t.tid, w.admin, `resource=${t.building}`)))
      .toEqual(sorted([keys.wide, keys.onAccount, keys.onFolder, keys.mixed]));
    expect(sorted(await ids(t.tid, w.admin, `resource=${t.otherFolder}`)))
      .toEqual(sorted([keys.wide, keys.onAccount, keys.onOther, keys.mixed]));
    expect(sorted(await ids(t.tid, w.admin, `resource=${t.account}`))).toEqual(sorted([keys.wide, keys.onAccount]));
  });

  it('follows a moved resource at once', async () => {
    const t = await madasterTree();
    expect((await w.call('PATCH', `/tenants/${t.tid}/resources/${t.building}`, { as: w.admin, body: { parentId: t.otherFolder } })).status).toBe(200);
    expect((await ids(t.tid, w.admin, `resource=${t.building}`)).sort())
      .toEqual([t.keys.wide, t.keys.onAccount, t.keys.onOther, t.keys.mixed].sort());
  });

  it('combines with the other filters and pages without skipping or repeating', async () => {
    const t = await madasterTree();
    expect(await ids(t.tid, w.admin, `resource=${t.building}&q=folder`)).toEqual([t.keys.onFolder]);
    const revoked = await w.call('POST', `/tenants/${t.tid}/keys/${t.keys.onAccount}/revoke`, { as: w.admin });
    expect(revoked.status).toBe(200);
    expect((await ids(t.tid, w.admin, `resource=${t.building}&status=active`)).sort())
      .toEqual([t.keys.wide, t.keys.onFolder, t.keys.mixed].sort());
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: any } = await w.call('GET', `/tenants/${t.tid}/keys?resource=${t.database}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { as: w.admin });
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((k: { id: string }) => k.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('shows a member only their own keys, filtered the same way', async () => {
    const t = await madasterTree();
    const other = await w.member(t.tid);
    const mine = (await w.createKey(t.tid, other.as, { name: 'mine', scopes: [{ resourceId: t.folder, permission: 'read' }] })).key.id;
    expect(await ids(t.tid, other.as, `resource=${t.database}`)).toEqual([mine]);
    expect(await ids(t.tid, other.as, `resource=${t.otherFolder}`)).toEqual([]);
  });

  it('answers 400 on /resource for a resource of another tenant or none, and for a malformed id', async () => {
    const t = await madasterTree();
    const elsewhere = await w.tenantWithKeys();
    const foreign = await w.resource(elsewhere, 'Foreign', null, 'account');
    for (const rid of [foreign, 'res_0000000000nothing']) {
      const res = await w.call('GET', `/tenants/${t.tid}/keys?resource=${rid}`, { as: w.admin });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details[0].field).toBe('/resource');
    }
    expect((await w.call('GET', `/tenants/${t.tid}/keys?resource=key_abc`, { as: w.admin })).status).toBe(400);
  });
});
