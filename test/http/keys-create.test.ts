// POST /tenants/:tid/keys through the real server on each database: shape, secret, schema, the
// check order of DESIGN "Creating a key", expiry, ownerId, and the key limit (also under concurrency).
import { describe, expect, it } from 'vitest';
import * as zlib from 'node:zlib';
import { DIALECTS } from '../helpers/services.js';
import { DAY_MS, iso } from './keys-fixture.js';
import { unique, World } from '../helpers/world.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const checksum = (random: string) => {
  let value = zlib.crc32(Buffer.from(random, 'latin1'));
  let out = '';
  for (let i = 0; i < 6; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
};

const KEY_FIELDS = ['id', 'name', 'description', 'email', 'ownerId', 'owner', 'start', 'status', 'management', 'scopes', 'createdAt', 'updatedAt',
  'expiresAt', 'lastUsedAt', 'usageCount', 'revokedAt', 'rotatedFrom', 'rotatedTo', 'ratelimit', 'remaining', 'leakedAt', 'leak'].sort();

describe.each(DIALECTS)('creating keys on %s', (dialect) => {
  const w = World.forSuite(dialect);

  it('answers 201 {key, secret} with a kw_ secret of 36 base62 characters whose last 6 are the CRC-32 checksum', async () => {
    const tid = await w.tenantWithKeys();
    const dev = await w.member(tid);
    const res = await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: 'Billing', description: 'sync', email: 'ops@example.test' } });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['key', 'secret']);
    const { key, secret } = res.body;
    expect(secret).toMatch(/^kw_[0-9A-Za-z]{36}$/);
    expect(secret.slice(33)).toBe(checksum(secret.slice(3, 33)));
    expect(Object.keys(key).sort()).toEqual(KEY_FIELDS);
    expect(key).toMatchObject({
      name: 'Billing', description: 'sync', email: 'ops@example.test', ownerId: dev.id,
      owner: { id: dev.id, name: dev.name, email: dev.email }, start: secret.slice(0, 9), status: 'active', management: false,
      scopes: [{ resourceId: null, permission: 'read' }], expiresAt: null, lastUsedAt: null, usageCount: 0, revokedAt: null,
      rotatedFrom: null, rotatedTo: null, ratelimit: null, remaining: null,
    });
    expect(key.id).toMatch(/^key_/);
    expect(key.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect((await w.verify(secret)).valid).toBe(true);
  });

  it('never shows the secret again in reads, lists, events or verify answers', async () => {
    const tid = await w.tenantWithKeys();
    const dev = await w.member(tid);
    const { key, secret } = await w.createKey(tid, dev.as, { description: 'secret keeper' });
    const random = secret.slice(3);
    const seen = [
      await w.call('GET', `/tenants/${tid}/keys/${key.id}`, { as: dev.as }),
      await w.call('GET', `/tenants/${tid}/keys`, { as: dev.as }),
      await w.call('GET', `/tenants/${tid}/keys`, { as: w.admin }),
      await w.call('PATCH', `/tenants/${tid}/keys/${key.id}`, { as: dev.as, body: { name: 'renamed' } }),
      await w.call('GET', `/tenants/${tid}/events?keyId=${key.id}`, { as: w.admin }),
      await w.call('POST', '/verify', { headers: { 'x-api-key': secret } }),
    ];
    for (const res of seen) {
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(random.slice(6));
    }
    expect(seen[0].body.start).toBe(secret.slice(0, 9));
  });

  it('names the key after its description when no name is given', async () => {
    const tid = await w.tenantWithKeys();
    const dev = await w.member(tid);
    const res = await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { description: 'Only a description' } });
    expect(res.status).toBe(201);
    expect(res.body.key).toMatchObject({ name: 'Only a description', description: 'Only a description' });
  });

  it('refuses both expiresInDays and expiresAt as a schema error pointing at the fields', async () => {
    const tid = await w.tenantWithKeys();
    const dev = await w.member(tid);
    const res = await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: 'x', expiresInDays: 3, expiresAt: iso(Date.now() + DAY_MS) } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d: any) => d.field)).toContain('/expiresAt');
  });

  it('refuses a body with neither name nor description as a schema error pointing at /name', async () => {
    const tid = await w.tenantWithKeys();
    const dev = await w.member(tid);
    const res = await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { email: 'a@example.test' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d: any) => d.field)).toContain('/name');
  });

  it('refuses an unknown field, naming it in details', async () => {
    const tid = await w.tenantWithKeys();
    const dev = await w.member(tid);
    const res = await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: 'x', colour: 'blue' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: '/colour' }] });
  });

  it('does not coerce "30" into a number for expiresInDays', async () => {
    const tid = await w.tenantWithKeys();
    const dev = await w.member(tid);
    const res = await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: 'x', expiresInDays: '30' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: '/expiresInDays' }] });
  });

  it('points at the failing scope field of a malformed scope', async () => {
    const tid = await w.tenantWithKeys();
    const dev = await w.member(tid);
    const res = await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: 'x', scopes: [{ resourceId: null, permission: 'root' }] } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: any) => d.field)).toContain('/scopes/0/permission');
  });

  it('answers the first failing check in the order of DESIGN "Creating a key"', async () => {
    const tid = await w.tenantWithKeys({ apiKeysEnabled: false, maxActiveKeysPerUser: 1, maxExpiryDays: 10 });
    const otherTid = await w.tenantWithKeys();
    const foreign = await w.resource(otherTid);
    const caller = await w.member(tid, [], false);
    const colleague = await w.member(tid);
    const stranger = await w.member(null, null);
    const body = { name: 'ordered', ownerId: colleague.id, scopes: [{ resourceId: foreign, permission: 'read' }], expiresInDays: 11 };
    const post = (as = caller.as, b: Record<string, unknown> = body) => w.call('POST', `/tenants/${tid}/keys`, { as, body: b });

    expect((await post()).body.error.code).toBe('API_KEYS_DISABLED');
    await w.call('PATCH', `/tenants/${tid}/settings`, { as: w.admin, body: { apiKeysEnabled: true } });
    expect((await post()).body.error.code).toBe('NOT_DEVELOPER');
    await w.grant(tid, caller.id, ['developer'], false);
    expect((await post()).body.error.code).toBe('NOT_LICENSED');
    await w.grant(tid, caller.id, ['developer'], true);
    const forbidden = await post();
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
    // The admin may name an owner, who must be a member…
    const notMember = await post(w.admin, { ...body, ownerId: stranger.id });
    expect(notMember.status).toBe(404);
    expect(notMember.body.error.code).toBe('NOT_FOUND');
    // …and may scope only resources of this tenant…
    const outside = await post(w.admin);
    expect(outside.status).toBe(400);
    expect(outside.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: '/scopes/0/resourceId' }] });
    // …within the owner's key limit…
    await w.createKey(tid, colleague.as);
    const full = await post(w.admin, { ...body, scopes: undefined });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('KEY_LIMIT_REACHED');
    // …and the tenant's maximum expiry.
    const other = await w.member(tid);
    const tooLong = await post(w.admin, { ...body, ownerId: other.id, scopes: undefined });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.error.code).toBe('EXPIRY_TOO_LONG');
    expect((await post(w.admin, { ...body, ownerId: other.id, scopes: undefined, expiresInDays: 10 })).status).toBe(201);
  });

  it('answers FORBIDDEN to a developer naming a colleague as owner, whatever the colleague\'s role or licence', async () => {
    const tid = await w.tenantWithKeys();
    const dev = await w.member(tid);
    for (const [roles, licensed] of [[['developer'], true], [['developer'], false], [[], false]] as const) {
      const colleague = await w.member(tid, [...roles], licensed);
      const res = await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: 'for you', ownerId: colleague.id } });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
  });

  it('lets a developer name themselves as owner', async () => {
    const tid = await w.tenantWithKeys();
    const dev = await w.member(tid);
    const { key } = await w.createKey(tid, dev.as, { ownerId: dev.id });
    expect(key.ownerId).toBe(dev.id);
  });

  it('answers 404 for a tenant the caller cannot see, and 401 without credentials', async () => {
    const tid = await w.tenantWithKeys();
    const other = await w.tenantWithKeys();
    const dev = await w.member(tid);
    const hidden = await w.call('POST', `/tenants/${other}/keys`, { as: dev.as, body: { name: 'x' } });
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('NOT_FOUND');
    const anonymous = await w.call('POST', `/tenants/${tid}/keys`, { body: { name: 'x' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('answers 404 rather than 400 for a malformed body sent to a tenant the caller cannot see', async () => {
    const tid = await w.tenantWithKeys();
    const other = await w.tenantWithKeys();
    const dev = await w.member(tid);
    for (const body of [{ bogus: 1 }, { name: 'x', expiresInDays: 1, expiresAt: iso(Date.now() + DAY_MS) }]) {
      const hidden = await w.call('POST', `/tenants/${other}/keys`, { as: dev.as, body });
      expect(hidden.status).toBe(404);
      expect((await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body })).status).toBe(400);
    }
    expect((await w.call('POST', `/tenants/${tid}/keys`, { body: { bogus: 1 } })).status).toBe(401);
  });

  it('gives a key the tenant\'s maximum expiry when none is asked for', async () => {
    const tid = await w.tenantWithKeys({ maxExpiryDays: 30 });
    const dev = await w.member(tid);
    const { key } = await w.createKey(tid, dev.as);
    expect(Date.parse(key.expiresAt) - Date.parse(key.createdAt)).toBe(30 * DAY_MS);
  });

  it('gives a key no expiry when none is asked for and the tenant has no maximum', async () => {
    const tid = await w.tenantWithKeys({ maxExpiryDays: null });
    const dev = await w.member(tid);
    const { key } = await w.createKey(tid, dev.as);
    expect(key.expiresAt).toBeNull();
  });

  it('takes expiresInDays and expiresAt within the maximum, and refuses one beyond it with EXPIRY_TOO_LONG', async () => {
    const tid = await w.tenantWithKeys({ maxExpiryDays: 30 });
    const dev = await w.member(tid);
    const inDays = await w.createKey(tid, dev.as, { expiresInDays: 7 });
    expect(Date.parse(inDays.key.expiresAt) - Date.parse(inDays.key.createdAt)).toBe(7 * DAY_MS);
    const at = iso(Date.now() + 20 * DAY_MS);
    expect((await w.createKey(tid, dev.as, { expiresAt: at })).key.expiresAt).toBe(at);
    const late = await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: 'late', expiresAt: iso(Date.now() + 31 * DAY_MS) } });
    expect(late.status).toBe(422);
    expect(late.body.error.code).toBe('EXPIRY_TOO_LONG');
  });

  it('refuses an expiresAt in the past on /expiresAt', async () => {
    const tid = await w.tenantWithKeys();
    const dev = await w.member(tid);
    const res = await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: 'past', expiresAt: iso(Date.now() - 1000) } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ field: '/expiresAt' })]);
  });

  it('lets a tenant admin without the developer role create a key for a member with ownerId', async () => {
    const tid = await w.tenantWithKeys();
    const tenantAdmin = await w.member(tid, ['tenant_admin'], false);
    const dev = await w.member(tid);
    const res = await w.call('POST', `/tenants/${tid}/keys`, { as: tenantAdmin.as, body: { description: 'made for Dev', ownerId: dev.id, email: 'dev@example.test' } });
    expect(res.status).toBe(201);
    expect(res.body.key).toMatchObject({ ownerId: dev.id, owner: { id: dev.id, email: dev.email }, email: 'dev@example.test' });
    const mine = await w.call('GET', `/tenants/${tid}/keys`, { as: dev.as });
    expect(mine.body.items.map((k: any) => k.id)).toEqual([res.body.key.id]);
    const events = await w.events(tid, `&keyId=${res.body.key.id}`);
    expect(events[0]).toMatchObject({ type: 'key.created', actor: { type: 'user' }, details: { ownerId: dev.id } });
  });

  it('makes the named owner pass the policy checks: developer role, licence and their own key limit', async () => {
    const tid = await w.tenantWithKeys({ maxActiveKeysPerUser: 1 });
    const tenantAdmin = await w.member(tid, ['tenant_admin'], false);
    const viewer = await w.member(tid, [], true);
    const unlicensed = await w.member(tid, ['developer'], false);
    const dev = await w.member(tid);
    const create = (ownerId: string) => w.call('POST', `/tenants/${tid}/keys`, { as: tenantAdmin.as, body: { name: 'k', ownerId } });
    expect((await create(viewer.id)).body.error.code).toBe('NOT_DEVELOPER');
    expect((await create(unlicensed.id)).body.error.code).toBe('NOT_LICENSED');
    expect((await create(dev.id)).status).toBe(201);
    expect((await create(dev.id)).body.error.code).toBe('KEY_LIMIT_REACHED');
    // The admin's own (absent) developer role and keys do not matter.
    expect((await w.call('POST', `/tenants/${tid}/keys`, { as: tenantAdmin.as, body: { name: 'own' } })).body.error.code).toBe('NOT_DEVELOPER');
  });

  it('refuses a scope on a resource of another tenant on /scopes/<i>/resourceId, and takes one of its own', async () => {
    const tid = await w.tenantWithKeys();
    const other = await w.tenantWithKeys();
    const own = await w.resource(tid);
    const foreign = await w.resource(other);
    const dev = await w.member(tid);
    const scopes = [{ resourceId: own, permission: 'write' }, { resourceId: foreign, permission: 'read' }];
    const res = await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: 'x', scopes } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ field: '/scopes/1/resourceId' })]);
    const ok = await w.createKey(tid, dev.as, { scopes: [scopes[0]] });
    expect(ok.key.scopes).toEqual([{ resourceId: own, permission: 'write' }]);
  });

  it('lets whoever creates a key set its ratelimit and remaining', async () => {
    const tid = await w.tenantWithKeys();
    const dev = await w.member(tid);
    const { key } = await w.createKey(tid, dev.as, { ratelimit: { limit: 10, durationMs: 60_000 }, remaining: 5 });
    expect(key).toMatchObject({ ratelimit: { limit: 10, durationMs: 60_000 }, remaining: 5 });
  });

  it('holds the key limit under 10 concurrent creates: exactly 3 of them succeed with a limit of 3', async () => {
    const tid = await w.tenantWithKeys({ maxActiveKeysPerUser: 3 });
    const dev = await w.member(tid);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: `race ${i}` } })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(7);
    for (const r of refused) expect(r.body.error.code).toBe('KEY_LIMIT_REACHED');
    const listed = await w.call('GET', `/tenants/${tid}/keys`, { as: dev.as });
    expect(listed.body.items).toHaveLength(3);
  });

  it('does not count a key in its rotation grace period against the limit', async () => {
    const tid = await w.tenantWithKeys({ maxActiveKeysPerUser: 2 });
    const dev = await w.member(tid);
    const first = await w.createKey(tid, dev.as);
    const rotated = await w.call('POST', `/tenants/${tid}/keys/${first.key.id}/rotate`, { as: dev.as, body: { gracePeriodSeconds: 3600 } });
    expect(rotated.status).toBe(201);
    expect((await w.call('GET', `/tenants/${tid}/keys/${first.key.id}`, { as: dev.as })).body.status).toBe('active');
    await w.createKey(tid, dev.as); // the old key in its grace period does not count: 2 keys that count
    const third = await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: 'third' } });
    expect(third.body.error.code).toBe('KEY_LIMIT_REACHED');
  });

  it('counts neither revoked nor expired keys against the limit', async () => {
    const tid = await w.tenantWithKeys({ maxActiveKeysPerUser: 1 });
    const dev = await w.member(tid);
    const a = await w.createKey(tid, dev.as);
    expect((await w.call('POST', `/tenants/${tid}/keys/${a.key.id}/revoke`, { as: w.admin })).status).toBe(200);
    const b = await w.createKey(tid, dev.as);
    await w.setKey(b.key.id, { expires_at: iso(Date.now() - 1000) });
    await w.createKey(tid, dev.as);
    const d = await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: 'd' } });
    expect(d.body.error.code).toBe('KEY_LIMIT_REACHED');
  });
});
