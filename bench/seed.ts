// Keys for the benchmark: deterministic secrets (so a million need not be held in memory), written
// straight into the database in batches, and a tenant with a licensed developer to own them.
import { createHash } from 'node:crypto';
import { BASE62, checksumOf } from '../dist/domain/key-format.js';
import { hashKey } from '../dist/domain/hashing.js';
import type { RunningServer } from '../src/server.js';

export const ADMIN = { email: 'bench-admin@example.test', password: 'bench-admin-password' };

export function secretFor(i: number): string {
  const h = createHash('sha256').update(`keywarden-bench:${i}`).digest();
  let random = '';
  for (let j = 0; j < 30; j++) random += BASE62[h[j] % 62];
  return `kw_${random}${checksumOf(random)}`;
}

async function call(server: RunningServer, method: string, url: string, body?: object, cookie?: string) {
  const res = await server.app.inject({ method: method as 'POST', url: `/api/v1${url}`, payload: body, headers: cookie ? { cookie } : {} });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res;
}

export interface Team {
  tid: string;
  devId: string;
  adminCookie: string;
}

export async function setUpTeam(server: RunningServer, name = 'Bench'): Promise<Team> {
  const login = await call(server, 'POST', '/auth/login', ADMIN);
  const adminCookie = `keywarden_session=${login.cookies.find((c) => c.name === 'keywarden_session')!.value}`;
  const tenant = (await call(server, 'POST', '/tenants', { name: `${name} ${Date.now()}` }, adminCookie)).json();
  const user = (await call(server, 'POST', '/users', { email: `dev-${Date.now()}@example.test`, name: 'Dev', password: 'bench-dev-password' }, adminCookie)).json();
  await call(server, 'PUT', `/tenants/${tenant.id}/members/${user.id}`, { roles: ['developer'], licensed: true }, adminCookie);
  await call(server, 'PATCH', `/tenants/${tenant.id}/settings`, { apiKeysEnabled: true }, adminCookie);
  return { tid: tenant.id, devId: user.id, adminCookie };
}

/** Inserts keys [from, to) for the team, 1,000 rows a statement. */
export async function insertKeys(server: RunningServer, team: Team, from: number, to: number): Promise<void> {
  const { store, serverSecret } = server.ctx;
  const at = new Date().toISOString();
  // Keys expire in a year, as most do under a tenant's maximum: the answer then carries an expiry to format.
  const expiresAt = new Date(Date.now() + 365 * 86_400_000).toISOString();
  for (let start = from; start < to; start += 1000) {
    const rows = [];
    for (let i = start; i < Math.min(to, start + 1000); i++) {
      const secret = secretFor(i);
      const id = `key_bench${String(i).padStart(21, '0')}`;
      const name = `k${i}`;
      rows.push({
        id, tenant_id: team.tid, owner_id: team.devId, name, name_lc: name, description: null, email: null,
        search_lc: `${name} ${id}`, start: secret.slice(0, 9), hash: hashKey(serverSecret, secret), management: 0,
        scopes: '[{"resourceId":null,"permission":"read"}]', created_at: at, updated_at: at, expires_at: expiresAt,
        revoked_at: null, revoked_by: null, last_used_at: null, usage_count: 0, rotated_from: null, rotated_to: null,
        ratelimit_limit: null, ratelimit_duration_ms: null, remaining: null, expiry_reminded_at: null,
      });
    }
    await store.db.insertInto('api_keys').values(rows).execute();
  }
}

/**
 * Waits out the change poll: it re-reads the set-up's own changes (tenant, member) from the changes
 * table a second later and drops those cached facts, which would make the first measured verification a miss.
 */
export const settle = () => new Promise((r) => setTimeout(r, 1500));
