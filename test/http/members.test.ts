import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type Credentials, type TestServer } from '../helpers/server.js';
import { unique, World } from '../helpers/world.js';
import { DIALECTS } from '../helpers/services.js';
import { newId } from '../../src/domain/ids.js';


describe.each(DIALECTS)('members on %s', (dialect) => {
  const world = World.forSuite(dialect);
  let server: TestServer;
  let admin: Credentials;
  beforeAll(() => ({ server, admin } = world));

  const newTenant = (settings?: Record<string, unknown>) => world.tenant(settings);
  const newUser = (name?: string, email?: string) => world.user({ name, email });
  const grant = (tid: string, uid: string, roles: string[], licensed = false, as?: Credentials) =>
    world.grant(tid, uid, roles, licensed, as);

  /** A tenant whose only tenant admin is a plain (non-platform) user. */
  async function tenantWithAdmin() {
    const tid = await newTenant({ apiKeysEnabled: true });
    const owner = await newUser();
    expect((await grant(tid, owner.id, ['tenant_admin'])).status).toBe(200);
    // The platform admin who created the tenant steps out, leaving `owner` as the sole admin.
    expect((await server.api.call('DELETE', `/tenants/${tid}/members/${(await me(admin)).id}`, { as: admin })).status).toBe(204);
    return { tid, owner, ownerAuth: await owner.login() };
  }

  async function me(as: Credentials) {
    return (await server.api.call('GET', '/auth/me', { as })).body.user as { id: string };
  }

  /** Creates a key for `ownerId` through the keys API, as the platform admin (tenant-admin rights). */
  async function createKey(tid: string, ownerId: string, options: { revoked?: boolean } = {}) {
    const res = await server.api.call('POST', `/tenants/${tid}/keys`, { as: admin, body: { name: `key ${unique()}`, ownerId } });
    expect(res.status).toBe(201);
    const id = res.body.key.id as string;
    if (options.revoked) expect((await server.api.call('POST', `/tenants/${tid}/keys/${id}/revoke`, { as: admin })).status).toBe(200);
    return { id, secret: res.body.secret as string };
  }

  async function eventsOf(tid: string, type: string) {
    const rows = await server.ctx.store.db.selectFrom('events').selectAll()
      .where('tenant_id', '=', tid).where('type', '=', type).orderBy('seq').execute();
    return rows.map((r) => ({ ...r, details: JSON.parse(r.details) }));
  }

  describe('listing', () => {
    it('lists the tenant creator as its tenant admin', async () => {
      const tid = await newTenant();
      const res = await server.api.call('GET', `/tenants/${tid}/members`, { as: admin });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        items: [{ userId: (await me(admin)).id, email: ADMIN.email, name: 'Administrator', roles: ['tenant_admin'], licensed: false }],
        nextCursor: null,
      });
    });

    it('searches email and name case-insensitively, beyond ASCII', async () => {
      const tid = await newTenant();
      const tag = unique();
      const ana = await newUser(`Ünal Øster ${tag}`, `ana-${tag}@example.test`);
      const bob = await newUser(`Bob ${tag}`, `Bob.Builder-${tag}@Example.test`);
      await grant(tid, ana.id, ['developer']);
      await grant(tid, bob.id, []);
      const byName = await server.api.call('GET', `/tenants/${tid}/members?q=${encodeURIComponent('ÜNAL ØSTER')}`, { as: admin });
      expect(byName.body.items.map((m: { userId: string }) => m.userId)).toEqual([ana.id]);
      const byEmail = await server.api.call('GET', `/tenants/${tid}/members?q=${encodeURIComponent(`bob.BUILDER-${tag}`)}`, { as: admin });
      expect(byEmail.body.items.map((m: { userId: string }) => m.userId)).toEqual([bob.id]);
      const wildcard = await server.api.call('GET', `/tenants/${tid}/members?q=%25`, { as: admin });
      expect(wildcard.body.items).toEqual([]);
    });

    it('pages by email then id without skipping or repeating', async () => {
      const tid = await newTenant();
      const tag = unique();
      for (const letter of ['e', 'c', 'a', 'd', 'b']) {
        const u = await newUser(`Pager ${letter}`, `${letter}-pager-${tag}@example.test`);
        await grant(tid, u.id, []);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `?q=pager-${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await server.api.call('GET', `/tenants/${tid}/members${query}`, { as: admin });
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((m: { email: string }) => m.email[0]));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
    });

    it('refuses a limit over 200 and a cursor it did not make', async () => {
      const tid = await newTenant();
      const tooMany = await server.api.call('GET', `/tenants/${tid}/members?limit=201`, { as: admin });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.error.code).toBe('VALIDATION_FAILED');
      const bad = await server.api.call('GET', `/tenants/${tid}/members?cursor=not-a-cursor`, { as: admin });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].field).toBe('/cursor');
    });
  });

  describe('granting and changing', () => {
    it('grants access with roles and licence and records member.granted', async () => {
      const tid = await newTenant();
      const dev = await newUser();
      const res = await grant(tid, dev.id, ['developer'], true);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ userId: dev.id, email: dev.email, name: dev.name, roles: ['developer'], licensed: true });
      const [event] = (await eventsOf(tid, 'member.granted')).filter((e) => e.details.userId === dev.id);
      expect(event.details).toEqual({ userId: dev.id, roles: ['developer'], licensed: true });
      const tenants = await server.api.call('GET', '/tenants', { as: await dev.login() });
      expect(tenants.body.items.map((t: { id: string }) => t.id)).toEqual([tid]);
    });

    it('grants access with no roles at all', async () => {
      const tid = await newTenant();
      const user = await newUser();
      const res = await grant(tid, user.id, []);
      expect(res.status).toBe(200);
      expect(res.body.roles).toEqual([]);
    });

    it('changes roles and licence, recording what changed and announcing the member change', async () => {
      const tid = await newTenant();
      const dev = await newUser();
      await grant(tid, dev.id, ['developer'], true);
      const res = await grant(tid, dev.id, ['tenant_admin', 'developer'], false);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ roles: ['tenant_admin', 'developer'], licensed: false });
      const [event] = await eventsOf(tid, 'member.changed');
      expect(event.details).toEqual({
        userId: dev.id,
        changes: { roles: { from: ['developer'], to: ['tenant_admin', 'developer'] }, licensed: { from: true, to: false } },
      });
      const announced = await server.ctx.store.db.selectFrom('changes').select('kind')
        .where('tenant_id', '=', tid).where('subject_id', '=', dev.id).execute();
      expect(announced.map((c) => c.kind)).toEqual(['member', 'member']);
    });

    it('records nothing when a PUT repeats the current state', async () => {
      const tid = await newTenant();
      const dev = await newUser();
      await grant(tid, dev.id, ['developer'], true);
      expect((await grant(tid, dev.id, ['developer'], true)).status).toBe(200);
      expect(await eventsOf(tid, 'member.changed')).toEqual([]);
    });

    it('lets a tenant admin give themself the developer role', async () => {
      const { tid, owner, ownerAuth } = await tenantWithAdmin();
      const res = await grant(tid, owner.id, ['tenant_admin', 'developer'], true, ownerAuth);
      expect(res.status).toBe(200);
      expect(res.body.roles).toEqual(['tenant_admin', 'developer']);
    });

    it('answers 404 for a user who does not exist', async () => {
      const tid = await newTenant();
      const res = await grant(tid, newId('usr'), ['developer']);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    });

    it.each([
      ['an unknown role', { roles: ['root'], licensed: false }, '/roles/0'],
      ['a repeated role', { roles: ['developer', 'developer'], licensed: false }, '/roles'],
      ['a missing licence', { roles: [] }, '/licensed'],
      ['a licence as a string', { roles: [], licensed: 'true' }, '/licensed'],
      ['an unknown field', { roles: [], licensed: false, admin: true }, '/admin'],
    ])('refuses %s with 400 on its field', async (_what, body, field) => {
      const tid = await newTenant();
      const user = await newUser();
      const res = await server.api.call('PUT', `/tenants/${tid}/members/${user.id}`, { as: admin, body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    });
  });

  describe('who may manage members', () => {
    it('answers 401 without credentials', async () => {
      const tid = await newTenant();
      expect((await server.api.call('GET', `/tenants/${tid}/members`)).status).toBe(401);
      expect((await server.api.call('DELETE', `/tenants/${tid}/members/${newId('usr')}`)).status).toBe(401);
    });

    it('answers 403 to a member who is not a tenant admin', async () => {
      const tid = await newTenant();
      const dev = await newUser();
      const other = await newUser();
      await grant(tid, dev.id, ['developer'], true);
      await grant(tid, other.id, ['developer']);
      const as = await dev.login();
      for (const res of [
        await server.api.call('GET', `/tenants/${tid}/members`, { as }),
        await grant(tid, dev.id, ['tenant_admin', 'developer'], true, as),
        await server.api.call('DELETE', `/tenants/${tid}/members/${other.id}`, { as }),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
    });

    it("answers 404 to an admin of another tenant, for that tenant's members", async () => {
      const a = await tenantWithAdmin();
      const b = await tenantWithAdmin();
      for (const res of [
        await server.api.call('GET', `/tenants/${b.tid}/members`, { as: a.ownerAuth }),
        await grant(b.tid, a.owner.id, ['tenant_admin'], false, a.ownerAuth),
        await server.api.call('DELETE', `/tenants/${b.tid}/members/${b.owner.id}`, { as: a.ownerAuth }),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('NOT_FOUND');
      }
      const bMembers = await server.api.call('GET', `/tenants/${b.tid}/members`, { as: b.ownerAuth });
      expect(bMembers.body.items.map((m: { userId: string }) => m.userId)).toEqual([b.owner.id]);
    });
  });

  describe('the last tenant admin', () => {
    it('refuses to demote the only tenant admin', async () => {
      const { tid, owner, ownerAuth } = await tenantWithAdmin();
      const res = await grant(tid, owner.id, ['developer'], true, ownerAuth);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('LAST_ADMIN');
    });

    it('refuses to withdraw the only tenant admin, even for a platform admin', async () => {
      const { tid, owner } = await tenantWithAdmin();
      const res = await server.api.call('DELETE', `/tenants/${tid}/members/${owner.id}`, { as: admin });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('LAST_ADMIN');
      const still = await server.api.call('GET', `/tenants/${tid}/members`, { as: admin });
      expect(still.body.items.map((m: { userId: string }) => m.userId)).toEqual([owner.id]);
    });

    it('lets one of two admins step down, then keeps the other', async () => {
      const { tid, owner, ownerAuth } = await tenantWithAdmin();
      const second = await newUser();
      await grant(tid, second.id, ['tenant_admin'], false, ownerAuth);
      expect((await grant(tid, owner.id, ['developer'], true, ownerAuth)).status).toBe(200);
      const res = await grant(tid, second.id, [], false);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('LAST_ADMIN');
    });

    it('lets only one of two concurrent demotions of the last two admins pass', async () => {
      const { tid, owner } = await tenantWithAdmin();
      const second = await newUser();
      await grant(tid, second.id, ['tenant_admin']);
      const results = await Promise.all([grant(tid, owner.id, ['developer']), grant(tid, second.id, ['developer'])]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const members = await server.api.call('GET', `/tenants/${tid}/members`, { as: admin });
      expect(members.body.items.filter((m: { roles: string[] }) => m.roles.includes('tenant_admin'))).toHaveLength(1);
    });
  });

  describe('withdrawing access', () => {
    it('removes the member and answers 204 with no body', async () => {
      const tid = await newTenant();
      const user = await newUser();
      await grant(tid, user.id, ['developer']);
      const res = await server.api.call('DELETE', `/tenants/${tid}/members/${user.id}`, { as: admin });
      expect(res.status).toBe(204);
      expect(res.body).toBe('');
      const list = await server.api.call('GET', `/tenants/${tid}/members`, { as: admin });
      expect(list.body.items.map((m: { userId: string }) => m.userId)).not.toContain(user.id);
      expect((await server.api.call('GET', `/tenants/${tid}`, { as: await user.login() })).status).toBe(404);
    });

    it('answers 404 for a user who is not a member', async () => {
      const tid = await newTenant();
      const user = await newUser();
      const res = await server.api.call('DELETE', `/tenants/${tid}/members/${user.id}`, { as: admin });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    });

    it("revokes every one of the member's keys in that tenant, and only those", async () => {
      const tid = await newTenant({ apiKeysEnabled: true });
      const otherTid = await newTenant({ apiKeysEnabled: true });
      const dev = await newUser();
      const colleague = await newUser();
      for (const t of [tid, otherTid]) await grant(t, dev.id, ['developer'], true);
      await grant(tid, colleague.id, ['developer'], true);
      const k1 = await createKey(tid, dev.id);
      const k2 = await createKey(tid, dev.id);
      const alreadyRevoked = await createKey(tid, dev.id, { revoked: true });
      const elsewhere = await createKey(otherTid, dev.id);
      const colleagues = await createKey(tid, colleague.id);
      expect((await server.api.call('POST', '/verify', { headers: { 'x-api-key': k1.secret } })).body.valid).toBe(true);
      const revokedBefore = await server.ctx.store.db.selectFrom('api_keys').select('revoked_at')
        .where('id', '=', alreadyRevoked.id).executeTakeFirstOrThrow();
      const eventsBefore = (await eventsOf(tid, 'key.revoked')).length;

      const res = await server.api.call('DELETE', `/tenants/${tid}/members/${dev.id}`, { as: admin });
      expect(res.status).toBe(204);

      const rows = await server.ctx.store.db.selectFrom('api_keys').select(['id', 'revoked_at', 'revoked_by']).execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      const adminId = (await me(admin)).id;
      for (const k of [k1, k2]) expect(byId.get(k.id)).toMatchObject({ revoked_by: adminId, revoked_at: expect.any(String) });
      expect(byId.get(alreadyRevoked.id)!.revoked_at).toBe(revokedBefore.revoked_at);
      expect(byId.get(elsewhere.id)!.revoked_at).toBeNull();
      expect(byId.get(colleagues.id)!.revoked_at).toBeNull();

      const revoked = (await eventsOf(tid, 'key.revoked')).slice(eventsBefore);
      expect(revoked.map((e) => e.key_id).sort()).toEqual([k1.id, k2.id].sort());
      for (const e of revoked) expect(e.details.reason).toBe('withdrawn');
      const [withdrawn] = await eventsOf(tid, 'member.withdrawn');
      expect(withdrawn.details).toMatchObject({ userId: dev.id });

      const verify = await server.api.call('POST', '/verify', { headers: { 'x-api-key': k1.secret } });
      expect(verify.body).toEqual({ valid: false, code: 'REVOKED' });
      expect((await server.api.call('POST', '/verify', { headers: { 'x-api-key': elsewhere.secret } })).body.valid).toBe(true);
    });

    it('keeps the revocation when the member is granted access again', async () => {
      const tid = await newTenant({ apiKeysEnabled: true });
      const dev = await newUser();
      await grant(tid, dev.id, ['developer'], true);
      const key = await createKey(tid, dev.id);
      await server.api.call('DELETE', `/tenants/${tid}/members/${dev.id}`, { as: admin });
      expect((await grant(tid, dev.id, ['developer'], true)).status).toBe(200);
      const verify = await server.api.call('POST', '/verify', { headers: { 'x-api-key': key.secret } });
      expect(verify.body.code).toBe('REVOKED');
    });
  });

  describe('keys losing their owner rights', () => {
    it('makes a key answer DISABLED once its owner loses the licence, and valid again when restored', async () => {
      const tid = await newTenant({ apiKeysEnabled: true });
      const dev = await newUser();
      await grant(tid, dev.id, ['developer'], true);
      const key = await createKey(tid, dev.id);
      const verify = () => server.api.call('POST', '/verify', { headers: { 'x-api-key': key.secret } });
      expect((await verify()).body.valid).toBe(true);
      await grant(tid, dev.id, ['developer'], false);
      expect((await verify()).body).toEqual({ valid: false, code: 'DISABLED' });
      await grant(tid, dev.id, ['developer'], true);
      expect((await verify()).body.valid).toBe(true);
    });
  });
});
