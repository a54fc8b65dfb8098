// One key's life through the real server on each database: read, change, revoke (one and bulk),
// delete, rotate, usage and stats, with who may do each and tenant isolation.
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/services.js';
import { DAY_MS, iso } from './keys-fixture.js';
import { unique, World } from '../helpers/world.js';

const HOUR_MS = 3_600_000;

describe.each(DIALECTS)('a key\'s life on %s', (dialect) => {
  const w = World.forSuite(dialect);

  /** A tenant with a licensed developer, a colleague, a tenant admin (no developer role) and a key of the developer. */
  async function world(settings: Record<string, unknown> = {}, keyBody: Record<string, unknown> = {}, who: { colleague?: boolean; tenantAdmin?: boolean } = {}) {
    const tid = await w.tenantWithKeys(settings);
    const dev = await w.member(tid);
    // Only the members a test names: each one costs two password hashes.
    const colleague = who.colleague ? await w.member(tid) : (null as never);
    const tenantAdmin = who.tenantAdmin ? await w.member(tid, ['tenant_admin'], false) : (null as never);
    const created = await w.createKey(tid, dev.as, keyBody);
    return { tid, dev, colleague, tenantAdmin, key: created.key, secret: created.secret };
  }

  describe('reading', () => {
    it('lets the owner and a tenant admin read a key, and answers 404 to a colleague', async () => {
      const { tid, dev, colleague, tenantAdmin, key } = await world({}, {}, { colleague: true, tenantAdmin: true });
      for (const as of [dev.as, tenantAdmin.as, w.admin]) {
        const res = await w.call('GET', `/tenants/${tid}/keys/${key.id}`, { as });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ id: key.id, ownerId: dev.id, status: 'active' });
      }
      const hidden = await w.call('GET', `/tenants/${tid}/keys/${key.id}`, { as: colleague.as });
      expect(hidden.status).toBe(404);
      expect(hidden.body.error.code).toBe('NOT_FOUND');
    });

    it('lets an owner without the developer role still read their key, but not change, rotate or delete it', async () => {
      const { tid, dev, key } = await world();
      await w.grant(tid, dev.id, [], true);
      expect((await w.call('GET', `/tenants/${tid}/keys/${key.id}`, { as: dev.as })).status).toBe(200);
      expect((await w.call('GET', `/tenants/${tid}/keys`, { as: dev.as })).body.items).toHaveLength(1);
      expect((await w.call('PATCH', `/tenants/${tid}/keys/${key.id}`, { as: dev.as, body: { name: 'n' } })).status).toBe(403);
      expect((await w.call('DELETE', `/tenants/${tid}/keys/${key.id}`, { as: dev.as })).status).toBe(403);
      expect((await w.call('DELETE', `/tenants/${tid}/keys?owner=me`, { as: dev.as })).status).toBe(403);
      expect((await w.call('POST', `/tenants/${tid}/keys/${key.id}/rotate`, { as: dev.as })).body.error.code).toBe('NOT_DEVELOPER');
    });

    it('keeps every key route of another tenant at 404 for a tenant admin of tenant A', async () => {
      const a = await world({}, {}, { tenantAdmin: true });
      const b = await world();
      const adminA = a.tenantAdmin.as;
      const paths: [string, string, unknown?][] = [];
      for (const tid of [a.tid, b.tid]) {
        // Through B's path (a tenant A's admin cannot see) and through A's own path with B's key.
        paths.push(['GET', `/tenants/${tid}/keys/${b.key.id}`], ['PATCH', `/tenants/${tid}/keys/${b.key.id}`, { remaining: 1 }],
          ['DELETE', `/tenants/${tid}/keys/${b.key.id}`], ['POST', `/tenants/${tid}/keys/${b.key.id}/revoke`],
          ['POST', `/tenants/${tid}/keys/${b.key.id}/rotate`], ['GET', `/tenants/${tid}/keys/${b.key.id}/usage`]);
      }
      paths.push(['GET', `/tenants/${b.tid}/keys`], ['GET', `/tenants/${b.tid}/stats`], ['POST', `/tenants/${b.tid}/keys`, { name: 'x' }],
        ['POST', `/tenants/${b.tid}/keys/revoke`, { keyIds: [b.key.id] }], ['DELETE', `/tenants/${b.tid}/keys?owner=me`]);
      for (const [method, path, body] of paths) {
        const res = await w.call(method, path, { as: adminA, ...(body !== undefined && { body }) });
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.body.error.code).toBe('NOT_FOUND');
      }
      const bulk = await w.call('POST', `/tenants/${a.tid}/keys/revoke`, { as: adminA, body: { keyIds: [b.key.id] } });
      expect(bulk.body.results).toEqual([{ id: b.key.id, ok: false, code: 'NOT_FOUND' }]);
      // B's key is untouched.
      const still = await w.call('GET', `/tenants/${b.tid}/keys/${b.key.id}`, { as: b.dev.as });
      expect(still.body).toMatchObject({ status: 'active', remaining: null });
      expect((await w.verify(b.secret)).valid).toBe(true);
    });
  });

  describe('changing', () => {
    it('lets the owner change name, description and email, recording key.updated', async () => {
      const { tid, dev, key } = await world();
      const res = await w.call('PATCH', `/tenants/${tid}/keys/${key.id}`, { as: dev.as, body: { name: 'New name', description: 'Why', email: 'x@example.test' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: key.id, name: 'New name', description: 'Why', email: 'x@example.test' });
      expect(res.body.updatedAt >= key.updatedAt).toBe(true);
      const cleared = await w.call('PATCH', `/tenants/${tid}/keys/${key.id}`, { as: dev.as, body: { description: null, email: null } });
      expect(cleared.body).toMatchObject({ name: 'New name', description: null, email: null });
      const events = await w.events(tid, `&keyId=${key.id}&type=key.updated`);
      expect(events).toHaveLength(2);
      expect(events[1].details.fields.sort()).toEqual(['description', 'email', 'name']);
    });

    it('lets the owner narrow scopes and refuses widening them with 403', async () => {
      const tid = await w.tenantWithKeys();
      const dev = await w.member(tid);
      const parent = await w.resource(tid);
      const child = await w.resource(tid, undefined, parent);
      const { key } = await w.createKey(tid, dev.as, { scopes: [{ resourceId: parent, permission: 'write' }] });
      const patch = (scopes: unknown) => w.call('PATCH', `/tenants/${tid}/keys/${key.id}`, { as: dev.as, body: { scopes } });
      for (const wider of [[{ resourceId: null, permission: 'read' }], [{ resourceId: parent, permission: 'admin' }]]) {
        const res = await patch(wider);
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
      const narrower = await patch([{ resourceId: child, permission: 'read' }]);
      expect(narrower.status).toBe(200);
      expect(narrower.body.scopes).toEqual([{ resourceId: child, permission: 'read' }]);
      // Narrowed for good: the old scope is now wider.
      expect((await patch([{ resourceId: parent, permission: 'read' }])).status).toBe(403);
    });

    it('lets the owner switch management off but never on', async () => {
      const { tid, dev, key } = await world({}, { management: true });
      expect(key.management).toBe(true);
      const off = await w.call('PATCH', `/tenants/${tid}/keys/${key.id}`, { as: dev.as, body: { management: false } });
      expect(off.status).toBe(200);
      expect(off.body.management).toBe(false);
      const on = await w.call('PATCH', `/tenants/${tid}/keys/${key.id}`, { as: dev.as, body: { management: true } });
      expect(on.status).toBe(403);
      expect(on.body.error.code).toBe('FORBIDDEN');
    });

    it('lets only a tenant admin change ratelimit and remaining', async () => {
      const { tid, dev, tenantAdmin, key } = await world({}, { remaining: 10 }, { tenantAdmin: true });
      const own = await w.call('PATCH', `/tenants/${tid}/keys/${key.id}`, { as: dev.as, body: { remaining: 1000 } });
      expect(own.status).toBe(403);
      expect(own.body.error.code).toBe('FORBIDDEN');
      const topUp = await w.call('PATCH', `/tenants/${tid}/keys/${key.id}`, { as: tenantAdmin.as, body: { remaining: 1000, ratelimit: { limit: 5, durationMs: 1000 } } });
      expect(topUp.status).toBe(200);
      expect(topUp.body).toMatchObject({ remaining: 1000, ratelimit: { limit: 5, durationMs: 1000 } });
      const cleared = await w.call('PATCH', `/tenants/${tid}/keys/${key.id}`, { as: tenantAdmin.as, body: { remaining: null, ratelimit: null } });
      expect(cleared.body).toMatchObject({ remaining: null, ratelimit: null });
    });

    it('answers 403 to a tenant admin changing a member\'s key name, and 404 to a colleague', async () => {
      const { tid, colleague, tenantAdmin, key } = await world({}, {}, { colleague: true, tenantAdmin: true });
      expect((await w.call('PATCH', `/tenants/${tid}/keys/${key.id}`, { as: tenantAdmin.as, body: { name: 'mine now' } })).status).toBe(403);
      expect((await w.call('PATCH', `/tenants/${tid}/keys/${key.id}`, { as: colleague.as, body: { name: 'mine now' } })).status).toBe(404);
      const read = await w.call('GET', `/tenants/${tid}/keys/${key.id}`, { as: tenantAdmin.as });
      expect(read.body.name).toBe(key.name);
    });

    it('refuses an empty patch, an unknown field and a scope outside the tenant with 400', async () => {
      const { tid, dev, key } = await world();
      const foreign = await w.resource(await w.tenantWithKeys());
      for (const body of [{}, { secret: 'x' }, { scopes: [{ resourceId: foreign, permission: 'read' }] }]) {
        const res = await w.call('PATCH', `/tenants/${tid}/keys/${key.id}`, { as: dev.as, body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
      }
    });
  });

  describe('deleting', () => {
    it('lets the owner delete their key whatever its status, after which it is gone and verifies NOT_FOUND', async () => {
      const { tid, dev, key, secret } = await world();
      const expired = await w.createKey(tid, dev.as);
      await w.setKey(expired.key.id, { expires_at: iso(Date.now() - 1000) });
      for (const id of [key.id, expired.key.id]) {
        const res = await w.call('DELETE', `/tenants/${tid}/keys/${id}`, { as: dev.as });
        expect(res.status).toBe(204);
        expect(res.body).toBe('');
        expect((await w.call('GET', `/tenants/${tid}/keys/${id}`, { as: dev.as })).status).toBe(404);
      }
      expect((await w.verify(secret)).code).toBe('NOT_FOUND');
      const events = await w.events(tid, '&type=key.deleted');
      expect(events.map((e: any) => e.keyId).sort()).toEqual([key.id, expired.key.id].sort());
    });

    it('lets a tenant admin delete only expired or revoked keys (403 on an active one)', async () => {
      const { tid, dev, tenantAdmin, key } = await world({}, {}, { tenantAdmin: true });
      const expired = await w.createKey(tid, dev.as);
      await w.setKey(expired.key.id, { expires_at: iso(Date.now() - 1000) });
      const refused = await w.call('DELETE', `/tenants/${tid}/keys/${key.id}`, { as: tenantAdmin.as });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
      expect((await w.call('DELETE', `/tenants/${tid}/keys/${expired.key.id}`, { as: tenantAdmin.as })).status).toBe(204);
      await w.call('POST', `/tenants/${tid}/keys/${key.id}/revoke`, { as: tenantAdmin.as });
      expect((await w.call('DELETE', `/tenants/${tid}/keys/${key.id}`, { as: tenantAdmin.as })).status).toBe(204);
    });

    it('answers 404 to a colleague deleting a key they cannot see', async () => {
      const { tid, colleague, key } = await world({}, {}, { colleague: true });
      expect((await w.call('DELETE', `/tenants/${tid}/keys/${key.id}`, { as: colleague.as })).status).toBe(404);
    });

    it('deletes all of the caller\'s own keys with DELETE ?owner=me, and nobody else\'s', async () => {
      const { tid, dev, colleague, key } = await world({}, {}, { colleague: true });
      const revoked = await w.createKey(tid, dev.as);
      await w.call('POST', `/tenants/${tid}/keys/${revoked.key.id}/revoke`, { as: w.admin });
      const other = await w.createKey(tid, colleague.as);
      const res = await w.call('DELETE', `/tenants/${tid}/keys?owner=me`, { as: dev.as });
      expect(res.status).toBe(204);
      expect((await w.call('GET', `/tenants/${tid}/keys`, { as: dev.as })).body.items).toEqual([]);
      const all = await w.call('GET', `/tenants/${tid}/keys`, { as: w.admin });
      expect(all.body.items.map((k: any) => k.id)).toEqual([other.key.id]);
      expect((await w.events(tid, '&type=key.deleted')).map((e: any) => e.keyId).sort()).toEqual([key.id, revoked.key.id].sort());
      expect((await w.call('DELETE', `/tenants/${tid}/keys`, { as: dev.as })).status).toBe(400);
    });
  });

  describe('revoking', () => {
    it('lets a tenant admin revoke an active key: 200 with the revoked key, REVOKED on verify, key.revoked recorded', async () => {
      const { tid, tenantAdmin, key, secret } = await world({}, {}, { tenantAdmin: true });
      const res = await w.call('POST', `/tenants/${tid}/keys/${key.id}/revoke`, { as: tenantAdmin.as });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: key.id, status: 'revoked' });
      expect(Date.parse(res.body.revokedAt)).toBeGreaterThan(0);
      expect(await w.verify(secret)).toEqual({ valid: false, code: 'REVOKED' });
      const events = await w.events(tid, `&keyId=${key.id}&type=key.revoked`);
      expect(events).toHaveLength(1);
      expect(events[0].actor.id).toBe(tenantAdmin.id);
    });

    it('is irreversible: a second revoke is 409 NOT_ACTIVE and the key stays revoked', async () => {
      const { tid, dev, key, secret } = await world();
      await w.call('POST', `/tenants/${tid}/keys/${key.id}/revoke`, { as: w.admin });
      const again = await w.call('POST', `/tenants/${tid}/keys/${key.id}/revoke`, { as: w.admin });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('NOT_ACTIVE');
      await w.call('PATCH', `/tenants/${tid}/keys/${key.id}`, { as: dev.as, body: { name: 'renamed after revoke' } });
      expect((await w.call('GET', `/tenants/${tid}/keys/${key.id}`, { as: dev.as })).body.status).toBe('revoked');
      expect((await w.verify(secret)).code).toBe('REVOKED');
    });

    it('answers 409 NOT_ACTIVE for an expired key', async () => {
      const { tid, key } = await world();
      await w.setKey(key.id, { expires_at: iso(Date.now() - 1000) });
      expect((await w.call('POST', `/tenants/${tid}/keys/${key.id}/revoke`, { as: w.admin })).body.error.code).toBe('NOT_ACTIVE');
    });

    it('answers 403 to a developer revoking their own key and 404 for a colleague\'s', async () => {
      const { tid, dev, colleague, key } = await world({}, {}, { colleague: true });
      expect((await w.call('POST', `/tenants/${tid}/keys/${key.id}/revoke`, { as: dev.as })).status).toBe(403);
      expect((await w.call('POST', `/tenants/${tid}/keys/${key.id}/revoke`, { as: colleague.as })).status).toBe(404);
    });

    it('revokes a key once when 5 revokes arrive together', async () => {
      const { tid, key } = await world();
      const results = await Promise.all(Array.from({ length: 5 }, () => w.call('POST', `/tenants/${tid}/keys/${key.id}/revoke`, { as: w.admin })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
      expect(await w.events(tid, `&keyId=${key.id}&type=key.revoked`)).toHaveLength(1);
    });

    it('bulk-revokes in request order, reporting NOT_FOUND and NOT_ACTIVE per key without stopping', async () => {
      const { tid, dev, tenantAdmin, key } = await world({ maxActiveKeysPerUser: 10 }, {}, { tenantAdmin: true });
      const second = await w.createKey(tid, dev.as);
      const revoked = await w.createKey(tid, dev.as);
      await w.call('POST', `/tenants/${tid}/keys/${revoked.key.id}/revoke`, { as: tenantAdmin.as });
      const other = await world();
      const keyIds = [second.key.id, 'key_doesnotexist', revoked.key.id, other.key.id, key.id, second.key.id];
      const res = await w.call('POST', `/tenants/${tid}/keys/revoke`, { as: tenantAdmin.as, body: { keyIds } });
      expect(res.status).toBe(200);
      expect(res.body.results).toEqual([
        { id: second.key.id, ok: true },
        { id: 'key_doesnotexist', ok: false, code: 'NOT_FOUND' },
        { id: revoked.key.id, ok: false, code: 'NOT_ACTIVE' },
        { id: other.key.id, ok: false, code: 'NOT_FOUND' },
        { id: key.id, ok: true },
        { id: second.key.id, ok: false, code: 'NOT_ACTIVE' },
      ]);
      const statuses = (await w.call('GET', `/tenants/${tid}/keys?status=revoked`, { as: tenantAdmin.as })).body.items.map((k: any) => k.id).sort();
      expect(statuses).toEqual([key.id, second.key.id, revoked.key.id].sort());
      expect((await w.call('GET', `/tenants/${other.tid}/keys/${other.key.id}`, { as: other.dev.as })).body.status).toBe('active');
      const events = await w.events(tid, '&type=key.revoked');
      expect(events.filter((e: any) => e.details.reason === 'bulk')).toHaveLength(2);
    });

    it('refuses bulk revoke to a developer (403) and an empty or oversized list (400)', async () => {
      const { tid, dev, key } = await world();
      expect((await w.call('POST', `/tenants/${tid}/keys/revoke`, { as: dev.as, body: { keyIds: [key.id] } })).status).toBe(403);
      expect((await w.call('POST', `/tenants/${tid}/keys/revoke`, { as: w.admin, body: { keyIds: [] } })).status).toBe(400);
      const many = Array.from({ length: 1001 }, (_, i) => `key_${i}`);
      expect((await w.call('POST', `/tenants/${tid}/keys/revoke`, { as: w.admin, body: { keyIds: many } })).status).toBe(400);
      expect((await w.call('GET', `/tenants/${tid}/keys/${key.id}`, { as: dev.as })).body.status).toBe('active');
    });
  });

  describe('rotating', () => {
    it('gives the owner a new key that copies the old one, linked both ways, with a new secret', async () => {
      const tid = await w.tenantWithKeys();
      const dev = await w.member(tid);
      const res0 = await w.resource(tid);
      const old = await w.createKey(tid, dev.as, {
        name: 'rotating', description: 'desc', email: 'r@example.test', management: true, expiresInDays: 10,
        scopes: [{ resourceId: res0, permission: 'write' }], ratelimit: { limit: 7, durationMs: 60_000 }, remaining: 42,
      });
      const res = await w.call('POST', `/tenants/${tid}/keys/${old.key.id}/rotate`, { as: dev.as, body: { gracePeriodSeconds: 60 } });
      expect(res.status).toBe(201);
      const { key, secret } = res.body;
      expect(secret).toMatch(/^kw_[0-9A-Za-z]{36}$/);
      expect(secret).not.toBe(old.secret);
      expect(key).toMatchObject({
        name: 'rotating', description: 'desc', email: 'r@example.test', management: true, ownerId: dev.id,
        scopes: [{ resourceId: res0, permission: 'write' }], ratelimit: { limit: 7, durationMs: 60_000 }, remaining: 42,
        rotatedFrom: old.key.id, rotatedTo: null, status: 'active', start: secret.slice(0, 9),
      });
      expect(key.id).not.toBe(old.key.id);
      expect(Date.parse(key.expiresAt) - Date.parse(key.createdAt)).toBe(10 * DAY_MS);
      const oldNow = await w.call('GET', `/tenants/${tid}/keys/${old.key.id}`, { as: dev.as });
      expect(oldNow.body).toMatchObject({ rotatedTo: key.id, status: 'active' });
      expect(Date.parse(oldNow.body.expiresAt) - Date.parse(key.createdAt)).toBe(60_000);
    });

    it('keeps the old key\'s own expiry when it comes before the end of the grace period', async () => {
      const { tid, dev, key } = await world({}, { expiresInDays: 1 });
      const res = await w.call('POST', `/tenants/${tid}/keys/${key.id}/rotate`, { as: dev.as, body: { gracePeriodSeconds: 2_592_000 } });
      expect(res.status).toBe(201);
      expect((await w.call('GET', `/tenants/${tid}/keys/${key.id}`, { as: dev.as })).body.expiresAt).toBe(key.expiresAt);
    });

    it('caps the new key\'s lifetime by the current maximum, and gives a key without expiry the maximum', async () => {
      const { tid, dev, key } = await world({}, { expiresInDays: 20 });
      const forever = await w.createKey(tid, dev.as);
      expect(forever.key.expiresAt).toBeNull();
      await w.call('PATCH', `/tenants/${tid}/settings`, { as: w.admin, body: { maxExpiryDays: 5 } });
      for (const id of [key.id, forever.key.id]) {
        const res = await w.call('POST', `/tenants/${tid}/keys/${id}/rotate`, { as: dev.as });
        expect(Date.parse(res.body.key.expiresAt) - Date.parse(res.body.key.createdAt)).toBe(5 * DAY_MS);
      }
    });

    it('with no grace period the old key verifies EXPIRED at once and the new one is valid', async () => {
      const { tid, dev, key, secret } = await world();
      expect((await w.verify(secret)).valid).toBe(true);
      const res = await w.call('POST', `/tenants/${tid}/keys/${key.id}/rotate`, { as: dev.as });
      expect(res.status).toBe(201);
      expect(await w.verify(secret)).toEqual({ valid: false, code: 'EXPIRED' });
      expect(await w.verify(res.body.secret)).toMatchObject({ valid: true, keyId: res.body.key.id });
      expect((await w.call('GET', `/tenants/${tid}/keys/${key.id}`, { as: dev.as })).body.status).toBe('expired');
    });

    it('keeps the old key valid during its grace period, and an admin may still revoke it then', async () => {
      const { tid, dev, key, secret } = await world();
      const res = await w.call('POST', `/tenants/${tid}/keys/${key.id}/rotate`, { as: dev.as, body: { gracePeriodSeconds: 3600 } });
      expect((await w.verify(secret)).valid).toBe(true);
      expect((await w.verify(res.body.secret)).valid).toBe(true);
      const revoked = await w.call('POST', `/tenants/${tid}/keys/${key.id}/revoke`, { as: w.admin });
      expect(revoked.status).toBe(200);
      expect((await w.verify(secret)).code).toBe('REVOKED');
      expect((await w.verify(res.body.secret)).valid).toBe(true);
    });

    it('records key.rotated on the old key with details.newKeyId and key.created on the new one', async () => {
      const { tid, dev, key } = await world();
      const res = await w.call('POST', `/tenants/${tid}/keys/${key.id}/rotate`, { as: dev.as });
      const rotated = await w.events(tid, `&keyId=${key.id}&type=key.rotated`);
      expect(rotated).toHaveLength(1);
      expect(rotated[0]).toMatchObject({ details: { newKeyId: res.body.key.id }, actor: { type: 'user', id: dev.id } });
      const created = await w.events(tid, `&keyId=${res.body.key.id}`);
      expect(created.map((e: any) => e.type)).toEqual(['key.created']);
      expect(JSON.stringify([...rotated, ...created])).not.toContain(res.body.secret.slice(9));
    });

    it('lets only the owner rotate: 403 to a tenant admin, 404 to a colleague', async () => {
      const { tid, colleague, tenantAdmin, key } = await world({}, {}, { colleague: true, tenantAdmin: true });
      for (const as of [tenantAdmin.as, w.admin]) {
        const res = await w.call('POST', `/tenants/${tid}/keys/${key.id}/rotate`, { as });
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
      expect((await w.call('POST', `/tenants/${tid}/keys/${key.id}/rotate`, { as: colleague.as })).status).toBe(404);
    });

    it('answers the policy errors in creation order: API_KEYS_DISABLED, NOT_DEVELOPER, NOT_LICENSED', async () => {
      const { tid, dev, key } = await world();
      const rotate = async () => (await w.call('POST', `/tenants/${tid}/keys/${key.id}/rotate`, { as: dev.as })).body.error?.code;
      await w.grant(tid, dev.id, [], false);
      await w.call('PATCH', `/tenants/${tid}/settings`, { as: w.admin, body: { apiKeysEnabled: false } });
      expect(await rotate()).toBe('API_KEYS_DISABLED');
      await w.call('PATCH', `/tenants/${tid}/settings`, { as: w.admin, body: { apiKeysEnabled: true } });
      expect(await rotate()).toBe('NOT_DEVELOPER');
      await w.grant(tid, dev.id, ['developer'], false);
      expect(await rotate()).toBe('NOT_LICENSED');
      await w.grant(tid, dev.id, ['developer'], true);
      expect(await rotate()).toBeUndefined();
    });

    it('answers 409 NOT_ACTIVE for a revoked, an expired and an already rotated key', async () => {
      const { tid, dev, key } = await world({ maxActiveKeysPerUser: 10 });
      const revoked = await w.createKey(tid, dev.as);
      await w.call('POST', `/tenants/${tid}/keys/${revoked.key.id}/revoke`, { as: w.admin });
      const expired = await w.createKey(tid, dev.as);
      await w.setKey(expired.key.id, { expires_at: iso(Date.now() - 1000) });
      expect((await w.call('POST', `/tenants/${tid}/keys/${key.id}/rotate`, { as: dev.as, body: { gracePeriodSeconds: 3600 } })).status).toBe(201);
      for (const id of [revoked.key.id, expired.key.id, key.id]) {
        const res = await w.call('POST', `/tenants/${tid}/keys/${id}/rotate`, { as: dev.as });
        expect(res.status).toBe(409);
        expect(res.body.error.code).toBe('NOT_ACTIVE');
      }
    });

    it('rotates once when 5 rotations of one key arrive together', async () => {
      const { tid, dev, key } = await world();
      const results = await Promise.all(Array.from({ length: 5 }, () =>
        w.call('POST', `/tenants/${tid}/keys/${key.id}/rotate`, { as: dev.as, body: { gracePeriodSeconds: 600 } })));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
      expect((await w.call('GET', `/tenants/${tid}/keys`, { as: dev.as })).body.items).toHaveLength(2);
    });

    it('is never blocked by the key limit', async () => {
      const { tid, dev, key } = await world({ maxActiveKeysPerUser: 1 });
      expect((await w.call('POST', `/tenants/${tid}/keys/${key.id}/rotate`, { as: dev.as, body: { gracePeriodSeconds: 600 } })).status).toBe(201);
    });

    it('refuses a grace period beyond 30 days with 400 on /gracePeriodSeconds', async () => {
      const { tid, dev, key } = await world();
      const res = await w.call('POST', `/tenants/${tid}/keys/${key.id}/rotate`, { as: dev.as, body: { gracePeriodSeconds: 2_592_001 } });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].field).toBe('/gracePeriodSeconds');
    });
  });

  describe('usage and stats', () => {
    it('answers 24 hourly zero buckets by default, aligned to the hour and ending with the current one', async () => {
      const { tid, dev, key } = await world();
      const res = await w.call('GET', `/tenants/${tid}/keys/${key.id}/usage`, { as: dev.as });
      expect(res.status).toBe(200);
      expect(res.body.interval).toBe('hour');
      expect(res.body.items).toHaveLength(24);
      const currentHour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
      expect(res.body.items[23].at).toBe(iso(currentHour));
      expect(res.body.items[0].at).toBe(iso(currentHour - 23 * HOUR_MS));
      for (const item of res.body.items) expect(item).toEqual({ at: expect.any(String), valid: 0, failed: 0 });
    });

    it('answers 30 daily buckets aligned to UTC midnight with interval=day', async () => {
      const { tid, dev, key } = await world();
      const res = await w.call('GET', `/tenants/${tid}/keys/${key.id}/usage?interval=day`, { as: dev.as });
      expect(res.body.interval).toBe('day');
      expect(res.body.items).toHaveLength(30);
      expect(res.body.items[29].at).toBe(iso(Math.floor(Date.now() / DAY_MS) * DAY_MS));
      for (const item of res.body.items) expect(item.at).toMatch(/T00:00:00\.000Z$/);
    });

    it('answers 400 for more than 1000 buckets and for until before since, and takes exactly 1000', async () => {
      const { tid, dev, key } = await world();
      const until = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
      const usage = (since: number, end = until) => w.call('GET', `/tenants/${tid}/keys/${key.id}/usage?since=${iso(since)}&until=${iso(end)}`, { as: dev.as });
      const thousand = await usage(until - 1000 * HOUR_MS);
      expect(thousand.status).toBe(200);
      expect(thousand.body.items).toHaveLength(1000);
      const tooMany = await usage(until - 1001 * HOUR_MS);
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.error.code).toBe('VALIDATION_FAILED');
      expect((await usage(until, until - HOUR_MS)).status).toBe(400);
      expect((await w.call('GET', `/tenants/${tid}/keys/${key.id}/usage?interval=week`, { as: dev.as })).status).toBe(400);
    });

    it('counts valid and failed verifications in the current bucket once usage is flushed', async () => {
      const { tid, dev, key, secret } = await world();
      for (let i = 0; i < 3; i++) expect((await w.verify(secret)).valid).toBe(true);
      expect((await w.verify(secret, { permission: 'admin' })).code).toBe('FORBIDDEN');
      await w.server.verifier.usage.flush(Date.now());
      const hourly = await w.call('GET', `/tenants/${tid}/keys/${key.id}/usage`, { as: dev.as });
      expect(hourly.body.items[23]).toMatchObject({ valid: 3, failed: 1 });
      expect(hourly.body.items.slice(0, 23).every((i: any) => i.valid === 0 && i.failed === 0)).toBe(true);
      const daily = await w.call('GET', `/tenants/${tid}/keys/${key.id}/usage?interval=day`, { as: w.admin });
      expect(daily.body.items[29]).toMatchObject({ valid: 3, failed: 1 });
      const read = await w.call('GET', `/tenants/${tid}/keys/${key.id}`, { as: dev.as });
      expect(read.body.usageCount).toBe(3);
      expect(read.body.lastUsedAt).not.toBeNull();
    });

    it('shows usage to the owner and a tenant admin, 404 to a colleague', async () => {
      const { tid, colleague, tenantAdmin, key } = await world({}, {}, { colleague: true, tenantAdmin: true });
      expect((await w.call('GET', `/tenants/${tid}/keys/${key.id}/usage`, { as: tenantAdmin.as })).status).toBe(200);
      expect((await w.call('GET', `/tenants/${tid}/keys/${key.id}/usage`, { as: colleague.as })).status).toBe(404);
    });

    it('counts active, expiring soon, expired and revoked keys: own for a developer, all for a tenant admin', async () => {
      const { tid, dev, colleague, tenantAdmin } = await world({ maxActiveKeysPerUser: 10, expiryReminderDays: 7 }, { expiresInDays: 30 }, { colleague: true, tenantAdmin: true });
      await w.createKey(tid, dev.as, { expiresInDays: 3 });
      await w.createKey(tid, dev.as);
      const expired = await w.createKey(tid, dev.as);
      await w.setKey(expired.key.id, { expires_at: iso(Date.now() - 1000) });
      const revoked = await w.createKey(tid, dev.as);
      await w.call('POST', `/tenants/${tid}/keys/${revoked.key.id}/revoke`, { as: w.admin });
      await w.createKey(tid, colleague.as, { expiresInDays: 1 });
      const stats = async (as: typeof dev.as) => (await w.call('GET', `/tenants/${tid}/stats`, { as })).body;
      expect(await stats(dev.as)).toEqual({ active: 3, expiringSoon: 1, expired: 1, revoked: 1 });
      expect(await stats(colleague.as)).toEqual({ active: 1, expiringSoon: 1, expired: 0, revoked: 0 });
      expect(await stats(tenantAdmin.as)).toEqual({ active: 4, expiringSoon: 2, expired: 1, revoked: 1 });
    });
  });
});
