// POST /tenants/:tid/keys/import on each database (DESIGN v1.1 "Importing keys"): per-item results in
// request order, KEY_EXISTS on re-runs and races, dry runs that write nothing, legacy keys verifying
// (and failing) like any other, and no bare SHA-256 of an imported secret anywhere in the database.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DIALECTS, TEST_DATABASE_URL } from '../helpers/services.js';
import { holdTransaction } from '../helpers/pg-hold.js';
import { unique, World } from '../helpers/world.js';
import type { Credentials, TestServer } from '../helpers/server.js';
import { DAY_MS, iso } from './keys-fixture.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
/** A secret as another system would have issued it: not in Keywarden's format. */
const legacySecret = () => `sk_live_${randomBytes(18).toString('base64url')}`;
const item = (ownerId: string, secret = legacySecret(), extra: Record<string, unknown> = {}) =>
  ({ ownerId, hash: { algorithm: 'sha256', value: sha256(secret) }, ...extra });

async function importAs(w: World, tid: string, as: Credentials, keys: unknown[], dryRun?: boolean) {
  const res = await w.call('POST', `/tenants/${tid}/keys/import`, { as, body: { keys, ...(dryRun !== undefined && { dryRun }) } });
  expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
  return res.body.results as { ok: boolean; id?: string; code?: string }[];
}

/** Every row of every table, as text: what a dump of the database would hold. */
async function databaseText(server: TestServer): Promise<string> {
  if (server.dialect === 'sqlite') {
    // The file and its journals, bytes as they lie on disk.
    return readdirSync(server.dataDir).filter((f) => f.includes('.db'))
      .map((f) => readFileSync(join(server.dataDir, f)).toString('latin1')).join('\n');
  }
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL!, options: `-c search_path=${server.schema}` });
  await client.connect();
  try {
    const tables = await client.query('select table_name from information_schema.tables where table_schema = $1', [server.schema]);
    const parts: string[] = [];
    for (const { table_name } of tables.rows) {
      const rows = await client.query(`select t::text as row from "${table_name}" t`);
      parts.push(...rows.rows.map((r) => r.row as string));
    }
    return parts.join('\n');
  } finally {
    await client.end();
  }
}

describe.each(DIALECTS)('importing keys on %s', (dialect) => {
  const w = World.forSuite(dialect);

  async function team(settings: Record<string, unknown> = {}) {
    const tid = await w.tenantWithKeys({ maxActiveKeysPerUser: 1000, ...settings });
    const admin = await w.member(tid, ['tenant_admin', 'developer']);
    const dev = await w.member(tid);
    return { tid, admin, dev };
  }

  it('answers 1,000 items in request order, each with the owner checks of key creation', async () => {
    const { tid, admin, dev } = await team({ maxActiveKeysPerUser: 250, maxExpiryDays: 30 });
    const other = await w.member(tid);
    const unlicensed = await w.member(tid, ['developer'], false);
    const adminOnly = await w.member(tid, ['tenant_admin']);
    const stranger = await w.user();
    const keys: unknown[] = [];
    const expected: (string | true)[] = [];
    const perOwner = new Map<string, number>();
    let previous = '';
    for (let i = 0; i < 1000; i++) {
      const secret = legacySecret();
      const kind = i % 10;
      if (kind === 0) { keys.push(item(stranger.id, secret)); expected.push('NOT_FOUND'); }
      else if (kind === 1) { keys.push(item(unlicensed.id, secret)); expected.push('NOT_LICENSED'); }
      else if (kind === 2) { keys.push(item(adminOnly.id, secret)); expected.push('NOT_DEVELOPER'); }
      else if (kind === 3) { keys.push(item(other.id, secret, { expiresAt: iso(Date.now() + 60 * DAY_MS) })); expected.push('EXPIRY_TOO_LONG'); }
      else if (kind === 9) { keys.push(item(other.id, previous)); expected.push('KEY_EXISTS'); }
      else {
        const owner = kind <= 6 ? dev.id : other.id;
        const n = (perOwner.get(owner) ?? 0) + 1;
        perOwner.set(owner, n);
        keys.push(item(owner, secret, { name: `legacy ${i}`, start: 'sk_live_' }));
        expected.push(n <= 250 ? true : 'KEY_LIMIT_REACHED');
        previous = secret;
      }
    }
    const results = await importAs(w, tid, admin.as, keys);
    expect(results.map((r) => (r.ok ? true : r.code))).toEqual(expected);
    const created = results.filter((r) => r.ok);
    expect(created).toHaveLength(450);
    expect(new Set(created.map((r) => r.id)).size).toBe(450);
    const events = await w.events(tid, '&type=key.created');
    expect(events).toHaveLength(200);
    expect(events[0].details).toMatchObject({ imported: true, management: false });
    // No expiry given: the tenant's maximum, as for key creation.
    const key = (await w.call('GET', `/tenants/${tid}/keys/${created[0].id}`, { as: admin.as })).body;
    expect(key).toMatchObject({ imported: true, start: 'sk_live_', name: 'legacy 4', ownerId: dev.id, management: false, scopes: [{ resourceId: null, permission: 'read' }] });
    expect(Date.parse(key.expiresAt) - Date.parse(key.createdAt)).toBe(30 * DAY_MS);
  }, 120_000);

  it('answers KEY_EXISTS for every item of a re-run, and imports nothing twice', async () => {
    const { tid, admin, dev } = await team({ maxActiveKeysPerUser: 2 });
    const keys = [item(dev.id), item(dev.id)];
    expect((await importAs(w, tid, admin.as, keys)).map((r) => r.ok)).toEqual([true, true]);
    // The owner's key limit is now full, yet the re-run says what matters: those keys are there.
    expect(await importAs(w, tid, admin.as, keys)).toEqual([{ ok: false, code: 'KEY_EXISTS' }, { ok: false, code: 'KEY_EXISTS' }]);
    // Anywhere on the instance: another tenant cannot import the same hash either.
    const second = await team();
    expect(await importAs(w, second.tid, second.admin.as, [{ ...keys[0], ownerId: second.dev.id }])).toEqual([{ ok: false, code: 'KEY_EXISTS' }]);
    const list = await w.call('GET', `/tenants/${tid}/keys`, { as: admin.as });
    expect(list.body.items).toHaveLength(2);
  });

  it('imports one of two parallel imports of the same hash and answers the other KEY_EXISTS', async () => {
    const { tid, admin, dev } = await team();
    const one = item(dev.id);
    const answers = await Promise.all([importAs(w, tid, admin.as, [one]), importAs(w, tid, admin.as, [one])]);
    expect(answers.map((r) => r[0].ok ? 'ok' : r[0].code).sort()).toEqual(['KEY_EXISTS', 'ok']);
  });

  it.skipIf(dialect !== 'postgres')('answers KEY_EXISTS when a competing import commits the hash while this one inserts it', async () => {
    const { tid, admin, dev } = await team();
    const one = item(dev.id);
    // The competitor: a transaction that has imported the hash (the same stored HMAC) but not committed.
    const probe = await importAs(w, tid, admin.as, [one], true);
    expect(probe).toEqual([{ ok: true }]);
    const server = w.server as TestServer;
    const held = await holdTransaction(server.schema!);
    const { importedKeyHash } = await import('../../src/domain/legacy-key.js');
    const hash = importedKeyHash(server.ctx.serverSecret, one.hash.value);
    const now = new Date().toISOString();
    await held.query(
      `insert into api_keys (id, tenant_id, owner_id, name, name_lc, search_lc, start, hash, scopes, created_at, updated_at, imported)
       values ($1, $2, $3, 'held', 'held', 'held', '', $4, '[]', $5, $5, 1)`, [`key_held${unique()}`, tid, dev.id, hash, now]);
    const racing = importAs(w, tid, admin.as, [one]);
    await held.blocksAnother();
    await held.commit();
    expect(await racing).toEqual([{ ok: false, code: 'KEY_EXISTS' }]);
  });

  it('checks a dry run like the real run, item after item, and writes nothing', async () => {
    const { tid, admin, dev } = await team({ maxActiveKeysPerUser: 2 });
    const twice = item(dev.id);
    const keys = [twice, twice, item(dev.id), item(dev.id), item('usr_nobody')];
    const before = { keys: (await w.call('GET', `/tenants/${tid}/keys`, { as: admin.as })).body.items.length, events: (await w.events(tid)).length };
    const dry = await importAs(w, tid, admin.as, keys, true);
    expect(dry).toEqual([{ ok: true }, { ok: false, code: 'KEY_EXISTS' }, { ok: true }, { ok: false, code: 'KEY_LIMIT_REACHED' }, { ok: false, code: 'NOT_FOUND' }]);
    expect((await w.call('GET', `/tenants/${tid}/keys`, { as: admin.as })).body.items).toHaveLength(before.keys);
    expect(await w.events(tid)).toHaveLength(before.events);
    const real = await importAs(w, tid, admin.as, keys, false);
    expect(real.map((r) => (r.ok ? 'ok' : r.code))).toEqual(dry.map((r) => (r.ok ? 'ok' : r.code)));
  });

  it('answers the whole request 403 API_KEYS_DISABLED while keys are off, and 403 to non-admins', async () => {
    const tid = await w.tenant();
    const admin = await w.member(tid, ['tenant_admin', 'developer']);
    const off = await w.call('POST', `/tenants/${tid}/keys/import`, { as: admin.as, body: { keys: [item(admin.id)] } });
    expect(off.status).toBe(403);
    expect(off.body.error.code).toBe('API_KEYS_DISABLED');
    const { tid: on, dev } = await team();
    const denied = await w.call('POST', `/tenants/${on}/keys/import`, { as: dev.as, body: { keys: [item(dev.id)] } });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');
  });

  it('refuses a value that is not a hex SHA-256, and more than 1,000 items, as schema errors', async () => {
    const { tid, admin, dev } = await team();
    const bad = await w.call('POST', `/tenants/${tid}/keys/import`, { as: admin.as, body: { keys: [{ ownerId: dev.id, hash: { algorithm: 'sha256', value: 'abc' } }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('/keys/0/hash/value');
    const many = Array.from({ length: 1001 }, () => item(dev.id));
    expect((await w.call('POST', `/tenants/${tid}/keys/import`, { as: admin.as, body: { keys: many } })).status).toBe(400);
  });

  it('answers an item with meta nested too deep VALIDATION_FAILED, and goes on with the next', async () => {
    const { tid, admin, dev } = await team();
    // Written out: JSON.stringify of 8,000 levels runs out of stack, which made the whole import a
    // 500 after the items before it were written (attacker-side review).
    const deep = `${'{"a":'.repeat(8000)}1${'}'.repeat(8000)}`;
    const [first, last] = [JSON.stringify(item(dev.id)), JSON.stringify(item(dev.id))];
    const body = `{"keys":[${first},${JSON.stringify(item(dev.id)).slice(0, -1)},"meta":${deep}},${last}]}`;
    const res = await w.call('POST', `/tenants/${tid}/keys/import`, { as: admin.as, headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { ok: boolean; code?: string }) => r.code ?? r.ok)).toEqual([true, 'VALIDATION_FAILED', true]);
  });

  it('imports through a management key with a tenant-wide admin scope', async () => {
    const { tid, admin, dev } = await team();
    const mk = await w.createKey(tid, admin.as, { management: true, scopes: [{ resourceId: null, permission: 'admin' }] });
    expect((await importAs(w, tid, { key: mk.secret }, [item(dev.id)]))[0].ok).toBe(true);
    const readOnly = await w.createKey(tid, admin.as, { management: true, scopes: [{ resourceId: null, permission: 'write' }] });
    const denied = await w.call('POST', `/tenants/${tid}/keys/import`, { as: { key: readOnly.secret }, body: { keys: [item(dev.id)] } });
    expect(denied.status).toBe(403);
  });

  it('verifies a legacy key through the API, and answers REVOKED on the next verify after a revoke', async () => {
    const { tid, admin, dev } = await team();
    const secret = legacySecret();
    const [{ id }] = await importAs(w, tid, admin.as, [item(dev.id, secret, { scopes: [{ resourceId: null, permission: 'write' }], remaining: 2 })]);
    expect(await w.verify(secret, { permission: 'write' })).toMatchObject({ valid: true, keyId: id, tenantId: tid, ownerId: dev.id, remaining: 1 });
    expect(await w.verify(secret, { permission: 'admin' })).toEqual({ valid: false, code: 'FORBIDDEN' });
    expect(await w.verify(`${secret}x`)).toEqual({ valid: false, code: 'NOT_FOUND' });
    expect((await w.call('POST', `/tenants/${tid}/keys/${id}/revoke`, { as: admin.as })).status).toBe(200);
    expect(await w.verify(secret)).toEqual({ valid: false, code: 'REVOKED' });
    // Values that cannot be an imported key stay MALFORMED.
    expect(await w.verify('short-value')).toEqual({ valid: false, code: 'MALFORMED' });
    expect(await w.verify('has a space in it, long enough')).toEqual({ valid: false, code: 'MALFORMED' });
  });

  it("verifies a legacy key of Keywarden's shape with a wrong checksum, cached or not, and a Keywarden key misspelt is no key", async () => {
    const { tid, admin, dev } = await team();
    const own = await w.createKey(tid, admin.as);
    // The same shape as a Keywarden key (prefix, "_", 30 + 6 base62), with a checksum that is not its own.
    const last = own.secret.at(-1) === 'A' ? 'B' : 'A';
    const lookalike = `${own.secret.slice(0, -1)}${last}`;
    const [{ id }] = await importAs(w, tid, admin.as, [item(dev.id, lookalike)]);
    for (let i = 0; i < 3; i++) {
      expect(await w.verify(lookalike)).toMatchObject({ valid: true, keyId: id });
      expect(await w.verify(own.secret)).toMatchObject({ valid: true, keyId: own.key.id });
    }
    const misspelt = `${own.secret.slice(0, -2)}${own.secret.at(-2) === 'A' ? 'B' : 'A'}${own.secret.at(-1)}`;
    for (let i = 0; i < 2; i++) expect(await w.verify(misspelt)).toEqual({ valid: false, code: 'NOT_FOUND' });
    // A character past ASCII whose low byte is the key's own (U+0100 + code): never the key, cached or not.
    const i = 10;
    const wide = `${own.secret.slice(0, i)}${String.fromCharCode(0x100 + own.secret.charCodeAt(i))}${own.secret.slice(i + 1)}`;
    for (let n = 0; n < 2; n++) expect(await w.verify(wide)).toEqual({ valid: false, code: 'MALFORMED' });
  });

  it('answers an imported key on the management API as a key that is not a management key', async () => {
    const { tid, admin, dev } = await team();
    const secret = legacySecret();
    await importAs(w, tid, admin.as, [item(dev.id, secret)]);
    const res = await w.call('GET', `/tenants/${tid}/keys`, { as: { key: secret } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    const unknown = await w.call('GET', `/tenants/${tid}/keys`, { as: { key: legacySecret() } });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.reason).toBe('NOT_FOUND');
  });

  it('rotates an imported key into a Keywarden key, the old secret working through the grace period', async () => {
    const { tid, admin, dev } = await team();
    const secret = legacySecret();
    const [{ id }] = await importAs(w, tid, admin.as, [item(dev.id, secret)]);
    const rotated = await w.call('POST', `/tenants/${tid}/keys/${id}/rotate`, { as: dev.as, body: { gracePeriodSeconds: 3600 } });
    expect(rotated.status).toBe(201);
    expect(rotated.body.key).toMatchObject({ imported: false, rotatedFrom: id });
    expect(rotated.body.secret).toMatch(/^kw_/);
    expect(await w.verify(secret)).toMatchObject({ valid: true, keyId: id });
    expect(await w.verify(rotated.body.secret)).toMatchObject({ valid: true, keyId: rotated.body.key.id });
  });

  it('imports meta, allowedIps and limits as key creation sets them, and verifies by them', async () => {
    const plan = [{ name: 'plan', kind: 'credits', per: 'key', limit: 10, autoApply: false }];
    const { tid, admin, dev } = await team();
    expect((await w.call('PATCH', `/tenants/${tid}/settings`, { as: w.admin, body: { limits: plan } })).status).toBe(200);
    const own = { name: 'calls', kind: 'credits', per: 'key', limit: 2, autoApply: false };
    const [secret, elsewhere] = [legacySecret(), legacySecret()];
    const [{ id }, { id: refusedId }] = await importAs(w, tid, admin.as, [
      item(dev.id, secret, { meta: { customerId: 'cus_1', tags: ['a'] }, allowedIps: ['127.0.0.1', '::1'], limits: [own] }),
      item(dev.id, elsewhere, { allowedIps: ['203.0.113.0/24'] }),
    ]);
    const key = (await w.call('GET', `/tenants/${tid}/keys/${id}`, { as: admin.as })).body;
    expect(key).toMatchObject({ imported: true, meta: { customerId: 'cus_1', tags: ['a'] }, allowedIps: ['127.0.0.1', '::1'] });
    expect(key.limits.filter((l: { name: string }) => l.name === 'calls')).toMatchObject([own]);
    const valid = await w.verify(secret, { limits: [{ name: 'calls' }] });
    expect(valid).toMatchObject({ valid: true, keyId: id, meta: { customerId: 'cus_1', tags: ['a'] }, limits: [{ name: 'calls', remaining: 1 }] });
    expect(await w.verify(secret, { limits: [{ name: 'calls', cost: 2 }] })).toMatchObject({ valid: false, code: 'USAGE_EXCEEDED', limit: 'calls' });
    expect(await w.verify(elsewhere)).toMatchObject({ valid: false, code: 'IP_NOT_ALLOWED' });
    expect((await w.call('GET', `/tenants/${tid}/keys/${refusedId}`, { as: admin.as })).body.allowedIps).toEqual(['203.0.113.0/24']);
  });

  it('answers an item VALIDATION_FAILED for meta over 4 KiB, a bad address or limits key creation refuses, in dry runs too', async () => {
    const { tid, admin, dev } = await team();
    expect((await w.call('PATCH', `/tenants/${tid}/settings`, { as: w.admin, body: { limits: [{ name: 'plan', kind: 'credits', per: 'tenant', limit: 10, autoApply: false }] } })).status).toBe(200);
    const credits = (name: string, per = 'key') => ({ name, kind: 'credits', per, limit: 5, autoApply: false });
    const keys = [
      item(dev.id, legacySecret(), { meta: { a: 'x'.repeat(4096 - '{"a":""}'.length) } }),
      item(dev.id, legacySecret(), { meta: { a: 'x'.repeat(4097 - '{"a":""}'.length) } }),
      item(dev.id, legacySecret(), { allowedIps: ['10.0.0.0/33'] }),
      item(dev.id, legacySecret(), { limits: [credits('mine', 'owner')] }),
      item(dev.id, legacySecret(), { limits: [credits('plan')] }),
      item(dev.id, legacySecret(), { limits: [credits('mine'), credits('mine')] }),
      item(dev.id, legacySecret(), { limits: [credits('remaining')] }),
    ];
    const expected = [{ ok: true }, ...Array.from({ length: 6 }, () => ({ ok: false, code: 'VALIDATION_FAILED' }))];
    expect(await importAs(w, tid, admin.as, keys, true)).toEqual(expected);
    const real = await importAs(w, tid, admin.as, keys);
    expect(real.map((r) => (r.ok ? { ok: true } : r))).toEqual(expected);
    // An imported hash is KEY_EXISTS first, whatever else its line now says.
    expect(await importAs(w, tid, admin.as, [{ ...keys[0], meta: { a: 'x'.repeat(5000) } }])).toEqual([{ ok: false, code: 'KEY_EXISTS' }]);
    // Beyond what any key may have, the schema refuses the whole request, as for creation.
    const many = await w.call('POST', `/tenants/${tid}/keys/import`, { as: admin.as, body: { keys: [item(dev.id, legacySecret(), { limits: Array.from({ length: 11 }, (_, i) => credits(`c${i}`)) })] } });
    expect(many.status).toBe(400);
    expect(many.body.error.details[0].field).toBe('/keys/0/limits');
  });

  it('takes bodies up to 1 MiB and answers 413 beyond', async () => {
    const { tid, admin, dev } = await team();
    const big = Array.from({ length: 1000 }, () => item(dev.id, legacySecret(), { description: 'd'.repeat(1000) }));
    const res = await w.call('POST', `/tenants/${tid}/keys/import`, { as: admin.as, body: { dryRun: true, keys: big } });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('keeps no bare SHA-256 of an imported secret anywhere in the database', async () => {
    const { tid, admin, dev } = await team();
    const secret = legacySecret();
    const digest = sha256(secret);
    await importAs(w, tid, admin.as, [item(dev.id, secret), { ...item(dev.id), hash: { algorithm: 'sha256', value: sha256(legacySecret()).toUpperCase() } }]);
    expect((await w.verify(secret)).valid).toBe(true);
    await w.server.verifier.flush();
    const dump = await databaseText(w.server as TestServer);
    expect(dump.length).toBeGreaterThan(0);
    for (const form of [digest, digest.toUpperCase(), Buffer.from(digest, 'hex').toString('latin1'), secret]) {
      expect(dump.includes(form)).toBe(false);
    }
  });
});

describe.each(DIALECTS)('legacy values before and after the first import on %s', (dialect) => {
  const w = World.forSuite(dialect, { KEYWARDEN_VERIFY_IP_FAILURES: '4', KEYWARDEN_TRUST_PROXY: 'true' });
  const verifyFrom = async (ip: string, secret: string) =>
    (await w.call('POST', '/verify', { headers: { 'x-api-key': secret, 'x-forwarded-for': ip } })).body;

  it('stays MALFORMED while no key is imported, counts legacy lookups against the client, and is MALFORMED again once none is left', async () => {
    const tid = await w.tenantWithKeys();
    const admin = await w.member(tid, ['tenant_admin', 'developer']);
    const secret = legacySecret();
    expect(await verifyFrom('203.0.113.1', secret)).toEqual({ valid: false, code: 'MALFORMED' });
    const [{ id }] = await importAs(w, tid, admin.as, [item(admin.id, secret)]);
    // The very next verification on this node looks the value up.
    expect(await verifyFrom('203.0.113.1', secret)).toMatchObject({ valid: true, keyId: id });
    for (let i = 0; i < 4; i++) expect(await verifyFrom('203.0.113.2', legacySecret())).toEqual({ valid: false, code: 'NOT_FOUND' });
    // Past KEYWARDEN_VERIFY_IP_FAILURES unknown legacy values, this client is throttled, valid keys included.
    expect(await verifyFrom('203.0.113.2', secret)).toMatchObject({ valid: false, code: 'RATE_LIMITED' });
    expect(await verifyFrom('203.0.113.3', secret)).toMatchObject({ valid: true });
    expect((await w.call('POST', `/tenants/${tid}/keys/${id}/revoke`, { as: admin.as })).status).toBe(200);
    expect((await w.call('DELETE', `/tenants/${tid}/keys/${id}`, { as: admin.as })).status).toBe(204);
    await w.server.verifier.caches.refreshImported();
    expect(await verifyFrom('203.0.113.4', secret)).toEqual({ valid: false, code: 'MALFORMED' });
  });
});
