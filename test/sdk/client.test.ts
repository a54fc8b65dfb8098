// The SDK client against a real server, and every route it calls checked against the served OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.js';
import { createKey, makeManagedTeam, type ManagedTeam } from '../cli/fixture.js';
import { KeywardenClient, KeywardenError, readWebhook, ROUTES, SIGNATURE_HEADER, WebhookSignatureError } from '../../packages/sdk/src/index.js';
import { Receiver } from '../webhooks/receiver.js';

/** `/api/v1/tenants/{tid}/keys/abc` → `/tenants/:tid/keys/:kid`, by matching against the route table. */
function templateOf(method: string, pathname: string): string | undefined {
  const path = pathname.replace(/^\/api\/v1/, '');
  return Object.values(ROUTES).find(([m, template]) =>
    m === method && new RegExp(`^${template.replace(/:\w+/g, '[^/]+')}$`).test(path))?.[1];
}

describe('the SDK client', () => {
  let server: TestServer;
  let team: ManagedTeam;
  let client: KeywardenClient;
  const called = new Set<string>();
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    team = await makeManagedTeam(server);
    client = new KeywardenClient({
      baseUrl: server.url, apiKey: team.managementKey,
      fetch: async (input, init) => {
        const url = new URL(String(input));
        called.add(`${init?.method ?? 'GET'} ${templateOf(init?.method ?? 'GET', url.pathname) ?? url.pathname}`);
        return fetch(input, init);
      },
    });
  });
  afterAll(async () => { await server?.stop(); });

  it('calls only routes that the served OpenAPI document has', async () => {
    const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    const served = new Set(Object.entries(doc.paths as Record<string, object>).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`)));
    for (const [method, template] of Object.values(ROUTES)) {
      expect(served, `${method} ${template}`).toContain(`${method} /api/v1${template.replace(/:(\w+)/g, '{$1}')}`);
    }
  });

  it('manages keys, settings, members, resources, events and webhooks with a management key', async () => {
    const me = await client.me();
    expect(me.key).toEqual({ id: team.managementKeyId, tenantId: team.tid, scopes: [{ resourceId: null, permission: 'admin' }] });
    const tid = me.key!.tenantId;
    expect((await client.listTenants()).items.map((t) => t.id)).toEqual([tid]);
    expect((await client.getTenant(tid)).id).toBe(tid);
    expect((await client.updateSettings(tid, { expiryReminderDays: 2 })).expiryReminderDays).toBe(2);
    expect((await client.getSettings(tid)).apiKeysEnabled).toBe(true);

    const folder = await client.createResource(tid, { type: 'folder', name: 'Reports' });
    expect((await client.updateResource(tid, folder.id, { name: 'Reports 2026' })).name).toBe('Reports 2026');
    expect((await client.listResources(tid)).items.map((r) => r.id)).toContain(folder.id);

    const created = await client.createKey(tid, { name: 'sdk', scopes: [{ resourceId: folder.id, permission: 'write' }] });
    expect(created.secret).toMatch(/^kw_/);
    const answer = await client.verify(created.secret, { resourceId: folder.id, permission: 'write' });
    expect(answer).toMatchObject({ valid: true, keyId: created.key.id, tenantId: tid });
    expect(await client.verify('kw_nope')).toEqual({ valid: false, code: 'MALFORMED' });
    expect(await client.reportLeaks(['kw_nope'], { source: 'sdk test', url: 'https://paste.example/1' })).toEqual({ received: 1 });
    expect((await client.getKey(tid, created.key.id)).name).toBe('sdk');
    expect((await client.updateKey(tid, created.key.id, { description: 'from the SDK' })).description).toBe('from the SDK');
    const keys: string[] = [];
    for await (const key of client.keys(tid, { limit: 1 })) keys.push(key.id);
    expect(keys).toContain(created.key.id);
    expect((await client.keyUsage(tid, created.key.id)).interval).toBe('hour');
    expect((await client.keyStats(tid)).active).toBeGreaterThan(0);
    expect((await client.tenantUsage(tid, { groupBy: 'key', interval: 'hour' })).interval).toBe('hour');
    expect(await client.tenantUsageCsv(tid)).toMatch(/^at,tenantId,ownerId,keyId,valid,failed\r\n/);
    expect((await client.topKeys(tid, { by: 'failed' })).items).toEqual([]);
    // Every tenant's usage is for a platform admin signed in as a person.
    const platformAdmin = await server.api.login(ADMIN.email, ADMIN.password);
    const platform = new KeywardenClient({ baseUrl: server.url, headers: { cookie: platformAdmin.cookie! }, fetch: (client as any).fetch });
    expect((await platform.platformUsage({ interval: 'month' })).interval).toBe('month');
    expect(await platform.platformUsageCsv()).toMatch(/^at,tenantId,/);
    const rotated = await client.rotateKey(tid, created.key.id, { gracePeriodSeconds: 60 });
    expect(rotated.key.rotatedFrom).toBe(created.key.id);
    expect((await client.revokeKey(tid, created.key.id)).status).toBe('revoked');
    // A dry run writes nothing (so this server keeps answering MALFORMED to values not in Keywarden's format).
    expect(await client.importKeys(tid, { dryRun: true, keys: [{ ownerId: 'usr_nobody', hash: { algorithm: 'sha256', value: 'ab'.repeat(32) } }] }))
      .toEqual({ results: [{ ok: false, code: 'NOT_FOUND' }] });
    expect(await client.revokeKeys(tid, [rotated.key.id, 'key_unknown'])).toEqual({ results: [{ id: rotated.key.id, ok: true }, { id: 'key_unknown', ok: false, code: 'NOT_FOUND' }] });
    await client.deleteKey(tid, rotated.key.id);
    await client.deleteKey(tid, created.key.id);
    await client.deleteResource(tid, folder.id);
    // Deleting "own keys" as the management key would delete the management key too: a developer's session does it.
    const developer = new KeywardenClient({ baseUrl: server.url, headers: { cookie: team.developer.as.cookie! }, fetch: (client as any).fetch });
    await developer.deleteOwnKeys(tid);
    expect((await client.listEvents(tid, { type: 'key.revoked' })).items.length).toBeGreaterThanOrEqual(2);

    // A webhook for member events, received and checked with the SDK's signature check.
    const receiver = await Receiver.start();
    const { webhook, secret } = await client.createWebhook(tid, { url: receiver.url, eventTypes: ['member.*'], description: 'sdk' });
    expect(webhook).toMatchObject({ tenantId: tid, eventTypes: ['member.*'], enabled: true });

    const dev = team.developer;
    const found = await client.findUserByEmail(dev.email);
    expect(found.items.map((u) => u.id)).toEqual([dev.id]);
    expect((await client.putMember(tid, dev.id, { roles: ['developer'], licensed: false })).licensed).toBe(false);
    expect((await client.listMembers(tid, { q: dev.email })).items).toHaveLength(1);
    await client.withdrawMember(tid, dev.id);

    try {
      await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(2);
      const [changed, withdrawn] = await Promise.all(receiver.received.map((r) => readWebhook(secret, String(r.headers[SIGNATURE_HEADER]), r.body)));
      expect([changed.type, withdrawn.type]).toEqual(['member.changed', 'member.withdrawn']);
      await expect(readWebhook(`${secret}x`, String(receiver.received[0].headers[SIGNATURE_HEADER]), receiver.received[0].body)).rejects.toBeInstanceOf(WebhookSignatureError);
      await expect.poll(async () => (await client.listDeliveries(tid, webhook.id)).items.map((d) => d.status), { timeout: 10_000 }).toEqual(['succeeded', 'succeeded']);
    } finally {
      await receiver.stop();
    }
    expect((await client.updateWebhook(tid, webhook.id, { enabled: false })).enabled).toBe(false);
    expect((await client.getWebhook(tid, webhook.id)).enabled).toBe(false);
    expect((await client.listWebhooks(tid)).items.map((w) => w.id)).toEqual([webhook.id]);
    await client.deleteWebhook(tid, webhook.id);

    // Every route of the table was exercised, and each call went to a route of the table.
    expect([...called].sort()).toEqual(Object.values(ROUTES).map(([m, t]) => `${m} ${t}`).sort());
  });

  it('throws KeywardenError with the contract\'s code, message and details', async () => {
    const team = await makeManagedTeam(server);
    const client = new KeywardenClient({ baseUrl: server.url, apiKey: team.managementKey });
    const key = await createKey(team);
    const plain = new KeywardenClient({ baseUrl: server.url, apiKey: key.secret });
    await expect(plain.listKeys(team.tid)).rejects.toMatchObject({ name: 'KeywardenError', status: 403, code: 'FORBIDDEN' });
    const invalid = await client.createKey(team.tid, { name: 'x', scopes: [{ resourceId: null, permission: 'root' as 'read' }] }).catch((e) => e);
    expect(invalid).toBeInstanceOf(KeywardenError);
    expect(invalid).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: '/scopes/0/permission' })] });
    const revoked = new KeywardenClient({ baseUrl: server.url, apiKey: key.secret });
    await client.revokeKey(team.tid, key.id);
    await expect(revoked.me()).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED', reason: 'REVOKED' });
    await expect(new KeywardenClient({ baseUrl: 'http://127.0.0.1:1' }).me()).rejects.toMatchObject({ status: 0, code: 'UNREACHABLE' });
  });
});
