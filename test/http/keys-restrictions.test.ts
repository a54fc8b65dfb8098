// v1.1 "Key metadata" and "IP restrictions" on the management API, on each database: who sets
// `meta` and `allowedIps`, the 4 KiB limit, normalising, the owner's narrowing rule (against the
// key's effective list), a tenant admin's free hand, management keys, the tenant default and rotation.
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/services.js';
import { World } from '../helpers/world.js';

/** A meta object whose JSON text is exactly `bytes` long. */
const metaOfSize = (bytes: number) => ({ a: 'x'.repeat(bytes - '{"a":""}'.length) });

describe.each(DIALECTS)('key meta and allowedIps on %s', (dialect) => {
  const w = World.forSuite(dialect);

  async function team(settings: Record<string, unknown> = {}) {
    const tid = await w.tenantWithKeys({ maxActiveKeysPerUser: 50, ...settings });
    const dev = await w.member(tid);
    const admin = await w.member(tid, ['tenant_admin']);
    return { tid, dev, admin };
  }
  const patch = (tid: string, id: string, as: any, body: Record<string, unknown>) =>
    w.call('PATCH', `/tenants/${tid}/keys/${id}`, { as, body });

  it('keeps meta set at creation, returns it on reads and lists, and lets the owner or a tenant admin change it', async () => {
    const { tid, dev, admin } = await team();
    const { key } = await w.createKey(tid, dev.as, { meta: { customer: 'cus_1', tier: 2, tags: ['a'] } });
    expect(key.meta).toEqual({ customer: 'cus_1', tier: 2, tags: ['a'] });
    expect(key.allowedIps).toBeNull();
    expect((await w.call('GET', `/tenants/${tid}/keys/${key.id}`, { as: dev.as })).body.meta).toEqual(key.meta);
    const list = await w.call('GET', `/tenants/${tid}/keys`, { as: dev.as });
    expect(list.body.items.find((k: any) => k.id === key.id).meta).toEqual(key.meta);

    const byOwner = await patch(tid, key.id, dev.as, { meta: { customer: 'cus_2' } });
    expect(byOwner.status).toBe(200);
    expect(byOwner.body.meta).toEqual({ customer: 'cus_2' });
    const byAdmin = await patch(tid, key.id, admin.as, { meta: null });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.meta).toBeNull();
    const colleague = await w.member(tid);
    expect((await patch(tid, key.id, colleague.as, { meta: {} })).status).toBe(404);
    const fields = (await w.events(tid, `&keyId=${key.id}&type=key.updated`)).map((e) => e.details.fields);
    expect(fields).toEqual([['meta'], ['meta']]);
  });

  it('takes meta of exactly 4 KiB and refuses one byte more with 400 on /meta', async () => {
    const { tid, dev } = await team();
    expect(JSON.stringify(metaOfSize(4096)).length).toBe(4096);
    const { key } = await w.createKey(tid, dev.as, { meta: metaOfSize(4096) });
    expect(key.meta).toEqual(metaOfSize(4096));
    for (const res of [
      await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: 'big', meta: metaOfSize(4097) } }),
      await patch(tid, key.id, dev.as, { meta: metaOfSize(4097) }),
      // Counted in UTF-8 bytes, as stored: 2 bytes each.
      await patch(tid, key.id, dev.as, { meta: { a: 'é'.repeat(2045) } }),
    ]) {
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: '/meta' }] });
    }
    for (const meta of [[1], 'text', 3]) {
      expect((await patch(tid, key.id, dev.as, { meta })).status).toBe(400);
    }
  });

  it('refuses meta nested too deep to be 4 KiB with 400 on /meta, not a 500', async () => {
    const { tid, dev } = await team();
    const { key } = await w.createKey(tid, dev.as, { name: 'shallow' });
    // 8,000 levels in 48 KB of text, within the body limit: written out, as JSON.stringify of it
    // runs out of stack (attacker-side review). Any nesting past 2,048 levels is over 4 KiB.
    const deep = `${'{"a":'.repeat(8000)}1${'}'.repeat(8000)}`;
    const json = { 'content-type': 'application/json' };
    for (const res of [
      await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, headers: json, body: `{"name":"deep","meta":${deep}}` }),
      await w.call('PATCH', `/tenants/${tid}/keys/${key.id}`, { as: dev.as, headers: json, body: `{"meta":${deep}}` }),
    ]) {
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: '/meta' }] });
    }
    // 2,048 levels of arrays are exactly 4 KiB: taken.
    const deepest = { a: JSON.parse(`${'['.repeat(2045)}${']'.repeat(2045)}`) };
    expect(JSON.stringify(deepest).length).toBe(4096);
    expect((await patch(tid, key.id, dev.as, { meta: deepest })).status).toBe(200);
  });

  it('stores allowedIps normalised and refuses bad entries and more than 100 with 400', async () => {
    const { tid, dev } = await team();
    const { key } = await w.createKey(tid, dev.as, { allowedIps: ['10.1.2.3/8', '2001:DB8::1/128', '::ffff:192.0.2.0/120', '10.0.0.0/8'] });
    expect(key.allowedIps).toEqual(['10.0.0.0/8', '2001:db8::1', '192.0.2.0/24']);
    const bad = await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: 'bad', allowedIps: ['10.0.0.1', 'example.com'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ field: '/allowedIps/1' })]);
    const many = Array.from({ length: 101 }, (_, i) => `10.0.${i}.1`);
    expect((await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: 'many', allowedIps: many } })).status).toBe(400);
    expect((await w.call('POST', `/tenants/${tid}/keys`, { as: dev.as, body: { name: 'empty', allowedIps: [] } })).status).toBe(400);
  });

  it('lets the owner narrow allowedIps, and answers 403 FORBIDDEN to a wider list', async () => {
    const { tid, dev } = await team();
    const { key } = await w.createKey(tid, dev.as, { allowedIps: ['10.0.0.0/8'] });
    const narrowed = await patch(tid, key.id, dev.as, { allowedIps: ['10.1.0.0/16', '10.2.0.1'] });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.allowedIps).toEqual(['10.1.0.0/16', '10.2.0.1']);
    for (const allowedIps of [['10.0.0.0/8'], ['10.1.0.0/16', '192.0.2.1'], null]) {
      const res = await patch(tid, key.id, dev.as, { allowedIps });
      expect(res.status, JSON.stringify(allowedIps)).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    // The same list again is not wider.
    expect((await patch(tid, key.id, dev.as, { allowedIps: ['10.2.0.1', '10.1.0.0/16'] })).status).toBe(200);
  });

  it('measures the owner\'s change against the effective list: its own, else the tenant\'s, else any address', async () => {
    const open = await team();
    const anyAddress = (await w.createKey(open.tid, open.dev.as)).key;
    expect((await patch(open.tid, anyAddress.id, open.dev.as, { allowedIps: ['0.0.0.0/0', '::/0'] })).status).toBe(200);
    expect((await patch(open.tid, anyAddress.id, open.dev.as, { allowedIps: null })).status).toBe(403);

    const closed = await team({ allowedIps: ['198.51.100.0/24'] });
    const tenantDefault = (await w.createKey(closed.tid, closed.dev.as)).key;
    expect((await patch(closed.tid, tenantDefault.id, closed.dev.as, { allowedIps: ['10.0.0.1'] })).status).toBe(403);
    expect((await patch(closed.tid, tenantDefault.id, closed.dev.as, { allowedIps: ['198.51.100.7'] })).status).toBe(200);
    // Back to null means the tenant's list again: wider than one address.
    expect((await patch(closed.tid, tenantDefault.id, closed.dev.as, { allowedIps: null })).status).toBe(403);
    // A key's own list set by a tenant admin may be wider than the tenant's default; its owner keeps it or narrows it.
    const own = (await w.createKey(closed.tid, closed.admin.as, { ownerId: closed.dev.id, allowedIps: ['10.0.0.0/8'] })).key;
    expect((await patch(closed.tid, own.id, closed.dev.as, { allowedIps: ['10.9.0.0/16'] })).status).toBe(200);
  });

  it('keeps a developer\'s new key within the tenant\'s list, and lets a tenant admin create one wider (403 FORBIDDEN)', async () => {
    // Security review: a developer escaped the tenant's default with allowedIps ["0.0.0.0/0", "::/0"].
    // Loopback too, so the management key below may call from the test's address.
    const closed = await team({ allowedIps: ['198.51.100.0/24', '2001:db8::/32', '127.0.0.0/8'] });
    const create = (as: any, allowedIps: unknown, extra: Record<string, unknown> = {}) =>
      w.call('POST', `/tenants/${closed.tid}/keys`, { as, body: { name: 'k', allowedIps, ...extra } });
    for (const wide of [['0.0.0.0/0', '::/0'], ['198.51.100.0/23'], ['198.51.100.7', '10.0.0.1'], ['2001:db9::1']]) {
      const refused = await create(closed.dev.as, wide);
      expect(refused.status, JSON.stringify(wide)).toBe(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
    }
    expect((await w.call('GET', `/tenants/${closed.tid}/keys`, { as: closed.dev.as })).body.items).toEqual([]);
    for (const narrow of [['198.51.100.7'], ['198.51.100.0/25', '198.51.100.128/25', '2001:db8:1::/48'], null]) {
      expect((await create(closed.dev.as, narrow)).status, JSON.stringify(narrow)).toBe(201);
    }
    // Through a developer's management key with an admin scope: still a developer.
    const devKey = await w.createKey(closed.tid, closed.dev.as, { management: true, scopes: [{ resourceId: null, permission: 'admin' }] });
    expect((await create({ key: devKey.secret }, ['0.0.0.0/0'])).status).toBe(403);
    expect((await create({ key: devKey.secret }, ['198.51.100.1'])).status).toBe(201);
    // A tenant admin sets the list freely, for a member too.
    const byAdmin = await create(closed.admin.as, ['0.0.0.0/0', '::/0'], { ownerId: closed.dev.id });
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body.key.allowedIps).toEqual(['0.0.0.0/0', '::/0']);
    // Without a tenant list, any list is fine.
    const open = await team();
    expect((await w.call('POST', `/tenants/${open.tid}/keys`, { as: open.dev.as, body: { name: 'k', allowedIps: ['0.0.0.0/0', '::/0'] } })).status).toBe(201);
  });

  it('lets a tenant admin set allowedIps freely, on any key of the tenant', async () => {
    const { tid, dev, admin } = await team();
    const { key } = await w.createKey(tid, dev.as, { allowedIps: ['10.0.0.1'] });
    const widened = await patch(tid, key.id, admin.as, { allowedIps: ['0.0.0.0/0'] });
    expect(widened.status).toBe(200);
    expect(widened.body.allowedIps).toEqual(['0.0.0.0/0']);
    expect((await patch(tid, key.id, admin.as, { allowedIps: null })).body.allowedIps).toBeNull();
    const events = await w.events(tid, `&keyId=${key.id}&type=key.updated`);
    expect(events[0].details).toMatchObject({ fields: ['allowedIps'], allowedIps: null });
  });

  it('needs a tenant-wide admin scope on a management key to widen a list, or to set one on a new key', async () => {
    const { tid, admin } = await team();
    await w.grant(tid, admin.id, ['tenant_admin', 'developer'], true);
    const writer = await w.createKey(tid, admin.as, { management: true, scopes: [{ resourceId: null, permission: 'write' }] });
    const adminKey = await w.createKey(tid, admin.as, { management: true, scopes: [{ resourceId: null, permission: 'admin' }] });
    const { key } = await w.createKey(tid, admin.as, { allowedIps: ['10.0.0.0/8'] });

    expect((await patch(tid, key.id, { key: writer.secret }, { allowedIps: ['10.1.0.0/16'] })).status).toBe(200);
    const wider = await patch(tid, key.id, { key: writer.secret }, { allowedIps: ['10.0.0.0/8'] });
    expect(wider.status).toBe(403);
    expect(wider.body.error.code).toBe('FORBIDDEN');
    expect((await patch(tid, key.id, { key: adminKey.secret }, { allowedIps: ['10.0.0.0/8'] })).status).toBe(200);

    const created = (secret: string) => w.call('POST', `/tenants/${tid}/keys`, { as: { key: secret }, body: { name: 'by key', allowedIps: ['10.0.0.1'] } });
    expect((await created(writer.secret)).status).toBe(403);
    expect((await created(adminKey.secret)).status).toBe(201);
    // meta needs no admin scope.
    expect((await w.call('POST', `/tenants/${tid}/keys`, { as: { key: writer.secret }, body: { name: 'meta by key', meta: { a: 1 } } })).status).toBe(201);
  });

  it('copies meta and allowedIps to the rotated key', async () => {
    const { tid, dev } = await team();
    const { key } = await w.createKey(tid, dev.as, { meta: { plan: 'gold' }, allowedIps: ['203.0.113.0/24'] });
    const rotated = await w.call('POST', `/tenants/${tid}/keys/${key.id}/rotate`, { as: dev.as, body: {} });
    expect(rotated.status).toBe(201);
    expect(rotated.body.key).toMatchObject({ meta: { plan: 'gold' }, allowedIps: ['203.0.113.0/24'] });
  });

  it('keeps the tenant default in settings, normalised, set by a tenant admin only', async () => {
    const { tid, dev, admin } = await team();
    const set = await w.call('PATCH', `/tenants/${tid}/settings`, { as: admin.as, body: { allowedIps: ['198.51.100.9/24', '2001:db8::/32'] } });
    expect(set.status).toBe(200);
    expect(set.body.allowedIps).toEqual(['198.51.100.0/24', '2001:db8::/32']);
    expect((await w.call('GET', `/tenants/${tid}/settings`, { as: dev.as })).body.allowedIps).toEqual(['198.51.100.0/24', '2001:db8::/32']);
    expect((await w.call('PATCH', `/tenants/${tid}/settings`, { as: dev.as, body: { allowedIps: null } })).status).toBe(403);
    const bad = await w.call('PATCH', `/tenants/${tid}/settings`, { as: admin.as, body: { allowedIps: ['nope'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('/allowedIps/0');
    const events = await w.events(tid, '&type=settings.updated');
    expect(events[0].details.changes.allowedIps).toEqual({ from: null, to: ['198.51.100.0/24', '2001:db8::/32'] });
  });
});
