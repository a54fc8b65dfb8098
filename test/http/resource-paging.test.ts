// Resource lists page by a cursor that names a position in tree order (depth-first, siblings by
// name then id), so resources added or removed between pages neither shift nor repeat the rest.
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/services.js';
import { World } from '../helpers/world.js';

describe.each(DIALECTS)('paging resources on %s', (dialect) => {
  const w = World.forSuite(dialect);

  async function page(tid: string, limit: number, cursor: string | null) {
    const res = await w.call('GET', `/tenants/${tid}/resources?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { as: w.admin });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return { names: (res.body.items as { name: string }[]).map((r) => r.name), next: res.body.nextCursor as string | null };
  }

  async function rest(tid: string, limit: number, cursor: string | null): Promise<string[]> {
    const names: string[] = [];
    while (cursor) {
      const p = await page(tid, limit, cursor);
      names.push(...p.names);
      cursor = p.next;
    }
    return names;
  }

  const del = async (tid: string, rid: string) =>
    expect((await w.call('DELETE', `/tenants/${tid}/resources/${rid}`, { as: w.admin })).status).toBe(204);

  /** a, a/a1, a/a2, b, b/b1, c, d: tree order is that list. */
  async function tree(tid: string) {
    const ids: Record<string, string> = {};
    ids.a = await w.resource(tid, 'a');
    ids.a1 = await w.resource(tid, 'a1', ids.a);
    ids.a2 = await w.resource(tid, 'a2', ids.a);
    ids.b = await w.resource(tid, 'b');
    ids.b1 = await w.resource(tid, 'b1', ids.b);
    ids.c = await w.resource(tid, 'c');
    ids.d = await w.resource(tid, 'd');
    return ids;
  }

  it('continues after the last resource of the page when resources before it are removed and added', async () => {
    const tid = await w.tenant();
    const ids = await tree(tid);
    const first = await page(tid, 3, null);
    expect(first.names).toEqual(['a', 'a1', 'a2']);
    await del(tid, ids.a1);
    await w.resource(tid, 'a0', ids.a); // before the cursor: not on a later page
    await w.resource(tid, 'a00', ids.a);
    await w.resource(tid, 'b0', ids.b); // after it: on a later page
    expect(await rest(tid, 3, first.next)).toEqual(['b', 'b0', 'b1', 'c', 'd']);
  });

  it('continues at the right place when the resource the cursor names was removed meanwhile', async () => {
    const tid = await w.tenant();
    const ids = await tree(tid);
    const first = await page(tid, 5, null);
    expect(first.names).toEqual(['a', 'a1', 'a2', 'b', 'b1']);
    await del(tid, ids.b1);
    expect(await rest(tid, 2, first.next)).toEqual(['c', 'd']);
  });

  it('continues at the right place when the cursor\'s resource and its parent were both removed', async () => {
    const tid = await w.tenant();
    const ids = await tree(tid);
    const first = await page(tid, 5, null);
    await del(tid, ids.b1);
    await del(tid, ids.b);
    await w.resource(tid, 'bb'); // a new root after the removed b: on the next page
    expect(await rest(tid, 2, first.next)).toEqual(['bb', 'c', 'd']);
  });

  it('continues past a removed resource whose long name shares its start with a sibling, skipping nothing', async () => {
    const tid = await w.tenant();
    const long = 'x'.repeat(60);
    const gone = await w.resource(tid, `${long}1`);
    await w.resource(tid, `${long}2`);
    const first = await page(tid, 1, null);
    expect(first.names).toEqual([`${long}1`]);
    await del(tid, gone);
    expect(await rest(tid, 1, first.next)).toEqual([`${long}2`]);
  });

  it('keeps a cursor short enough to send back in a deep tree of long names', async () => {
    const tid = await w.tenant();
    let parent: string | null = null;
    for (let depth = 0; depth < 12; depth++) parent = await w.resource(tid, `${'😀'.repeat(200 - 2)}${depth}`, parent);
    const all = await page(tid, 11, null);
    expect(all.names).toHaveLength(11);
    expect(await rest(tid, 1, all.next)).toHaveLength(1);
  });

  it('refuses a cursor that is not one of this list with 400', async () => {
    const tid = await w.tenant();
    for (const cursor of ['nonsense', Buffer.from('{"offset":2}').toString('base64url'), Buffer.from('{"p":[]}').toString('base64url')]) {
      const res = await w.call('GET', `/tenants/${tid}/resources?cursor=${cursor}`, { as: w.admin });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });
});
