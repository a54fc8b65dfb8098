// Ordering by a name is the same on both databases: by the lower-cased name's Unicode code points,
// then the id (DESIGN "Durability and consistency"). On PostgreSQL the server runs in a database
// whose default collation is a language's (ICU `en`), which orders punctuation, accents and case
// its own way; SQLite compares UTF-8 bytes, which is code-point order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocaleDatabase, DIALECTS } from '../helpers/services.js';
import type { Credentials } from '../helpers/server.js';
import { unique, World } from '../helpers/world.js';

const NAMES = ['Zeta', 'alpha', 'Émile', 'émile', 'ß', '_x', 'a b', 'ab', 'a-b', 'A_1', 'a1', '😀 smile', 'ｚ wide',
  'İstanbul', 'Ωmega', '9 lives', 'zeta'];

/** Code points, not UTF-16 units: '😀' (U+1F600) comes after 'ｚ' (U+FF5A). */
function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

const byNameThenId = <T>(name: (t: T) => string, id: (t: T) => string) => (a: T, b: T) =>
  compareCodePoints(name(a).toLowerCase(), name(b).toLowerCase()) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);

async function pages(w: World, path: string, as: Credentials, limit: number): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res: { status: number; body: any } = await w.call('GET',
      `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { as });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

describe.each(DIALECTS)('ordering by name on %s', (dialect) => {
  const env: Record<string, string> = {};
  let localeDb: Awaited<ReturnType<typeof createLocaleDatabase>> = null;
  beforeAll(async () => {
    if (dialect !== 'postgres') return;
    localeDb = await createLocaleDatabase();
    env.DATABASE_URL = localeDb!.url;
  });
  // Registered before the world's: after-hooks run in reverse, so the server stops first.
  afterAll(async () => { await localeDb?.drop(); });
  const w = World.forSuite(dialect, env);

  it('lists keys by name in code-point order of the lower-cased name, then id, both directions and across pages', async () => {
    const tid = await w.tenantWithKeys({ maxActiveKeysPerUser: 1000 });
    const dev = await w.member(tid);
    const made: { id: string; name: string }[] = [];
    for (const name of NAMES) made.push((await w.createKey(tid, dev.as, { name })).key);
    const ascending = [...made].sort(byNameThenId((k) => k.name, (k) => k.id)).map((k) => k.id);
    expect((await pages(w, `/tenants/${tid}/keys?sort=name`, dev.as, 4)).map((k) => k.id)).toEqual(ascending);
    expect((await pages(w, `/tenants/${tid}/keys?sort=-name`, dev.as, 4)).map((k) => k.id)).toEqual([...ascending].reverse());
  });

  it('lists members by e-mail in code-point order of the lower-cased address, then user id, across pages', async () => {
    const tid = await w.tenant();
    const u = unique();
    for (const local of ['_x', 'Zeta', 'a_1', 'a.1', 'a1', '9z', 'alpha', 'a-b', 'A.b']) {
      const user = await w.user({ email: `${local}.${u}@example.test` });
      expect((await w.grant(tid, user.id, ['developer'])).status).toBe(200);
    }
    const listed = await pages(w, `/tenants/${tid}/members`, w.admin, 3);
    expect(listed).toHaveLength(10); // the creating platform admin too
    expect(listed.map((m) => m.userId)).toEqual([...listed].sort(byNameThenId((m) => m.email, (m) => m.userId)).map((m) => m.userId));
  });

  it('lists tenants by name in code-point order of the lower-cased name, then id, across pages', async () => {
    const u = unique();
    for (const name of NAMES.filter((n) => n !== 'émile' && n !== 'zeta')) await w.tenant(undefined, `${name} ${u}`);
    const listed = await pages(w, `/tenants?q=${u}`, w.admin, 4);
    expect(listed).toHaveLength(NAMES.length - 2);
    expect(listed.map((t) => t.id)).toEqual([...listed].sort(byNameThenId((t) => t.name, (t) => t.id)).map((t) => t.id));
  });

  it('lists resources with siblings in code-point order of the lower-cased name, then id, across pages', async () => {
    const tid = await w.tenant();
    const roots: { id: string; name: string }[] = [];
    // Sibling names are unique case-insensitively, so 'émile' goes one level down.
    for (const name of NAMES.filter((n) => n !== 'émile' && n !== 'zeta')) roots.push({ id: await w.resource(tid, name), name });
    const parent = roots.find((r) => r.name === 'alpha')!;
    const children: { id: string; name: string }[] = [];
    for (const name of ['émile', 'zeta', 'ｚ', '😀', 'B', '_']) children.push({ id: await w.resource(tid, name, parent.id), name });
    const order = byNameThenId<{ id: string; name: string }>((r) => r.name, (r) => r.id);
    const expected = [...roots].sort(order).flatMap((r) => (r === parent ? [r, ...[...children].sort(order)] : [r])).map((r) => r.id);
    expect((await pages(w, `/tenants/${tid}/resources`, w.admin, 5)).map((r) => r.id)).toEqual(expected);
  });
});
