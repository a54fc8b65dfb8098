// GET /tenants/:tid/keys on each database: who sees which keys, owner, q, status, every sort in
// both directions with nulls last, and stable cursor paging.
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/services.js';
import type { Credentials } from '../helpers/server.js';
import { DAY_MS, iso } from './keys-fixture.js';
import { unique, World } from '../helpers/world.js';

type Row = { id: string; name: string; createdAt: string; updatedAt: string; expiresAt: string | null; lastUsedAt: string | null; status: string };
const RANK: Record<string, number> = { active: 0, expired: 1, revoked: 2 };

/** The contract's order: the field, nulls last in both directions, then the id in the same direction. */
function expectedOrder(rows: Row[], sort: string): string[] {
  const desc = sort.startsWith('-');
  const field = desc ? sort.slice(1) : sort;
  const value = (r: Row) => (field === 'status' ? RANK[r.status] : field === 'name' ? r.name.toLowerCase() : (r as any)[field]) as string | number | null;
  const sign = desc ? -1 : 1;
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
    } else if (va !== vb) return (va < vb ? -1 : 1) * sign;
    return (a.id < b.id ? -1 : 1) * sign;
  }).map((r) => r.id);
}

async function listAll(w: World, tid: string, as: Credentials, query: string, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: { status: number; body: any } = await w.call('GET', `/tenants/${tid}/keys?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { as });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    ids.push(...res.body.items.map((k: any) => k.id));
    cursor = res.body.nextCursor;
    pages++;
    expect(pages).toBeLessThan(100);
  } while (cursor);
  return { ids, pages };
}

describe.each(DIALECTS)('listing keys on %s', (dialect) => {
  // The server's clock runs ahead of real time by `skewMs`: tests move it instead of sleeping.
  let skewMs = 0;
  const serverNow = () => Date.now() + skewMs;
  const w = World.forSuite(dialect, {}, { now: () => new Date(serverNow()) });

  /** Keys with chosen dates, names and statuses, ties and nulls included. */
  async function seededTenant(count: number) {
    const tid = await w.tenantWithKeys({ maxActiveKeysPerUser: 1000 });
    const dev = await w.member(tid);
    const base = Date.now() - 10 * DAY_MS;
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    for (let i = 0; i < count; i++) {
      // Names repeat in different case (ties on the lower-cased name); dates repeat in groups of 3.
      const name = i % 2 === 0 ? `key${letters[i % 9]}` : `KEY${letters[i % 9].toUpperCase()}`;
      const { key } = await w.createKey(tid, dev.as, { name });
      await w.setKey(key.id, {
        created_at: iso(base + Math.floor(i / 3) * 60_000),
        updated_at: iso(base + (i % 4) * 60_000),
        expires_at: i % 5 === 0 ? null : iso(i % 5 === 1 ? base + i * 1000 : Date.now() + (i % 7) * DAY_MS),
        last_used_at: i % 3 === 0 ? null : iso(base + (i % 6) * 3_600_000),
        revoked_at: i % 8 === 3 ? iso(base) : null,
      });
    }
    const all = await w.call('GET', `/tenants/${tid}/keys?limit=200`, { as: dev.as });
    expect(all.body.items).toHaveLength(count);
    return { tid, dev, rows: all.body.items as Row[] };
  }

  it('shows a developer only their own keys and a tenant admin every key of the tenant', async () => {
    const tid = await w.tenantWithKeys();
    const a = await w.member(tid);
    const b = await w.member(tid);
    const tenantAdmin = await w.member(tid, ['tenant_admin'], false);
    const ka = await w.createKey(tid, a.as);
    const kb = await w.createKey(tid, b.as);
    const ids = async (as: Credentials, query = '') => (await w.call('GET', `/tenants/${tid}/keys${query}`, { as })).body.items.map((k: any) => k.id).sort();
    expect(await ids(a.as)).toEqual([ka.key.id]);
    expect(await ids(b.as)).toEqual([kb.key.id]);
    expect(await ids(tenantAdmin.as)).toEqual([ka.key.id, kb.key.id].sort());
    expect(await ids(w.admin)).toEqual([ka.key.id, kb.key.id].sort());
  });

  it('filters by owner=me and owner=<id>, and refuses another member\'s id from a non-admin with 403', async () => {
    const tid = await w.tenantWithKeys();
    const a = await w.member(tid);
    const b = await w.member(tid);
    const both = await w.member(tid, ['tenant_admin', 'developer'], true);
    const ka = await w.createKey(tid, a.as);
    await w.createKey(tid, b.as);
    const kBoth = await w.createKey(tid, both.as);
    const list = (as: Credentials, owner: string) => w.call('GET', `/tenants/${tid}/keys?owner=${owner}`, { as });
    expect((await list(both.as, 'me')).body.items.map((k: any) => k.id)).toEqual([kBoth.key.id]);
    expect((await list(both.as, a.id)).body.items.map((k: any) => k.id)).toEqual([ka.key.id]);
    expect((await list(a.as, a.id)).body.items.map((k: any) => k.id)).toEqual([ka.key.id]);
    expect((await list(a.as, 'me')).body.items.map((k: any) => k.id)).toEqual([ka.key.id]);
    const refused = await list(a.as, b.id);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    expect((await list(a.as, 'someone')).status).toBe(400);
  });

  it('searches q case-insensitively over name, description, id, owner email and owner name', async () => {
    const tid = await w.tenantWithKeys();
    const ann = await w.member(tid, ['developer'], true, `Annabel Quartermaine ${unique()}`);
    const bob = await w.member(tid);
    const byName = await w.createKey(tid, bob.as, { name: 'Nightly EXPORT job' });
    const byDescription = await w.createKey(tid, bob.as, { name: 'plain', description: 'Feeds the WAREHOUSE' });
    const ofAnn = await w.createKey(tid, ann.as, { name: 'annkey' });
    const search = async (q: string) => (await w.call('GET', `/tenants/${tid}/keys?q=${encodeURIComponent(q)}`, { as: w.admin })).body.items.map((k: any) => k.id).sort();
    expect(await search('export')).toEqual([byName.key.id]);
    expect(await search('wareHOUSE')).toEqual([byDescription.key.id]);
    expect(await search(byDescription.key.id.toUpperCase())).toEqual([byDescription.key.id]);
    expect(await search('quarterMAINE')).toEqual([ofAnn.key.id]);
    expect(await search(ann.email.toUpperCase())).toEqual([ofAnn.key.id]);
    expect(await search('no such thing')).toEqual([]);
    // LIKE wildcards are matched literally.
    expect(await search('%')).toEqual([]);
    expect(await search('exp_rt')).toEqual([]);
  });

  it('finds non-ASCII names case-insensitively: \'Ærø Ünïcode\' by \'ærø\' and by \'ÜNÏ\'', async () => {
    const tid = await w.tenantWithKeys();
    const dev = await w.member(tid, ['developer'], true, `Ørjan Ødegård ${unique()}`);
    const { key } = await w.createKey(tid, dev.as, { name: 'Ærø Ünïcode' });
    await w.createKey(tid, dev.as, { name: 'aero unicode' });
    const search = async (q: string) => (await w.call('GET', `/tenants/${tid}/keys?q=${encodeURIComponent(q)}`, { as: dev.as })).body.items.map((k: any) => k.id);
    expect(await search('ærø')).toEqual([key.id]);
    expect(await search('ÜNÏ')).toEqual([key.id]);
    expect((await search('ØRJAN ØDEGÅRD')).sort()).toHaveLength(2);
  });

  it('renews the search text when a key is renamed', async () => {
    const tid = await w.tenantWithKeys();
    const dev = await w.member(tid);
    const { key } = await w.createKey(tid, dev.as, { name: 'before' });
    await w.call('PATCH', `/tenants/${tid}/keys/${key.id}`, { as: dev.as, body: { name: 'After Rename', description: 'Described' } });
    const search = async (q: string) => (await w.call('GET', `/tenants/${tid}/keys?q=${q}`, { as: dev.as })).body.items.length;
    expect(await search('before')).toBe(0);
    expect(await search('after')).toBe(1);
    expect(await search('described')).toBe(1);
  });

  it('keeps the SQLite text index in step with creates, renames and deletes (PostgreSQL reads keys in order)', async () => {
    const tid = await w.tenantWithKeys();
    const dev = await w.member(tid);
    const crossing = await w.createKey(tid, dev.as, { name: 'Zebra crossing' });
    const finch = await w.createKey(tid, dev.as, { name: 'zebra finch' });
    const indexed = (text: string) => w.server.ctx.store.searchKeys(tid, text, 10).then((ids) => ids && ids.sort());
    const search = async (q: string) => (await w.call('GET', `/tenants/${tid}/keys?q=${q}`, { as: dev.as })).body.items.map((k: any) => k.id).sort();
    const both = [crossing.key.id, finch.key.id].sort();
    expect(await indexed('zebra')).toEqual(dialect === 'sqlite' ? both : null);
    expect(await search('ZEBRA')).toEqual(both);
    await w.call('PATCH', `/tenants/${tid}/keys/${finch.key.id}`, { as: dev.as, body: { name: 'okapi' } });
    expect(await w.call('DELETE', `/tenants/${tid}/keys/${crossing.key.id}`, { as: dev.as })).toMatchObject({ status: 204 });
    expect(await search('zebra')).toEqual([]);
    expect(await search('okapi')).toEqual([finch.key.id]);
    expect(await indexed('okapi')).toEqual(dialect === 'sqlite' ? [finch.key.id] : null);
    // The newest key's row number goes to the next key once it is deleted: its old text must not follow.
    const last = await w.createKey(tid, dev.as, { name: 'zebra again' });
    await w.call('DELETE', `/tenants/${tid}/keys/${last.key.id}`, { as: dev.as });
    const next = await w.createKey(tid, dev.as, { name: 'plain' });
    expect(await search('zebra')).toEqual([]);
    expect(await search('plain')).toEqual([next.key.id]);
    // Too short for trigrams, or more matches than the limit: the keys are read in order instead.
    expect(await w.server.ctx.store.searchKeys(tid, 'ok', 10)).toBeNull();
    expect(await w.server.ctx.store.searchKeys(tid, 'key_', 0)).toBeNull();
  });

  it('filters by status, alone or as a comma-separated list, and refuses an unknown status', async () => {
    const tid = await w.tenantWithKeys();
    const dev = await w.member(tid);
    const active = await w.createKey(tid, dev.as);
    const expired = await w.createKey(tid, dev.as);
    const revoked = await w.createKey(tid, dev.as);
    await w.setKey(expired.key.id, { expires_at: iso(Date.now() - 1000) });
    await w.call('POST', `/tenants/${tid}/keys/${revoked.key.id}/revoke`, { as: w.admin });
    const ids = async (status: string) => {
      const res = await w.call('GET', `/tenants/${tid}/keys?status=${status}`, { as: dev.as });
      expect(res.status).toBe(200);
      return res.body.items.map((k: any) => k.id).sort();
    };
    expect(await ids('active')).toEqual([active.key.id]);
    expect(await ids('expired')).toEqual([expired.key.id]);
    expect(await ids('revoked')).toEqual([revoked.key.id]);
    expect(await ids('active,expired')).toEqual([active.key.id, expired.key.id].sort());
    expect(await ids('revoked,active')).toEqual([active.key.id, revoked.key.id].sort());
    expect(await ids('active,expired,revoked')).toHaveLength(3);
    const bad = await w.call('GET', `/tenants/${tid}/keys?status=active,gone`, { as: dev.as });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('sorts by every field in both directions, nulls last, the id breaking ties', async () => {
    const { tid, dev, rows } = await seededTenant(14);
    for (const field of ['name', 'createdAt', 'updatedAt', 'expiresAt', 'lastUsedAt', 'status']) {
      for (const sort of [field, `-${field}`]) {
        const res = await w.call('GET', `/tenants/${tid}/keys?sort=${sort}&limit=200`, { as: dev.as });
        expect(res.status).toBe(200);
        expect(res.body.items.map((k: any) => k.id), sort).toEqual(expectedOrder(rows, sort));
      }
    }
  });

  it('puts keys without lastUsedAt or expiresAt last, ascending and descending', async () => {
    const tid = await w.tenantWithKeys();
    const dev = await w.member(tid);
    const never = await w.createKey(tid, dev.as, { name: 'never' });
    const used = await w.createKey(tid, dev.as, { name: 'used', expiresInDays: 3 });
    await w.setKey(used.key.id, { last_used_at: iso(Date.now() - 1000) });
    for (const sort of ['lastUsedAt', '-lastUsedAt', 'expiresAt', '-expiresAt']) {
      const res = await w.call('GET', `/tenants/${tid}/keys?sort=${sort}`, { as: dev.as });
      expect(res.body.items.map((k: any) => k.name), sort).toEqual(['used', 'never']);
    }
  });

  it('sorts newest first by default', async () => {
    const { tid, dev, rows } = await seededTenant(6);
    const res = await w.call('GET', `/tenants/${tid}/keys`, { as: dev.as });
    expect(res.body.items.map((k: any) => k.id)).toEqual(expectedOrder(rows, '-createdAt'));
  });

  it('pages through 25 keys with limit 7 giving every key exactly once, in order, for several sorts', async () => {
    const { tid, dev, rows } = await seededTenant(25);
    for (const sort of ['-createdAt', 'createdAt', 'name', '-name', 'expiresAt', '-expiresAt', '-lastUsedAt', 'lastUsedAt', 'status', '-status', 'updatedAt', '-updatedAt']) {
      const { ids, pages } = await listAll(w, tid, dev.as, `&sort=${sort}`, 7);
      expect(pages, sort).toBe(4);
      expect(new Set(ids).size).toBe(25);
      expect(ids, sort).toEqual(expectedOrder(rows, sort));
    }
  });

  it('pages with filters and search, nextCursor null on the last page', async () => {
    const { tid, dev, rows } = await seededTenant(20);
    const activeOrExpired = rows.filter((r) => r.status !== 'revoked');
    const { ids } = await listAll(w, tid, dev.as, '&status=active,expired&sort=name', 3);
    expect(ids).toEqual(expectedOrder(activeOrExpired, 'name'));
    const lastPage = await w.call('GET', `/tenants/${tid}/keys?limit=${rows.length}`, { as: dev.as });
    expect(lastPage.body.nextCursor).toBeNull();
    const { ids: found } = await listAll(w, tid, dev.as, '&q=KEYB&sort=-updatedAt', 1);
    expect(found).toEqual(expectedOrder(rows.filter((r) => r.name.toLowerCase() === 'keyb'), '-updatedAt'));
  });

  it('keeps the first page\'s "now" in the cursor, so a key expiring while paging is neither skipped nor repeated', async () => {
    const tid = await w.tenantWithKeys();
    const dev = await w.member(tid);
    const keys = [];
    for (let i = 0; i < 4; i++) keys.push((await w.createKey(tid, dev.as, { name: `k${i}` })).key);
    // The last key of the order expires between the first and the second page.
    await w.setKey(keys[3].id, { expires_at: iso(serverNow() + 1500) });
    const first = await w.call('GET', `/tenants/${tid}/keys?status=active&sort=name&limit=2`, { as: dev.as });
    expect(first.body.items.map((k: any) => k.name)).toEqual(['k0', 'k1']);
    skewMs += 1600;
    const second = await w.call('GET', `/tenants/${tid}/keys?status=active&sort=name&limit=2&cursor=${first.body.nextCursor}`, { as: dev.as });
    expect(second.body.items.map((k: any) => [k.name, k.status])).toEqual([['k2', 'active'], ['k3', 'active']]);
    // A fresh first page sees the key as expired.
    const fresh = await w.call('GET', `/tenants/${tid}/keys?status=active&sort=name`, { as: dev.as });
    expect(fresh.body.items.map((k: any) => k.name)).toEqual(['k0', 'k1', 'k2']);
  });

  it('answers 400 for a bad cursor, a cursor of another sort, limit 201, limit 0 and an unknown sort field', async () => {
    const tid = await w.tenantWithKeys();
    const dev = await w.member(tid);
    await w.createKey(tid, dev.as);
    await w.createKey(tid, dev.as);
    const byName = await w.call('GET', `/tenants/${tid}/keys?sort=name&limit=1`, { as: dev.as });
    expect(byName.body.nextCursor).toEqual(expect.any(String));
    for (const query of ['cursor=not-a-cursor', `cursor=${Buffer.from('{"x":1}').toString('base64url')}`, 'limit=201', 'limit=0', 'sort=owner', 'sort=-secret',
      `sort=status&cursor=${byName.body.nextCursor}`, `sort=-createdAt&cursor=${byName.body.nextCursor}`]) {
      const res = await w.call('GET', `/tenants/${tid}/keys?${query}`, { as: dev.as });
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await w.call('GET', `/tenants/${tid}/keys?limit=200`, { as: dev.as })).status).toBe(200);
  });

  it('never lists another tenant\'s keys, and answers 404 for a tenant the caller is not in', async () => {
    const tidA = await w.tenantWithKeys();
    const tidB = await w.tenantWithKeys();
    const adminA = await w.member(tidA, ['tenant_admin'], false);
    const devB = await w.member(tidB);
    const keyB = await w.createKey(tidB, devB.as, { name: 'b-only' });
    const listA = await w.call('GET', `/tenants/${tidA}/keys?q=b-only`, { as: adminA.as });
    expect(listA.body.items).toEqual([]);
    const listB = await w.call('GET', `/tenants/${tidB}/keys`, { as: adminA.as });
    expect(listB.status).toBe(404);
    expect(listB.body.error.code).toBe('NOT_FOUND');
    const filtered = await w.call('GET', `/tenants/${tidA}/keys?owner=${devB.id}`, { as: adminA.as });
    expect(filtered.body.items).toEqual([]);
    expect(JSON.stringify(filtered.body)).not.toContain(keyB.key.id);
  });
});
