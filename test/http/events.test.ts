import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type ApiResponse, type Credentials, type TestServer } from '../helpers/server.js';
import { unique, World } from '../helpers/world.js';
import { DIALECTS } from '../helpers/services.js';
import { appendEvents, SYSTEM_ORIGIN, type EventView, type NewEvent, type Origin } from '../../src/audit/events.js';
import { encodeCursor } from '../../src/services/paging.js';

describe.each(DIALECTS)('events API on %s', (dialect) => {
  const world = World.forSuite(dialect);
  let server: TestServer;
  let admin: Credentials;
  let adminId: string;
  let tenantId: string;
  const newTenant = () => world.tenant();

  beforeAll(async () => {
    ({ server, admin } = world);
    adminId = (await server.api.call('GET', '/auth/me', { as: admin })).body.user.id;
    tenantId = await newTenant();
  });

  /** Appends events through the real writer at a chosen time, for boundary and paging tests. */
  async function seed(at: Date, events: NewEvent[], origin: Origin = SYSTEM_ORIGIN): Promise<EventView[]> {
    const store = server.ctx.store;
    return store.write((trx) => appendEvents(store, trx, origin, events, at));
  }

  async function allEvents(tid: string, query = ''): Promise<EventView[]> {
    const items: EventView[] = [];
    let cursor: string | null = null;
    do {
      const res: ApiResponse = await server.api.call('GET', `/tenants/${tid}/events?limit=200${query}${cursor ? `&cursor=${cursor}` : ''}`, { as: admin });
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  }

  const byNewest = (a: EventView, b: EventView) => (a.at === b.at ? 0 : a.at < b.at ? 1 : -1);

  it('lists a tenant\'s events newest first, in the Event shape, opened by tenant.created', async () => {
    const tid = await newTenant();
    await server.api.call('PATCH', `/tenants/${tid}`, { as: admin, body: { name: `Renamed ${unique()}` } });
    const res = await server.api.call('GET', `/tenants/${tid}/events`, { as: admin });
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    const items: EventView[] = res.body.items;
    expect(items.map((e) => e.type)).toEqual(['tenant.updated', 'member.granted', 'tenant.created']);
    expect([...items].sort(byNewest)).toEqual(items);
    const created = items[2];
    expect(Object.keys(created).sort()).toEqual(['actor', 'at', 'details', 'hash', 'id', 'ip', 'keyId', 'prevHash', 'tenantId', 'type', 'userAgent'].sort());
    expect(created).toMatchObject({ tenantId: tid, actor: { type: 'user', id: adminId }, keyId: null, prevHash: null });
    expect(created.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // The chain links newest to oldest.
    expect(items[0].prevHash).toBe(items[1].hash);
    expect(items[1].prevHash).toBe(items[2].hash);
  });

  it('filters by a comma-separated list of types, and by a type prefix', async () => {
    const tid = await newTenant();
    await server.api.call('PATCH', `/tenants/${tid}/settings`, { as: admin, body: { maxActiveKeysPerUser: 3 } });
    const list = await server.api.call('GET', `/tenants/${tid}/events?type=tenant.created,settings.updated`, { as: admin });
    expect(list.status).toBe(200);
    expect(list.body.items.map((e: EventView) => e.type)).toEqual(['settings.updated', 'tenant.created']);
    const prefix = await server.api.call('GET', `/tenants/${tid}/events?type=tenant.*`, { as: admin });
    expect(prefix.body.items.map((e: EventView) => e.type)).toEqual(['tenant.created']);
    const none = await server.api.call('GET', `/tenants/${tid}/events?type=key.created`, { as: admin });
    expect(none.body).toEqual({ items: [], nextCursor: null });
  });

  it('filters by keyId and by actor, with `system` for the server\'s own events', async () => {
    const tid = await newTenant();
    const keyA = 'key_0000000000aaaaaaaaaaaaaaaaaaaa';
    const keyB = 'key_0000000000bbbbbbbbbbbbbbbbbbbb';
    const now = new Date();
    await seed(now, [
      { tenantId: tid, type: 'key.expiring', keyId: keyA, details: { days: 7 } },
      { tenantId: tid, type: 'key.expiring', keyId: keyB, details: { days: 7 } },
    ]);
    await seed(now, [{ tenantId: tid, type: 'key.updated', keyId: keyA }], { actor: { type: 'key', id: keyB }, ip: '10.0.0.1', userAgent: 'test' });

    const forA = await server.api.call('GET', `/tenants/${tid}/events?keyId=${keyA}`, { as: admin });
    expect(forA.body.items.map((e: EventView) => [e.type, e.keyId])).toEqual([['key.updated', keyA], ['key.expiring', keyA]]);

    const bySystem = await server.api.call('GET', `/tenants/${tid}/events?actor=system`, { as: admin });
    expect(bySystem.body.items).toHaveLength(2);
    expect(bySystem.body.items.every((e: EventView) => e.actor.type === 'system' && e.actor.id === null)).toBe(true);

    const byKey = await server.api.call('GET', `/tenants/${tid}/events?actor=${keyB}`, { as: admin });
    expect(byKey.body.items.map((e: EventView) => e.type)).toEqual(['key.updated']);
    expect(byKey.body.items[0]).toMatchObject({ actor: { type: 'key', id: keyB }, ip: '10.0.0.1', userAgent: 'test' });

    const byAdmin = await server.api.call('GET', `/tenants/${tid}/events?actor=${adminId}`, { as: admin });
    expect(byAdmin.body.items.map((e: EventView) => e.type)).toEqual(['member.granted', 'tenant.created']);

    const both = await server.api.call('GET', `/tenants/${tid}/events?actor=system&keyId=${keyB}`, { as: admin });
    expect(both.body.items.map((e: EventView) => [e.type, e.keyId])).toEqual([['key.expiring', keyB]]);
  });

  it('takes since as inclusive and until as exclusive, in any ISO-8601 offset', async () => {
    const tid = await newTenant();
    // In the future: an event never takes a time before its chain's last one (the tenant was created now).
    const t = (s: string) => new Date(`2099-05-0${s}Z`);
    await seed(t('1T10:00:00.000'), [{ tenantId: tid, type: 'resource.created', details: { n: 1 } }]);
    await seed(t('2T10:00:00.000'), [{ tenantId: tid, type: 'resource.created', details: { n: 2 } }]);
    await seed(t('3T10:00:00.000'), [{ tenantId: tid, type: 'resource.created', details: { n: 3 } }]);
    const ns = async (query: string) => {
      const res = await server.api.call('GET', `/tenants/${tid}/events?type=resource.created${query}`, { as: admin });
      expect(res.status).toBe(200);
      return res.body.items.map((e: EventView) => e.details.n);
    };
    expect(await ns('&since=2099-05-02T10:00:00.000Z')).toEqual([3, 2]);
    expect(await ns('&until=2099-05-02T10:00:00.000Z')).toEqual([1]);
    expect(await ns('&since=2099-05-02T10:00:00Z&until=2099-05-03T10:00:00Z')).toEqual([2]);
    expect(await ns('&since=2099-05-02T10:00:00.001Z')).toEqual([3]);
    // The same instants written with an offset (and without milliseconds) bound the same way.
    expect(await ns(`&since=${encodeURIComponent('2099-05-02T12:00:00+02:00')}`)).toEqual([3, 2]);
    expect(await ns(`&until=${encodeURIComponent('2099-05-03T12:00:00+02:00')}`)).toEqual([2, 1]);
    expect(await ns('&since=2099-05-03T10:00:00Z&until=2099-05-03T10:00:00Z')).toEqual([]);
  });

  it('pages stably with the cursor: no repeats, no gaps, events of one instant in chain order', async () => {
    const tid = await newTenant();
    const same = new Date('2021-01-01T00:00:00.000Z');
    // 12 events at one instant (one transaction), others around it: the tie-break must hold across pages.
    await seed(same, Array.from({ length: 12 }, (_, i) => ({ tenantId: tid, type: 'resource.updated', details: { i } })));
    for (let i = 0; i < 5; i++) await seed(new Date(same.getTime() + (i - 2) * 1000), [{ tenantId: tid, type: 'resource.deleted', details: { i } }]);
    const everything = (await server.api.call('GET', `/tenants/${tid}/events?limit=200`, { as: admin })).body.items as EventView[];
    expect(everything).toHaveLength(2 + 12 + 5);

    const paged: EventView[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: ApiResponse = await server.api.call('GET', `/tenants/${tid}/events?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { as: admin });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(4);
      paged.push(...res.body.items);
      cursor = res.body.nextCursor;
      // New events arriving while paging come before the first page and do not shift later pages.
      if (pages === 1) await seed(new Date(), [{ tenantId: tid, type: 'resource.created' }]);
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(paged.map((e) => e.id)).toEqual(everything.map((e) => e.id));
    expect(new Set(paged.map((e) => e.id)).size).toBe(paged.length);
    const burst = paged.filter((e) => e.type === 'resource.updated').map((e) => e.details.i);
    expect(burst).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    // A filter carried across pages keeps to it.
    const filtered = (await allEvents(tid, '&type=resource.deleted')).map((e) => e.details.i);
    expect(filtered).toEqual([4, 3, 2, 1, 0]);
  });

  it.each([
    ['a cursor that is not one', 'cursor=not-a-cursor', '/cursor'],
    ['a cursor of another shape', `cursor=${encodeCursor({ name: 'x', id: 'y' })}`, '/cursor'],
    ['a date that is not ISO-8601', 'since=yesterday', '/since'],
    ['an impossible date', 'until=2026-13-01T00:00:00Z', '/until'],
    ['a date without a time zone', 'since=2026-01-01T00:00:00', '/since'],
    ['limit 201', 'limit=201', '/limit'],
    ['limit 0', 'limit=0', '/limit'],
    ['an unknown query field', 'owner=me', '/owner'],
    ['a malformed type list', 'type=Key%20Created', '/type'],
    ['a malformed keyId', 'keyId=usr_abc', '/keyId'],
  ])('answers 400 VALIDATION_FAILED for %s', async (_what, query, field) => {
    for (const path of [`/tenants/${tenantId}/events`, '/events']) {
      const res = await server.api.call('GET', `${path}?${query}`, { as: admin });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details?.[0]?.field).toBe(field);
    }
  });

  it('accepts limit 200 and defaults to 50', async () => {
    const tid = await newTenant();
    await seed(new Date(), Array.from({ length: 60 }, () => ({ tenantId: tid, type: 'resource.created' })));
    const first = await server.api.call('GET', `/tenants/${tid}/events`, { as: admin });
    expect(first.body.items).toHaveLength(50);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const all = await server.api.call('GET', `/tenants/${tid}/events?limit=200`, { as: admin });
    expect(all.body.items).toHaveLength(62);
    expect(all.body.nextCursor).toBeNull();
  });

  it('describes both routes and their query in the OpenAPI document', async () => {
    const doc = (await server.api.call('GET', '/openapi.json')).body;
    for (const path of ['/api/v1/tenants/{tid}/events', '/api/v1/events']) {
      const names = doc.paths[path].get.parameters.filter((p: { in: string }) => p.in === 'query').map((p: { name: string }) => p.name);
      expect(names.sort()).toEqual(['actor', 'cursor', 'keyId', 'limit', 'since', 'type', 'until']);
    }
  });

  it('answers 401 without credentials', async () => {
    expect((await server.api.call('GET', `/tenants/${tenantId}/events`)).status).toBe(401);
    expect((await server.api.call('GET', '/events')).status).toBe(401);
  });

  it('answers 403 to a developer and 404 to another tenant\'s admin', async () => {
    const { as: devCreds } = await world.member(tenantId, ['developer'], true);
    const asDev = await server.api.call('GET', `/tenants/${tenantId}/events`, { as: devCreds });
    expect(asDev.status).toBe(403);
    expect(asDev.body.error.code).toBe('FORBIDDEN');

    const otherTenant = await newTenant();
    const { as: otherCreds } = await world.member(otherTenant, ['tenant_admin'], false);
    expect((await server.api.call('GET', `/tenants/${otherTenant}/events`, { as: otherCreds })).status).toBe(200);
    const res = await server.api.call('GET', `/tenants/${tenantId}/events`, { as: otherCreds });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    // An unknown tenant looks the same.
    expect((await server.api.call('GET', '/tenants/ten_0000000000zzzzzzzzzzzzzzzzzzzz/events', { as: otherCreds })).status).toBe(404);
  });

  it('serves platform events to the platform admin only, and only platform events', async () => {
    const user = await world.user();
    await server.api.call('POST', '/auth/login', { body: { email: user.email, password: 'wrong-password-1' } });
    const res = await server.api.call('GET', '/events?limit=200', { as: admin });
    expect(res.status).toBe(200);
    const items: EventView[] = res.body.items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((e) => e.tenantId === null)).toBe(true);
    expect(items.some((e) => e.type === 'user.created' && e.details.userId === user.id)).toBe(true);
    expect(items.some((e) => e.type === 'auth.login' && e.actor.id === adminId)).toBe(true);
    expect(items.some((e) => e.type === 'tenant.created')).toBe(false);
    // The first-start admin was made by the server itself.
    const firstAdmin = await server.api.call('GET', '/events?actor=system&type=user.created', { as: admin });
    expect(firstAdmin.body.items.map((e: EventView) => e.details.email)).toEqual([ADMIN.email]);
    // No secret in them: the failed login's password is nowhere.
    expect(JSON.stringify(items)).not.toContain('wrong-password-1');

    const tenantAdmin = await world.member(tenantId, ['tenant_admin'], false);
    const asTenantAdmin = await server.api.call('GET', '/events', { as: tenantAdmin.as });
    expect(asTenantAdmin.status).toBe(403);
    expect(asTenantAdmin.body.error.code).toBe('FORBIDDEN');
  });

  describe('with keys', () => {
    let tid: string;
    let adminKey: { id: string; secret: string };
    let readKey: { id: string; secret: string };

    async function createKey(body: Record<string, unknown>) {
      const res = await server.api.call('POST', `/tenants/${tid}/keys`, { as: admin, body });
      expect(res.status).toBe(201);
      return { id: res.body.key.id as string, secret: res.body.secret as string };
    }

    beforeAll(async () => {
      tid = await newTenant();
      await server.api.call('PATCH', `/tenants/${tid}/settings`, { as: admin, body: { apiKeysEnabled: true } });
      // To own keys a platform admin needs the developer role like anyone else.
      expect((await world.grant(tid, adminId, ['tenant_admin', 'developer'], true)).status).toBe(200);
      adminKey = await createKey({ name: 'ops', management: true, scopes: [{ resourceId: null, permission: 'admin' }] });
      readKey = await createKey({ name: 'reader', management: true });
    });

    it('records key events with their keyId and never a secret', async () => {
      const events = await allEvents(tid);
      const created = events.filter((e) => e.type === 'key.created');
      expect(created.map((e) => e.keyId).sort()).toEqual([adminKey.id, readKey.id].sort());
      const forKey = await server.api.call('GET', `/tenants/${tid}/events?keyId=${adminKey.id}`, { as: admin });
      expect(forKey.body.items.map((e: EventView) => e.type)).toEqual(['key.created']);
      const json = JSON.stringify(events) + JSON.stringify((await server.api.call('GET', '/events?limit=200', { as: admin })).body);
      for (const { secret } of [adminKey, readKey]) {
        expect(json).not.toContain(secret);
        // Nor the random part alone, beyond the shown `start`.
        expect(json).not.toContain(secret.slice(secret.indexOf('_') + 1));
      }
    });

    it('lets a management key with a tenant-wide admin scope read its tenant\'s events, and records it as the actor', async () => {
      const res = await server.api.call('GET', `/tenants/${tid}/events`, { as: { key: adminKey.secret } });
      expect(res.status).toBe(200);
      await server.api.call('PATCH', `/tenants/${tid}/settings`, { as: { key: adminKey.secret }, body: { expiryReminderDays: 3 } });
      const byKey = await server.api.call('GET', `/tenants/${tid}/events?actor=${adminKey.id}`, { as: admin });
      expect(byKey.body.items.map((e: EventView) => [e.type, e.actor])).toEqual([['settings.updated', { type: 'key', id: adminKey.id }]]);
    });

    it('refuses a read-scoped key (403), a key on another tenant (404) and any key on /events (403)', async () => {
      const asReader = await server.api.call('GET', `/tenants/${tid}/events`, { as: { key: readKey.secret } });
      expect(asReader.status).toBe(403);
      expect((await server.api.call('GET', `/tenants/${tenantId}/events`, { as: { key: adminKey.secret } })).status).toBe(404);
      // The key's owner is a platform admin, but platform rights never pass to a key.
      const platform = await server.api.call('GET', '/events', { as: { key: adminKey.secret } });
      expect(platform.status).toBe(403);
      expect(platform.body.error.code).toBe('FORBIDDEN');
    });
  });
});
