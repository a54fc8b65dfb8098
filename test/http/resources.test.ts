import { beforeAll, describe, expect, it } from 'vitest';
import type { Credentials, TestServer } from '../helpers/server.js';
import { unique, World } from '../helpers/world.js';
import { DIALECTS } from '../helpers/services.js';
import { newId } from '../../src/domain/ids.js';


interface ResourceBody {
  id: string;
  type: string;
  name: string;
  parentId: string | null;
  createdAt: string;
  updatedAt: string;
}

describe.each(DIALECTS)('resources on %s', (dialect) => {
  const world = World.forSuite(dialect);
  let server: TestServer;
  let admin: Credentials;
  beforeAll(() => ({ server, admin } = world));

  const newTenant = (settings?: Record<string, unknown>) => world.tenant(settings);
  async function newMember(tid: string, roles: string[], licensed = false) {
    const user = await world.member(tid, roles, licensed);
    return { id: user.id, auth: user.as };
  }

  async function create(tid: string, body: Record<string, unknown>, as = admin) {
    return server.api.call('POST', `/tenants/${tid}/resources`, { as, body });
  }

  async function made(tid: string, name: string, parentId?: string, type = 'folder') {
    const res = await create(tid, { type, name, ...(parentId && { parentId }) });
    expect(res.status).toBe(201);
    return res.body as ResourceBody;
  }

  async function listNames(tid: string, as = admin) {
    const res = await server.api.call('GET', `/tenants/${tid}/resources?limit=200`, { as });
    expect(res.status).toBe(200);
    return (res.body.items as ResourceBody[]).map((r) => r.name);
  }

  async function eventsOf(tid: string, type: string) {
    const rows = await server.ctx.store.db.selectFrom('events').selectAll()
      .where('tenant_id', '=', tid).where('type', '=', type).orderBy('seq').execute();
    return rows.map((r) => JSON.parse(r.details) as Record<string, unknown>);
  }

  async function announced(tid: string, subjectId: string) {
    const rows = await server.ctx.store.db.selectFrom('changes').select('kind')
      .where('tenant_id', '=', tid).where('subject_id', '=', subjectId).execute();
    return rows.map((r) => r.kind);
  }

  describe('creating', () => {
    it('creates a root and a child, answering 201 with the resource and recording resource.created', async () => {
      const tid = await newTenant();
      const root = await create(tid, { type: 'account', name: 'Acme' });
      expect(root.status).toBe(201);
      expect(root.body).toEqual({
        id: expect.stringMatching(/^res_/), type: 'account', name: 'Acme', parentId: null,
        createdAt: expect.any(String), updatedAt: root.body.createdAt,
      });
      const child = await create(tid, { type: 'database', name: 'Orders', parentId: root.body.id });
      expect(child.status).toBe(201);
      expect(child.body.parentId).toBe(root.body.id);
      expect(await eventsOf(tid, 'resource.created')).toEqual([
        { resourceId: root.body.id, type: 'account', name: 'Acme', parentId: null },
        { resourceId: child.body.id, type: 'database', name: 'Orders', parentId: root.body.id },
      ]);
      expect(await announced(tid, child.body.id)).toEqual(['resource']);
    });

    it('refuses a name taken by a sibling in any letter case, roots included, with 409 NAME_TAKEN', async () => {
      const tid = await newTenant();
      const root = await made(tid, 'Ärchive');
      const taken = await create(tid, { type: 'folder', name: 'äRCHIVE' });
      expect(taken.status).toBe(409);
      expect(taken.body.error.code).toBe('NAME_TAKEN');
      await made(tid, 'Docs', root.id);
      const takenBelow = await create(tid, { type: 'building', name: 'DOCS', parentId: root.id });
      expect(takenBelow.status).toBe(409);
    });

    it('allows the same name under different parents and in different tenants', async () => {
      const tid = await newTenant();
      const a = await made(tid, 'A');
      const b = await made(tid, 'B');
      await made(tid, 'Shared', a.id);
      await made(tid, 'Shared', b.id);
      await made(tid, 'Shared');
      await made(await newTenant(), 'Shared');
    });

    it("refuses a parent from another tenant, or none at all, with 400 on /parentId", async () => {
      const tid = await newTenant();
      const foreign = await made(await newTenant(), 'Foreign');
      for (const parentId of [foreign.id, newId('res')]) {
        const res = await create(tid, { type: 'folder', name: 'X', parentId });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
        expect(res.body.error.details).toEqual([{ field: '/parentId', message: expect.any(String) }]);
      }
    });

    it.each([
      ['an uppercase type', { type: 'Folder', name: 'x' }, '/type'],
      ['a type starting with a digit', { type: '1st', name: 'x' }, '/type'],
      ['a type over 32 characters', { type: 'a'.repeat(33), name: 'x' }, '/type'],
      ['an empty name', { type: 'folder', name: '' }, '/name'],
      ['a missing type', { name: 'x' }, '/type'],
      ['an unknown field', { type: 'folder', name: 'x', colour: 'red' }, '/colour'],
    ])('refuses %s with 400', async (_what, body, field) => {
      const tid = await newTenant();
      const res = await create(tid, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('accepts any lowercase word as a type', async () => {
      const tid = await newTenant();
      expect((await made(tid, 'Rack 7', undefined, 'server_rack-2')).type).toBe('server_rack-2');
    });
  });

  describe('listing', () => {
    it('lists depth-first, siblings by name case-insensitively', async () => {
      const tid = await newTenant();
      const zulu = await made(tid, 'zulu');
      const alpha = await made(tid, 'Alpha');
      await made(tid, 'beta');
      await made(tid, 'two', alpha.id);
      const one = await made(tid, 'One', alpha.id);
      await made(tid, 'deep', one.id);
      await made(tid, 'leaf', zulu.id);
      expect(await listNames(tid)).toEqual(['Alpha', 'One', 'deep', 'two', 'beta', 'zulu', 'leaf']);
    });

    it('lists a moved subtree under its new parent', async () => {
      const tid = await newTenant();
      const a = await made(tid, 'a');
      const b = await made(tid, 'b');
      const sub = await made(tid, 'sub', a.id);
      await made(tid, 'subsub', sub.id);
      expect((await server.api.call('PATCH', `/tenants/${tid}/resources/${sub.id}`, { as: admin, body: { parentId: b.id } })).status).toBe(200);
      expect(await listNames(tid)).toEqual(['a', 'b', 'sub', 'subsub']);
    });

    it('pages through the tree with an opaque cursor', async () => {
      const tid = await newTenant();
      const root = await made(tid, 'root');
      for (const n of ['e', 'a', 'd', 'c', 'b']) await made(tid, n, root.id);
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await server.api.call('GET', `/tenants/${tid}/resources${query}`, { as: admin });
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        names.push(...page.body.items.map((r: ResourceBody) => r.name));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(names).toEqual(['root', 'a', 'b', 'c', 'd', 'e']);
    });

    it('refuses a bad cursor and a limit over 200 with 400', async () => {
      const tid = await newTenant();
      expect((await server.api.call('GET', `/tenants/${tid}/resources?cursor=nope`, { as: admin })).status).toBe(400);
      expect((await server.api.call('GET', `/tenants/${tid}/resources?limit=201`, { as: admin })).status).toBe(400);
    });

    it('lets any member read the tree, with no roles at all', async () => {
      const tid = await newTenant();
      await made(tid, 'Visible');
      const member = await newMember(tid, []);
      expect(await listNames(tid, member.auth)).toEqual(['Visible']);
    });

    it('lets a management key with tenant-wide read list, and refuses one scoped to a resource', async () => {
      const tid = await newTenant({ apiKeysEnabled: true });
      const folder = await made(tid, 'Folder');
      const dev = await newMember(tid, ['developer'], true);
      const keyOf = async (scopes: unknown[]) => {
        const res = await server.api.call('POST', `/tenants/${tid}/keys`, { as: dev.auth, body: { name: `k ${unique()}`, management: true, scopes } });
        expect(res.status).toBe(201);
        return { key: res.body.secret as string };
      };
      const wide = await keyOf([{ resourceId: null, permission: 'read' }]);
      expect(await listNames(tid, wide)).toEqual(['Folder']);
      const narrow = await keyOf([{ resourceId: folder.id, permission: 'admin' }]);
      const res = await server.api.call('GET', `/tenants/${tid}/resources`, { as: narrow });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    });
  });

  describe('renaming and moving', () => {
    it('renames, records what changed and announces the resource change', async () => {
      const tid = await newTenant();
      const r = await made(tid, 'Old');
      const res = await server.api.call('PATCH', `/tenants/${tid}/resources/${r.id}`, { as: admin, body: { name: 'New' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: r.id, name: 'New', type: 'folder', parentId: null, createdAt: r.createdAt });
      expect(await eventsOf(tid, 'resource.updated')).toEqual([{ resourceId: r.id, changes: { name: { from: 'Old', to: 'New' } } }]);
      expect(await announced(tid, r.id)).toEqual(['resource', 'resource']);
    });

    it('allows a change of letter case in its own name', async () => {
      const tid = await newTenant();
      const r = await made(tid, 'docs');
      const res = await server.api.call('PATCH', `/tenants/${tid}/resources/${r.id}`, { as: admin, body: { name: 'Docs' } });
      expect(res.status).toBe(200);
      expect(res.body.name).toBe('Docs');
    });

    it('moves under another parent and back to the root with parentId null', async () => {
      const tid = await newTenant();
      const a = await made(tid, 'a');
      const r = await made(tid, 'r');
      const moved = await server.api.call('PATCH', `/tenants/${tid}/resources/${r.id}`, { as: admin, body: { parentId: a.id } });
      expect(moved.status).toBe(200);
      expect(moved.body.parentId).toBe(a.id);
      const back = await server.api.call('PATCH', `/tenants/${tid}/resources/${r.id}`, { as: admin, body: { parentId: null } });
      expect(back.status).toBe(200);
      expect(back.body.parentId).toBeNull();
    });

    it('refuses a move under itself or a descendant with 400 on /parentId', async () => {
      const tid = await newTenant();
      const top = await made(tid, 'top');
      const mid = await made(tid, 'mid', top.id);
      const low = await made(tid, 'low', mid.id);
      for (const parentId of [top.id, mid.id, low.id]) {
        const res = await server.api.call('PATCH', `/tenants/${tid}/resources/${top.id}`, { as: admin, body: { parentId } });
        expect(res.status).toBe(400);
        expect(res.body.error.details[0].field).toBe('/parentId');
      }
    });

    it('refuses a resource deeper than 32 levels, by create or by a move of a subtree, with 400 on /parentId', async () => {
      // Before, nothing bounded the depth: every listing then built each resource's whole path
      // (quadratic in a deep chain), and verifications cached as many (attacker-side review).
      const tid = await newTenant();
      const chain: ResourceBody[] = [];
      for (let depth = 1; depth <= 32; depth++) chain.push(await made(tid, `level ${depth}`, chain.at(-1)?.id));
      const deeper = await create(tid, { type: 'folder', name: 'level 33', parentId: chain[31].id });
      expect([deeper.status, deeper.body.error.details[0].field]).toEqual([400, '/parentId']);
      // A subtree two levels high fits under level 30, not under level 31.
      const top = await made(tid, 'subtree');
      await made(tid, 'leaf', top.id);
      const tooDeep = await server.api.call('PATCH', `/tenants/${tid}/resources/${top.id}`, { as: admin, body: { parentId: chain[30].id } });
      expect([tooDeep.status, tooDeep.body.error.details[0].field]).toEqual([400, '/parentId']);
      const fits = await server.api.call('PATCH', `/tenants/${tid}/resources/${top.id}`, { as: admin, body: { parentId: chain[29].id } });
      expect(fits.status).toBe(200);
    });

    it('refuses a rename or move onto a sibling name with 409 NAME_TAKEN', async () => {
      const tid = await newTenant();
      const parent = await made(tid, 'parent');
      await made(tid, 'Taken', parent.id);
      const r = await made(tid, 'taken');
      const move = await server.api.call('PATCH', `/tenants/${tid}/resources/${r.id}`, { as: admin, body: { parentId: parent.id } });
      expect(move.status).toBe(409);
      expect(move.body.error.code).toBe('NAME_TAKEN');
      const other = await made(tid, 'other');
      const rename = await server.api.call('PATCH', `/tenants/${tid}/resources/${other.id}`, { as: admin, body: { name: 'TAKEN' } });
      expect(rename.status).toBe(409);
    });

    it('refuses an empty patch with 400 and answers 404 for an unknown resource', async () => {
      const tid = await newTenant();
      const r = await made(tid, 'r');
      expect((await server.api.call('PATCH', `/tenants/${tid}/resources/${r.id}`, { as: admin, body: {} })).status).toBe(400);
      const missing = await server.api.call('PATCH', `/tenants/${tid}/resources/${newId('res')}`, { as: admin, body: { name: 'x' } });
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('NOT_FOUND');
    });

    it('changes what a scoped key may reach on its next verification when a resource moves', async () => {
      const tid = await newTenant({ apiKeysEnabled: true });
      const granted = await made(tid, 'granted');
      const elsewhere = await made(tid, 'elsewhere');
      const leaf = await made(tid, 'leaf', granted.id);
      const dev = await newMember(tid, ['developer'], true);
      const key = await server.api.call('POST', `/tenants/${tid}/keys`, {
        as: dev.auth, body: { name: 'scoped', scopes: [{ resourceId: granted.id, permission: 'read' }] },
      });
      expect(key.status).toBe(201);
      const verify = () => server.api.call('POST', '/verify', { headers: { 'x-api-key': key.body.secret }, body: { resourceId: leaf.id } });
      expect((await verify()).body.valid).toBe(true);
      await server.api.call('PATCH', `/tenants/${tid}/resources/${leaf.id}`, { as: admin, body: { parentId: elsewhere.id } });
      expect((await verify()).body).toEqual({ valid: false, code: 'FORBIDDEN' });
    });
  });

  describe('deleting', () => {
    it('deletes a leaf with 204, records resource.deleted and drops it from the list', async () => {
      const tid = await newTenant();
      const r = await made(tid, 'gone');
      const res = await server.api.call('DELETE', `/tenants/${tid}/resources/${r.id}`, { as: admin });
      expect(res.status).toBe(204);
      expect(res.body).toBe('');
      expect(await listNames(tid)).toEqual([]);
      expect(await eventsOf(tid, 'resource.deleted')).toEqual([{ resourceId: r.id, type: 'folder', name: 'gone', parentId: null }]);
      expect(await announced(tid, r.id)).toEqual(['resource', 'resource']);
      expect((await server.api.call('DELETE', `/tenants/${tid}/resources/${r.id}`, { as: admin })).status).toBe(404);
    });

    it('refuses to delete a resource with children with 409 IN_USE', async () => {
      const tid = await newTenant();
      const parent = await made(tid, 'parent');
      await made(tid, 'child', parent.id);
      const res = await server.api.call('DELETE', `/tenants/${tid}/resources/${parent.id}`, { as: admin });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('IN_USE');
    });

    it("refuses to delete a resource in a key's scope, even a revoked key's, and allows its unscoped sibling", async () => {
      const tid = await newTenant({ apiKeysEnabled: true });
      const scoped = await made(tid, 'scoped');
      const free = await made(tid, 'free');
      const dev = await newMember(tid, ['developer'], true);
      const key = await server.api.call('POST', `/tenants/${tid}/keys`, {
        as: dev.auth, body: { name: 'k', scopes: [{ resourceId: scoped.id, permission: 'write' }] },
      });
      expect(key.status).toBe(201);
      expect((await server.api.call('POST', `/tenants/${tid}/keys/${key.body.key.id}/revoke`, { as: admin })).status).toBe(200);
      const res = await server.api.call('DELETE', `/tenants/${tid}/resources/${scoped.id}`, { as: admin });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('IN_USE');
      expect((await server.api.call('DELETE', `/tenants/${tid}/resources/${free.id}`, { as: admin })).status).toBe(204);
    });
  });

  describe('who may change resources', () => {
    it('answers 401 without credentials', async () => {
      const tid = await newTenant();
      expect((await server.api.call('GET', `/tenants/${tid}/resources`)).status).toBe(401);
      expect((await server.api.call('POST', `/tenants/${tid}/resources`, { body: { type: 'folder', name: 'x' } })).status).toBe(401);
    });

    it('answers 403 to a member who is not a tenant admin, for every change', async () => {
      const tid = await newTenant();
      const r = await made(tid, 'r');
      const dev = await newMember(tid, ['developer'], true);
      for (const res of [
        await create(tid, { type: 'folder', name: 'x' }, dev.auth),
        await server.api.call('PATCH', `/tenants/${tid}/resources/${r.id}`, { as: dev.auth, body: { name: 'y' } }),
        await server.api.call('DELETE', `/tenants/${tid}/resources/${r.id}`, { as: dev.auth }),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
    });

    it("answers 404 to an admin of another tenant, for that tenant's resources", async () => {
      const tidA = await newTenant();
      const tidB = await newTenant();
      const adminA = await newMember(tidA, ['tenant_admin']);
      const r = await made(tidB, 'secret');
      for (const res of [
        await server.api.call('GET', `/tenants/${tidB}/resources`, { as: adminA.auth }),
        await create(tidB, { type: 'folder', name: 'x' }, adminA.auth),
        await server.api.call('PATCH', `/tenants/${tidB}/resources/${r.id}`, { as: adminA.auth, body: { name: 'y' } }),
        await server.api.call('DELETE', `/tenants/${tidB}/resources/${r.id}`, { as: adminA.auth }),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('NOT_FOUND');
      }
      const inA = await server.api.call('PATCH', `/tenants/${tidA}/resources/${r.id}`, { as: adminA.auth, body: { name: 'y' } });
      expect(inA.status).toBe(404);
      expect(await listNames(tidB)).toEqual(['secret']);
    });
  });
});
