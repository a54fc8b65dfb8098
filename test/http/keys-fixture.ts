// What the key route tests share: a real server per dialect, and small builders for tenants,
// members and keys through the public API, so every test makes its own world.
import { afterAll, beforeAll, expect } from 'vitest';
import { ADMIN, startTestServer, type ApiResponse, type Credentials, type TestServer } from '../helpers/server.js';
import type { DialectName } from '../helpers/services.js';

export interface Member {
  id: string;
  email: string;
  name: string;
  as: Credentials;
}

export interface CreatedKey {
  key: any;
  secret: string;
}

export interface KeysWorld {
  readonly server: TestServer;
  readonly admin: Credentials;
  unique(what: string): string;
  call<T = any>(method: string, path: string, options?: { body?: unknown; as?: Credentials; headers?: Record<string, string> }): Promise<ApiResponse<T>>;
  /** A tenant made by the platform admin, keys switched on unless the settings say otherwise. */
  tenant(settings?: Record<string, unknown>): Promise<string>;
  /** A new user with a membership in `tid` (unless roles is null), signed in. */
  member(tid: string | null, roles?: string[] | null, licensed?: boolean, name?: string): Promise<Member>;
  grant(tid: string, userId: string, roles: string[], licensed: boolean): Promise<void>;
  createKey(tid: string, as: Credentials, body?: Record<string, unknown>): Promise<CreatedKey>;
  resource(tid: string, name?: string, parentId?: string | null): Promise<string>;
  /** Moves a key's dates (and usage) in the database, for status, sort and expiry cases. */
  setKey(keyId: string, values: { created_at?: string; updated_at?: string; expires_at?: string | null; last_used_at?: string | null; revoked_at?: string | null }): Promise<void>;
  verify(secret: string, body?: Record<string, unknown>): Promise<any>;
  events(tid: string, query?: string): Promise<any[]>;
}

export function useKeysWorld(dialect: DialectName, env: Record<string, string> = {}): KeysWorld {
  let server: TestServer;
  let admin: Credentials;
  let counter = 0;
  beforeAll(async () => {
    server = await startTestServer(dialect, env);
    admin = await server.api.login(ADMIN.email, ADMIN.password);
  });
  afterAll(async () => { await server?.stop(); });

  const world: KeysWorld = {
    get server() { return server; },
    get admin() { return admin; },
    unique: (what) => `${what} ${Date.now().toString(36)}${++counter}`,
    call: (method, path, options) => server.api.call(method, path, options),

    async tenant(settings = {}) {
      const res = await server.api.call('POST', '/tenants', { as: admin, body: { name: world.unique('Tenant') } });
      expect(res.status).toBe(201);
      const patch = { apiKeysEnabled: true, ...settings };
      const set = await server.api.call('PATCH', `/tenants/${res.body.id}/settings`, { as: admin, body: patch });
      expect(set.status).toBe(200);
      return res.body.id;
    },

    async member(tid, roles = ['developer'], licensed = true, name) {
      const email = `u${Date.now().toString(36)}${++counter}@example.test`;
      const password = 'member-password-1';
      const fullName = name ?? world.unique('Member');
      const res = await server.api.call('POST', '/users', { as: admin, body: { email, name: fullName, password } });
      expect(res.status).toBe(201);
      if (tid && roles) await world.grant(tid, res.body.id, roles, licensed);
      return { id: res.body.id, email, name: fullName, as: await server.api.login(email, password) };
    },

    async grant(tid, userId, roles, licensed) {
      const res = await server.api.call('PUT', `/tenants/${tid}/members/${userId}`, { as: admin, body: { roles, licensed } });
      expect(res.status).toBe(200);
    },

    async createKey(tid, as, body = {}) {
      const res = await server.api.call('POST', `/tenants/${tid}/keys`, { as, body: { name: world.unique('key'), ...body } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body;
    },

    async resource(tid, name = world.unique('res'), parentId = null) {
      const res = await server.api.call('POST', `/tenants/${tid}/resources`, { as: admin, body: { type: 'folder', name, parentId } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id;
    },

    async setKey(keyId, values) {
      await server.ctx.store.db.updateTable('api_keys').set(values).where('id', '=', keyId).execute();
    },

    async verify(secret, body) {
      const res = await server.api.call('POST', '/verify', { headers: { 'x-api-key': secret }, ...(body && { body }) });
      expect(res.status).toBe(200);
      return res.body;
    },

    async events(tid, query = '') {
      const res = await server.api.call('GET', `/tenants/${tid}/events?limit=200${query}`, { as: admin });
      expect(res.status).toBe(200);
      return res.body.items;
    },
  };
  return world;
}

export const DAY_MS = 86_400_000;
export const iso = (ms: number) => new Date(ms).toISOString();
