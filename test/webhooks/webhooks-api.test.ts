// The webhooks routes: register (secret shown once), list, read, change, delete; URL rules; access.
import { describe, expect, it } from 'vitest';
import type { Credentials } from '../helpers/server.js';
import { World } from '../helpers/world.js';
import { DIALECTS } from '../helpers/services.js';

describe.each(DIALECTS)('webhooks API on %s', (dialect) => {
  const world = World.forSuite(dialect);
  const call = (method: string, path: string, options?: { body?: unknown; as?: Credentials }) =>
    world.call(method, path, { as: world.admin, ...options });
  const newTenant = () => world.tenant();
  const member = async (tid: string, roles: string[]) => (await world.member(tid, roles)).as;

  it('registers an endpoint and shows its signing secret once', async () => {
    const tid = await newTenant();
    const res = await call('POST', `/tenants/${tid}/webhooks`, {
      body: { url: 'https://hooks.example.test/keywarden', eventTypes: ['key.revoked', 'key.expiring'], description: 'Ops' },
    });
    expect(res.status).toBe(201);
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(res.body.webhook).toMatchObject({
      tenantId: tid, url: 'https://hooks.example.test/keywarden', eventTypes: ['key.revoked', 'key.expiring'],
      description: 'Ops', enabled: true,
    });
    expect(res.body.webhook.id).toMatch(/^whk_/);
    const { secret } = res.body;
    const wid = res.body.webhook.id;

    const read = await call('GET', `/tenants/${tid}/webhooks/${wid}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body.webhook);
    const list = await call('GET', `/tenants/${tid}/webhooks`);
    expect(list.body).toEqual({ items: [res.body.webhook], nextCursor: null });
    const events = await call('GET', `/tenants/${tid}/events?type=webhook.*`);
    expect(events.body.items.map((e: any) => e.type)).toEqual(['webhook.created']);
    expect(events.body.items[0].details).toEqual({ webhookId: wid, url: 'https://hooks.example.test/keywarden', eventTypes: ['key.revoked', 'key.expiring'] });

    // Never again in an answer, an event or the database in the clear.
    for (const body of [read.body, list.body, events.body]) expect(JSON.stringify(body)).not.toContain(secret);
    const row = await world.server.ctx.store.db.selectFrom('webhooks').selectAll().where('id', '=', wid).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(JSON.stringify(row)).not.toContain(secret.slice(6));
  });

  it('accepts https, and http only to an address the operator allows (here loopback; 400 on /url otherwise)', async () => {
    const tid = await newTenant();
    // Names under .test resolve to 127.0.0.1 through the test resolver; this server allows loopback.
    for (const url of ['https://example.test/x', 'http://127.0.0.1:9/x', 'http://127.8.9.10/', 'http://localhost:8080/h', 'http://[::1]:3000/h', 'http://hooks.example.test/in']) {
      const res = await call('POST', `/tenants/${tid}/webhooks`, { body: { url, eventTypes: ['*'] } });
      expect(res.status, url).toBe(201);
    }
    for (const url of ['http://10.0.0.1/x', 'https://10.0.0.1/x', 'http://128.0.0.1/', 'https://169.254.169.254/', 'ftp://example.test/', 'not a url', 'https://nowhere.example/']) {
      const res = await call('POST', `/tenants/${tid}/webhooks`, { body: { url, eventTypes: ['*'] } });
      expect(res.status, url).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details[0].field).toBe('/url');
    }
    const ok = await call('POST', `/tenants/${tid}/webhooks`, { body: { url: 'https://example.test/y', eventTypes: ['key.*'] } });
    const patched = await call('PATCH', `/tenants/${tid}/webhooks/${ok.body.webhook.id}`, { body: { url: 'http://10.0.0.1/y' } });
    expect(patched.status).toBe(400);
    expect(patched.body.error.details[0].field).toBe('/url');
  });

  it('validates the body: event types, unknown fields, empty patches', async () => {
    const tid = await newTenant();
    const bad = [
      { url: 'https://example.test/', eventTypes: [] },
      { url: 'https://example.test/', eventTypes: ['Key Revoked'] },
      { url: 'https://example.test/' },
      { url: 'https://example.test/', eventTypes: ['*'], secret: 'mine' },
    ];
    for (const body of bad) expect((await call('POST', `/tenants/${tid}/webhooks`, { body })).status).toBe(400);
    const ok = await call('POST', `/tenants/${tid}/webhooks`, { body: { url: 'https://example.test/', eventTypes: ['*'] } });
    expect((await call('PATCH', `/tenants/${tid}/webhooks/${ok.body.webhook.id}`, { body: {} })).status).toBe(400);
  });

  it('changes and deletes an endpoint, recording both', async () => {
    const tid = await newTenant();
    const created = await call('POST', `/tenants/${tid}/webhooks`, { body: { url: 'https://a.example.test/', eventTypes: ['key.created'] } });
    const wid = created.body.webhook.id;
    const patched = await call('PATCH', `/tenants/${tid}/webhooks/${wid}`, {
      body: { url: 'https://b.example.test/', eventTypes: ['key.*', 'key.*'], description: 'B', enabled: false },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ url: 'https://b.example.test/', eventTypes: ['key.*'], description: 'B', enabled: false });
    expect((await call('GET', `/tenants/${tid}/webhooks/${wid}`)).body).toEqual(patched.body);
    const cleared = await call('PATCH', `/tenants/${tid}/webhooks/${wid}`, { body: { description: null } });
    expect(cleared.body.description).toBeNull();

    expect((await call('DELETE', `/tenants/${tid}/webhooks/${wid}`)).status).toBe(204);
    expect((await call('GET', `/tenants/${tid}/webhooks/${wid}`)).status).toBe(404);
    expect((await call('GET', `/tenants/${tid}/webhooks/${wid}/deliveries`)).status).toBe(404);
    expect((await call('DELETE', `/tenants/${tid}/webhooks/${wid}`)).status).toBe(404);
    const events = await call('GET', `/tenants/${tid}/events?type=webhook.*`);
    expect(events.body.items.map((e: any) => e.type)).toEqual(['webhook.deleted', 'webhook.updated', 'webhook.updated', 'webhook.created']);
    expect(events.body.items[2].details.changes).toMatchObject({
      url: { from: 'https://a.example.test/', to: 'https://b.example.test/' }, enabled: { from: true, to: false },
    });
  });

  it('refuses a user or password in the URL, and echoes neither', async () => {
    const tid = await newTenant();
    const res = await call('POST', `/tenants/${tid}/webhooks`, { body: { url: 'https://hook:s3cr3t-pass@example.test/x', eventTypes: ['*'] } });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('/url');
    expect(JSON.stringify(res.body)).not.toContain('s3cr3t-pass');
    const events = await call('GET', `/tenants/${tid}/events?type=webhook.*`);
    expect(events.body.items).toEqual([]);
  });

  it('pages the list', async () => {
    const tid = await newTenant();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await call('POST', `/tenants/${tid}/webhooks`, { body: { url: `https://example.test/${i}`, eventTypes: ['*'] } })).body.webhook.id);
    }
    const first = await call('GET', `/tenants/${tid}/webhooks?limit=2`);
    expect(first.body.items.map((w: any) => w.id)).toEqual(ids.slice(0, 2));
    const second = await call('GET', `/tenants/${tid}/webhooks?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ nextCursor: null });
    expect(second.body.items.map((w: any) => w.id)).toEqual(ids.slice(2));
    expect((await call('GET', `/tenants/${tid}/webhooks?cursor=nonsense`)).status).toBe(400);
  });

  it('is for tenant admins: developers get 403, other tenants 404, strangers 401', async () => {
    const tid = await newTenant();
    const other = await newTenant();
    const created = await call('POST', `/tenants/${tid}/webhooks`, { body: { url: 'https://example.test/', eventTypes: ['*'] } });
    const wid = created.body.webhook.id;
    const dev = await member(tid, ['developer']);
    expect((await call('GET', `/tenants/${tid}/webhooks`, { as: dev })).status).toBe(403);
    expect((await call('POST', `/tenants/${tid}/webhooks`, { as: dev, body: { url: 'https://example.test/', eventTypes: ['*'] } })).status).toBe(403);
    expect((await call('GET', `/tenants/${tid}/webhooks/${wid}/deliveries`, { as: dev })).status).toBe(403);

    const otherAdmin = await member(other, ['tenant_admin']);
    expect((await call('GET', `/tenants/${tid}/webhooks`, { as: otherAdmin })).status).toBe(404);
    expect((await call('GET', `/tenants/${tid}/webhooks/${wid}`, { as: otherAdmin })).status).toBe(404);
    // Its own tenant's admin cannot reach it through their tenant either.
    expect((await call('GET', `/tenants/${other}/webhooks/${wid}`, { as: otherAdmin })).status).toBe(404);
    expect((await call('DELETE', `/tenants/${other}/webhooks/${wid}`, { as: otherAdmin })).status).toBe(404);
    expect((await world.call('GET', `/tenants/${tid}/webhooks`)).status).toBe(401);

    // A tenant admin who is not a platform admin manages them fully.
    const tenantAdmin = await member(tid, ['tenant_admin']);
    expect((await call('PATCH', `/tenants/${tid}/webhooks/${wid}`, { as: tenantAdmin, body: { enabled: false } })).status).toBe(200);
  });
});
