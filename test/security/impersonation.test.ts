// A management key is only ever created for oneself (DESIGN "Keys on the management API"): a tenant
// admin naming another member's ownerId with management: true is 403 FORBIDDEN, from a session and
// from a key; and on upgrade, management keys made that way before are revoked ("impersonation").
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIALECTS, dropSchema } from '../helpers/services.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { TEST_PASSWORD, World } from '../helpers/world.js';
import { appendEvents, type Actor } from '../../src/audit/events.js';
import { verifyChains } from '../../src/audit/verify-chain.js';
import { generateKey } from '../../src/domain/key-format.js';
import { hashKey } from '../../src/domain/hashing.js';
import { newId } from '../../src/domain/ids.js';
import { keyChange } from '../../src/services/revocation.js';
import { revokeImpersonatingKeys } from '../../src/services/impersonation.js';

describe.each(DIALECTS)('management keys in another member\'s name on %s', (dialect) => {
  const w = World.forSuite(dialect);
  const tenantWide = (permission: string) => [{ resourceId: null, permission }];

  async function team() {
    const tid = await w.tenantWithKeys({ maxActiveKeysPerUser: 20 });
    const admin = await w.member(tid, ['tenant_admin', 'developer']);
    const dev = await w.member(tid);
    return { tid, admin, dev };
  }

  it('refuses a tenant admin\'s session a management key for another member with 403 FORBIDDEN', async () => {
    const { tid, admin, dev } = await team();
    const res = await w.call('POST', `/tenants/${tid}/keys`, { as: admin.as, body: { name: 'as dev', management: true, ownerId: dev.id, scopes: tenantWide('write') } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    const keys = await w.call('GET', `/tenants/${tid}/keys?owner=${dev.id}`, { as: admin.as });
    expect(keys.body.items).toEqual([]);
  });

  it('refuses the same through an admin-scoped management key of a tenant admin', async () => {
    const { tid, admin, dev } = await team();
    const { secret } = await w.createKey(tid, admin.as, { management: true, scopes: tenantWide('admin') });
    const res = await w.call('POST', `/tenants/${tid}/keys`, { as: { key: secret }, body: { name: 'as dev', management: true, ownerId: dev.id } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('still lets a tenant admin create a plain key for a member, and a management key for themself', async () => {
    const { tid, admin, dev } = await team();
    expect((await w.createKey(tid, admin.as, { ownerId: dev.id })).key).toMatchObject({ ownerId: dev.id, management: false });
    expect((await w.createKey(tid, admin.as, { ownerId: admin.id, management: true })).key).toMatchObject({ ownerId: admin.id, management: true });
  });

  it('checks it after NOT_LICENSED and before the 404 of an ownerId who is not a member', async () => {
    const { tid, admin } = await team();
    const stranger = await w.member(null);
    const unlicensed = await w.member(tid, ['developer'], false);
    const create = (ownerId: string) => w.call('POST', `/tenants/${tid}/keys`, { as: admin.as, body: { name: 'k', management: true, ownerId } });
    expect((await create(unlicensed.id)).body.error.code).toBe('NOT_LICENSED');
    const res = await create(stranger.id);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });
});

describe.each(DIALECTS)('on upgrade, management keys made in another member\'s name on %s', (dialect) => {
  const tenantWide = (permission: string) => [{ resourceId: null, permission }];

  /**
   * What the old code did for `management: true` with another member's ownerId: the key row, owned
   * by the member, and its key.created event with the creator as actor, in the tenant's chain. A
   * copy of a real key's row, so columns added by later migrations keep their values.
   */
  async function oldStyleKey(server: TestServer, template: string, ownerId: string, creator: Actor) {
    const store = server.ctx.store;
    const { secret, start } = generateKey(server.ctx.config.keyPrefix);
    const id = newId('key');
    const row = await store.db.selectFrom('api_keys').selectAll().where('id', '=', template).executeTakeFirstOrThrow();
    await store.write(async (trx, changed) => {
      const copy = { ...row, id, owner_id: ownerId, start, hash: hashKey(server.ctx.serverSecret, secret), usage_count: 0, last_used_at: null };
      await trx.insertInto('api_keys').values(copy).execute();
      await appendEvents(store, trx, { actor: creator, ip: null, userAgent: null }, [{
        tenantId: row.tenant_id, type: 'key.created', keyId: id,
        details: { name: row.name, ownerId, scopes: JSON.parse(row.scopes), expiresAt: row.expires_at, management: true },
      }]);
      changed(keyChange(copy));
    });
    return { id, secret };
  }

  it('revokes them, and the keys they made, with reason "impersonation" in a valid chain; the others stay', async () => {
    const first = await startTestServer(dialect);
    const restartOptions = { dataDir: first.dataDir, ...(first.schema && { pgSchema: first.schema }) };
    let second: TestServer | undefined;
    try {
      const w = await World.on(first);
      const tid = await w.tenantWithKeys({ maxActiveKeysPerUser: 20 });
      const admin = await w.member(tid, ['tenant_admin', 'developer']);
      const dev = await w.member(tid);
      const own = await w.createKey(tid, dev.as, { management: true, scopes: tenantWide('write') });
      const madeByOwn = await w.createKey(tid, { key: own.secret }, { management: true, scopes: tenantWide('read') });
      const adminsOwn = await w.createKey(tid, admin.as, { management: true, scopes: tenantWide('admin') });
      const forDev = await w.createKey(tid, admin.as, { ownerId: dev.id });
      const bySession = await oldStyleKey(first, own.key.id, dev.id, { type: 'user', id: admin.id });
      const byAdminKey = await oldStyleKey(first, own.key.id, dev.id, { type: 'key', id: adminsOwn.key.id });
      // The impersonating key rotates itself: the new key's actor is a key of the member's, yet
      // its secret went to the tenant admin.
      const rotated = await w.call('POST', `/tenants/${tid}/keys/${bySession.id}/rotate`, { as: { key: bySession.secret }, body: { gracePeriodSeconds: 3600 } });
      expect(rotated.status, JSON.stringify(rotated.body)).toBe(201);
      await first.close(); // not stop(): the data stays for the upgraded start

      second = await startTestServer(dialect, {}, restartOptions);
      const after = await World.on(second);
      const adminNow = await after.api.login(admin.email, TEST_PASSWORD);
      const statusOf = async (id: string) => (await after.call('GET', `/tenants/${tid}/keys/${id}`, { as: adminNow })).body.status;
      for (const id of [bySession.id, byAdminKey.id, rotated.body.key.id]) expect(await statusOf(id), id).toBe('revoked');
      for (const id of [own.key.id, madeByOwn.key.id, adminsOwn.key.id, forDev.key.id]) expect(await statusOf(id), id).toBe('active');
      expect(await after.verify(rotated.body.secret)).toEqual({ valid: false, code: 'REVOKED' });
      expect((await after.verify(own.secret)).valid).toBe(true);

      const revocations = await after.events(tid, '&type=key.revoked');
      expect(revocations.map((e) => e.keyId).sort()).toEqual([bySession.id, byAdminKey.id, rotated.body.key.id].sort());
      for (const e of revocations) expect(e).toMatchObject({ actor: { type: 'system', id: null }, details: { reason: 'impersonation' } });
      expect((await verifyChains(second.ctx.store)).problems).toEqual([]);

      // Idempotent: another start finds nothing more to do.
      expect(await revokeImpersonatingKeys(second.ctx.store, new Date())).toBe(0);
      expect(await after.events(tid, '&type=key.revoked')).toHaveLength(3);
    } finally {
      await second?.stop();
      await first.close();
      rmSync(first.dataDir, { recursive: true, force: true });
      if (first.schema) await dropSchema(first.schema);
    }
  });
});
