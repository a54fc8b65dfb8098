// A small world for the security tests: two tenants (A, B) with every kind of caller the
// authorization matrix needs, built through the real API as a person would.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ADMIN, startTestServer, TEST_SCRYPT_PARAMS, type ApiClient, type Credentials, type TestServer, type TestServerOptions } from '../helpers/server.js';
import type { DialectName } from '../helpers/services.js';
import { newId } from '../../src/domain/ids.js';
import { DUMMY_PASSWORD_HASH, hashPassword } from '../../src/services/passwords.js';

/**
 * A test server whose SQLite data directory lives in memory (/dev/shm where there is one): these
 * tests make hundreds of writes, each fsynced with synchronous=FULL, and durability is not what they test.
 */
export async function startFastServer(dialect: DialectName, env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const base = process.platform === 'linux' ? '/dev/shm' : undefined;
  if (!base) return startTestServer(dialect, env, options);
  const dataDir = mkdtempSync(join(base, 'keywarden-sec-'));
  const server = await startTestServer(dialect, { KEYWARDEN_DATA_DIR: dataDir, ...env }, options);
  const stop = server.stop.bind(server);
  return Object.assign(server, { async stop() { await stop(); rmSync(dataDir, { recursive: true, force: true }); } });
}

export const CALLERS = [
  'anon', 'padmin', 'tadmin', 'dev', 'devNL', 'member', 'kRead', 'kWrite', 'kAdmin', 'kOther', 'kRevoked', 'kExpired',
] as const;
export type CallerName = (typeof CALLERS)[number];

export interface Person {
  id: string;
  email: string;
  password: string;
  creds: Credentials;
}

export interface TenantSide {
  id: string;
  /** A key owned by the tenant's licensed developer (in A: `dev`). */
  keyId: string;
  resourceId: string;
  /** A user who is a member of this tenant, target of member routes. */
  memberId: string;
  webhookId: string;
  /** The tenant's licensed developer, who owns `keyId`. */
  developer: Person;
}

export interface World {
  api: ApiClient;
  admin: Person;
  people: Record<'tadmin' | 'dev' | 'devNL' | 'member' | 'ownerR' | 'ownerW' | 'ownerA' | 'ownerB' | 'devB' | 'target', Person>;
  secrets: Record<'kRead' | 'kWrite' | 'kAdmin' | 'kOther' | 'kRevoked' | 'kExpired', string>;
  A: TenantSide;
  B: TenantSide;
  credsOf(caller: CallerName): Credentials | undefined;
  personOf(caller: CallerName): Person | null;
  unique(): number;
}

/** A new session for a user, written directly: signing in again would cost a scrypt each time. */
export async function insertSession(server: TestServer, userId: string): Promise<Credentials> {
  const token = randomBytes(32).toString('base64url');
  await server.ctx.store.db.insertInto('sessions').values({
    token_hash: createHash('sha256').update(token).digest('hex'), user_id: userId,
    created_at: new Date().toISOString(), expires_at: new Date(Date.now() + 3_600_000).toISOString(),
  }).execute();
  return { cookie: `keywarden_session=${token}` };
}

/** A user who never signs in, written directly (no password hashing). */
export async function insertUser(server: TestServer, label: string, passwordHash = DUMMY_PASSWORD_HASH): Promise<string> {
  const now = new Date().toISOString();
  const id = newId('usr');
  const email = `${label}-${nextUnique()}@sec.test`;
  await server.ctx.store.db.insertInto('users').values({
    id, email, email_lc: email, name: label, name_lc: label, password_hash: passwordHash,
    is_platform_admin: 0, disabled: 0, created_at: now, updated_at: now,
  }).execute();
  return id;
}

let counter = 0;
export const nextUnique = () => ++counter;

async function ok<T = any>(p: Promise<{ status: number; body: any }>, status: number): Promise<T> {
  const res = await p;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as T;
}

export const PERSON_PASSWORD = 'person-password-1';
let personHash: Promise<string> | null = null;

/**
 * A person with a password and a session, written directly: one scrypt hash (at the test servers'
 * cost) shared by every person of the world, since hundreds of hashes would cost minutes on a busy 2-core machine.
 */
export async function createPerson(server: TestServer, label: string): Promise<Person> {
  personHash ??= hashPassword(PERSON_PASSWORD, TEST_SCRYPT_PARAMS);
  const id = await insertUser(server, label, await personHash);
  const row = await server.ctx.store.db.selectFrom('users').select('email').where('id', '=', id).executeTakeFirstOrThrow();
  return { id, email: row.email, password: PERSON_PASSWORD, creds: await insertSession(server, id) };
}

export async function grant(api: ApiClient, admin: Credentials, tid: string, uid: string, roles: string[], licensed: boolean) {
  await ok(api.call('PUT', `/tenants/${tid}/members/${uid}`, { as: admin, body: { roles, licensed } }), 200);
}

export async function createKey(api: ApiClient, as: Credentials, tid: string, body: Record<string, unknown> = {}) {
  return ok<{ key: { id: string }; secret: string }>(
    api.call('POST', `/tenants/${tid}/keys`, { as, body: { name: `k${nextUnique()}`, ...body } }), 201);
}

/** A webhook to a closed loopback port: deliveries fail fast and harmlessly. */
export async function createWebhook(api: ApiClient, admin: Credentials, tid: string): Promise<string> {
  const body = { url: 'http://127.0.0.1:9/hook', eventTypes: ['key.revoked'] };
  return (await ok(api.call('POST', `/tenants/${tid}/webhooks`, { as: admin, body }), 201)).webhook.id;
}

export async function buildWorld(server: TestServer): Promise<World> {
  const { api } = server;
  const adminCreds = await api.login(ADMIN.email, ADMIN.password);
  const me = await ok(api.call('GET', '/auth/me', { as: adminCreds }), 200);
  const admin: Person = { id: me.user.id, email: ADMIN.email, password: ADMIN.password, creds: adminCreds };
  const settings = { apiKeysEnabled: true, maxActiveKeysPerUser: 1000 };
  const tA = await ok(api.call('POST', '/tenants', { as: adminCreds, body: { name: `Tenant A ${nextUnique()}`, settings } }), 201);
  const tB = await ok(api.call('POST', '/tenants', { as: adminCreds, body: { name: `Tenant B ${nextUnique()}`, settings } }), 201);

  const names = ['tadmin', 'dev', 'devNL', 'member', 'ownerR', 'ownerW', 'ownerA', 'ownerB', 'devB', 'target'] as const;
  const people = {} as World['people'];
  for (const n of names) people[n] = await createPerson(server, n);
  const g = (tid: string, p: Person, roles: string[], licensed: boolean) => grant(api, adminCreds, tid, p.id, roles, licensed);
  await g(tA.id, people.tadmin, ['tenant_admin'], false);
  await g(tA.id, people.dev, ['developer'], true);
  await g(tA.id, people.devNL, ['developer'], false);
  await g(tA.id, people.member, [], false);
  for (const o of [people.ownerR, people.ownerW, people.ownerA]) await g(tA.id, o, ['tenant_admin', 'developer'], true);
  await g(tA.id, people.target, ['developer'], true);
  await g(tB.id, people.ownerB, ['tenant_admin', 'developer'], true);
  await g(tB.id, people.devB, ['developer'], true);
  await g(tB.id, people.target, ['developer'], true);

  const mgmt = (owner: Person, tid: string, permission: string, extra: Record<string, unknown> = {}) =>
    createKey(api, owner.creds, tid, { management: true, scopes: [{ resourceId: null, permission }], ...extra });
  const kRead = await mgmt(people.ownerR, tA.id, 'read');
  const kWrite = await mgmt(people.ownerW, tA.id, 'write');
  const kAdmin = await mgmt(people.ownerA, tA.id, 'admin');
  const kOther = await mgmt(people.ownerB, tB.id, 'admin');
  const kRevoked = await mgmt(people.ownerA, tA.id, 'admin');
  await ok(api.call('POST', `/tenants/${tA.id}/keys/${kRevoked.key.id}/revoke`, { as: adminCreds }), 200);
  const kExpired = await mgmt(people.ownerA, tA.id, 'admin', { expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
  // Expiry in the past, written directly: the key was never verified, so no cache holds it.
  await server.ctx.store.db.updateTable('api_keys').set({ expires_at: new Date(Date.now() - 60_000).toISOString() })
    .where('id', '=', kExpired.key.id).execute();

  const side = async (tid: string, developer: Person): Promise<TenantSide> => {
    const key = await createKey(api, developer.creds, tid);
    const resource = await ok(api.call('POST', `/tenants/${tid}/resources`, { as: adminCreds, body: { type: 'folder', name: `r${nextUnique()}` } }), 201);
    const webhook = await createWebhook(api, adminCreds, tid);
    return { id: tid, keyId: key.key.id, resourceId: resource.id, memberId: people.target.id, webhookId: webhook, developer };
  };
  const A = await side(tA.id, people.dev);
  const B = await side(tB.id, people.devB);
  const secrets = {
    kRead: kRead.secret, kWrite: kWrite.secret, kAdmin: kAdmin.secret, kOther: kOther.secret,
    kRevoked: kRevoked.secret, kExpired: kExpired.secret,
  };
  expect(Object.values(secrets).every((s) => /^kw_/.test(s))).toBe(true);

  return {
    api, admin, people, secrets, A, B, unique: nextUnique,
    credsOf(caller) {
      switch (caller) {
        case 'anon': return undefined;
        case 'padmin': return admin.creds;
        case 'tadmin': case 'dev': case 'devNL': case 'member': return people[caller].creds;
        default: return { key: secrets[caller] };
      }
    },
    personOf(caller) {
      switch (caller) {
        case 'padmin': return admin;
        case 'tadmin': case 'dev': case 'devNL': case 'member': return people[caller];
        default: return null;
      }
    },
  };
}
