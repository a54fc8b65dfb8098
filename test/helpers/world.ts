// The one way tests build their world: tenants, users, members and keys made through the API as
// the platform admin would, on a test server of the suite's own or on any running server.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { ADMIN, ApiClient, startTestServer, type ApiResponse, type Credentials, type TestServer, type TestServerOptions } from './server.js';
import type { DialectName } from './services.js';

export const TEST_PASSWORD = 'member-password-1';
export const unique = () => randomUUID().slice(0, 8);

export interface TestUser {
  id: string;
  email: string;
  name: string;
  login(): Promise<Credentials>;
}

/** A user with a membership (or none), signed in. */
export interface Member extends TestUser {
  as: Credentials;
}

export interface CreatedKey {
  key: any;
  secret: string;
}

type CallOptions = { body?: unknown; as?: Credentials; headers?: Record<string, string> };
type KeyDates = { created_at?: string; updated_at?: string; expires_at?: string | null; last_used_at?: string | null; revoked_at?: string | null };

export class World {
  #server: RunningServer | undefined;
  #api: ApiClient | undefined;
  #admin: Credentials | undefined;

  /** A world on a running server, its platform admin signed in. */
  static async on(server: RunningServer): Promise<World> {
    const world = new World();
    await world.#start(server);
    return world;
  }

  /** Starts a server for the enclosing describe block; the world is ready inside its tests. */
  static forSuite(dialect: DialectName, env: Record<string, string> = {}, options: TestServerOptions = {}): World & { readonly server: TestServer } {
    const world = new World();
    let server: TestServer | undefined;
    beforeAll(async () => {
      server = await startTestServer(dialect, env, options);
      await world.#start(server);
    });
    afterAll(async () => { await server?.stop(); });
    return world as World & { readonly server: TestServer };
  }

  async #start(server: RunningServer & { api?: ApiClient }): Promise<void> {
    this.#server = server;
    this.#api = server.api ?? new ApiClient(server);
    this.#admin = await this.#api.login(ADMIN.email, ADMIN.password);
  }

  get server(): RunningServer {
    if (!this.#server) throw new Error('the world is used before its server started');
    return this.#server;
  }

  get api(): ApiClient {
    if (!this.#api) throw new Error('the world is used before its server started');
    return this.#api;
  }

  /** The platform admin's session. */
  get admin(): Credentials {
    if (!this.#admin) throw new Error('the world is used before its server started');
    return this.#admin;
  }

  call<T = any>(method: string, path: string, options?: CallOptions): Promise<ApiResponse<T>> {
    return this.api.call<T>(method, path, options);
  }

  /** A new tenant, with these settings from its start (keys are off unless they say otherwise). */
  async tenant(settings?: Record<string, unknown>, name = `Tenant ${unique()}`): Promise<string> {
    const res = await this.call('POST', '/tenants', { as: this.admin, body: { name, ...(settings && { settings }) } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  }

  /** A new tenant with API keys switched on. */
  tenantWithKeys(settings: Record<string, unknown> = {}): Promise<string> {
    return this.tenant({ apiKeysEnabled: true, ...settings });
  }

  async user(options: { name?: string; email?: string; password?: string } = {}): Promise<TestUser> {
    const { name = `User ${unique()}`, email = `u-${unique()}@example.test`, password = TEST_PASSWORD } = options;
    const res = await this.call('POST', '/users', { as: this.admin, body: { email, name, password } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { id: res.body.id as string, email, name, login: () => this.api.login(email, password) };
  }

  grant(tid: string, uid: string, roles: string[], licensed = false, as: Credentials = this.admin) {
    return this.call('PUT', `/tenants/${tid}/members/${uid}`, { as, body: { roles, licensed } });
  }

  /** A new user with these roles in `tid` (none when tid or roles is null), signed in. */
  async member(tid: string | null, roles: string[] | null = ['developer'], licensed = true, name?: string): Promise<Member> {
    const user = await this.user({ name });
    if (tid && roles) expect((await this.grant(tid, user.id, roles, licensed)).status).toBe(200);
    return { ...user, as: await user.login() };
  }

  async createKey(tid: string, as: Credentials, body: Record<string, unknown> = {}): Promise<CreatedKey> {
    const res = await this.call('POST', `/tenants/${tid}/keys`, { as, body: { name: `key ${unique()}`, ...body } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  async resource(tid: string, name = `res ${unique()}`, parentId: string | null = null, type = 'folder'): Promise<string> {
    const res = await this.call('POST', `/tenants/${tid}/resources`, { as: this.admin, body: { type, name, parentId } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  }

  /** Moves a key's dates (and usage) in the database, for status, sort and expiry cases. */
  async setKey(keyId: string, values: KeyDates): Promise<void> {
    await this.server.ctx.store.db.updateTable('api_keys').set(values).where('id', '=', keyId).execute();
  }

  async verify(secret: string, body?: Record<string, unknown>): Promise<any> {
    const res = await this.call('POST', '/verify', { headers: { 'x-api-key': secret }, ...(body && { body }) });
    expect(res.status).toBe(200);
    return res.body;
  }

  async events(tid: string, query = ''): Promise<any[]> {
    const res = await this.call('GET', `/tenants/${tid}/events?limit=200${query}`, { as: this.admin });
    expect(res.status).toBe(200);
    return res.body.items;
  }
}
