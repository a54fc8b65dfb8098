// Building blocks for HTTP tests: a server per dialect with its platform admin signed in, and
// tenants, users and members made through the API as the admin would.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { ADMIN, startTestServer, type Credentials, type TestServer } from './server.js';
import type { DialectName } from './services.js';

export const TEST_PASSWORD = 'member-password-1';
export const unique = () => randomUUID().slice(0, 8);

export interface TestUser {
  id: string;
  email: string;
  name: string;
  login(): Promise<Credentials>;
}

export class World {
  constructor(readonly server: TestServer, readonly admin: Credentials) {}

  /** Starts a server for the enclosing describe block; the world is ready inside its tests. */
  static forSuite(dialect: DialectName, env: Record<string, string> = {}): { readonly current: World } {
    const holder: { current: World } = { current: undefined as unknown as World };
    beforeAll(async () => {
      const server = await startTestServer(dialect, env);
      holder.current = new World(server, await server.api.login(ADMIN.email, ADMIN.password));
    });
    afterAll(async () => { await holder.current?.server.stop(); });
    return holder;
  }

  async tenant(settings?: Record<string, unknown>): Promise<string> {
    const res = await this.server.api.call('POST', '/tenants', { as: this.admin, body: { name: `Tenant ${unique()}`, ...(settings && { settings }) } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async user(options: { name?: string; email?: string; password?: string } = {}): Promise<TestUser> {
    const { name = `User ${unique()}`, email = `u-${unique()}@example.test`, password = TEST_PASSWORD } = options;
    const res = await this.server.api.call('POST', '/users', { as: this.admin, body: { email, name, password } });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, email, name, login: () => this.server.api.login(email, password) };
  }

  grant(tid: string, uid: string, roles: string[], licensed = false, as: Credentials = this.admin) {
    return this.server.api.call('PUT', `/tenants/${tid}/members/${uid}`, { as, body: { roles, licensed } });
  }

  /** A new user who is a member of `tid` with these roles. */
  async member(tid: string, roles: string[], licensed = false): Promise<TestUser> {
    const user = await this.user();
    expect((await this.grant(tid, user.id, roles, licensed)).status).toBe(200);
    return user;
  }
}
