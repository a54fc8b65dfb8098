// Secrets stay secret: the seeds' scenario at LOG_LEVEL=debug with the log captured, then no key
// secret or hash, password, session token or server secret may appear in the log, in any event,
// in an error body or in a list; and the data directory's secret file is private (0600).
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logCollector } from '../helpers/log-lines.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server.js';
import { ADMIN, ApiClient, type ApiResponse, type Credentials } from '../helpers/server.js';
import { dropSchema, DIALECTS, newSchemaName, TEST_DATABASE_URL, TEST_SECRET, type DialectName } from '../helpers/services.js';

/** A real server whose log lines are kept in memory. */
async function startLoggedServer(dialect: DialectName, env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'keywarden-secrets-'));
  const schema = dialect === 'postgres' ? newSchemaName() : undefined;
  const log = logCollector();
  const server = await startServer({
    PORT: '0', HOST: '127.0.0.1', KEYWARDEN_DATA_DIR: dataDir, LOG_LEVEL: 'debug', KEYWARDEN_WEB_DIR: join(dataDir, 'no-web'),
    KEYWARDEN_ADMIN_EMAIL: ADMIN.email, KEYWARDEN_ADMIN_PASSWORD: ADMIN.password,
    ...(dialect === 'postgres' && { DATABASE_URL: TEST_DATABASE_URL!, KEYWARDEN_SECRET: TEST_SECRET }),
    ...env,
  }, { pgSchema: schema, logStream: log.stream });
  return {
    server, dataDir, log: () => log.lines.join('\n'),
    async stop() {
      await server.close();
      if (schema) await dropSchema(schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe.each(DIALECTS)('secrets on %s', (dialect) => {
  let ctx: Awaited<ReturnType<typeof startLoggedServer>>;
  let server: RunningServer;
  beforeAll(async () => {
    ctx = await startLoggedServer(dialect);
    server = ctx.server;
  });
  afterAll(async () => { await ctx?.stop(); });

  it('never shows a secret, hash, password, session token or the server secret in logs, events, errors or lists', async () => {
    const api = new ApiClient(server);
    const secrets = new Set<string>([ADMIN.password]);
    const responses: { label: string; res: ApiResponse }[] = [];
    const call = async (label: string, method: string, path: string, options: Parameters<ApiClient['call']>[2] = {}) => {
      const res = await api.call(method, path, options);
      responses.push({ label, res });
      return res;
    };
    const sessionOf = (c: Credentials) => c.cookie!.split('=')[1];

    // The seeds' scenario, with a few wrong turns on purpose.
    const admin = await api.login(ADMIN.email, ADMIN.password);
    secrets.add(sessionOf(admin));
    const tid = (await call('tenant', 'POST', '/tenants', { as: admin, body: { name: 'Acme Secrets' } })).body.id;
    const devPassword = 'dana-secret-password-1';
    secrets.add(devPassword);
    const dev = (await call('user', 'POST', '/users', { as: admin, body: { email: 'dana@acme.test', name: 'Dana', password: devPassword } })).body;
    await call('grant', 'PUT', `/tenants/${tid}/members/${dev.id}`, { as: admin, body: { roles: ['developer', 'tenant_admin'], licensed: true } });
    await call('wrong login', 'POST', '/auth/login', { body: { email: 'dana@acme.test', password: 'dana-wrong-password-9' } });
    secrets.add('dana-wrong-password-9');
    const devCreds = await api.login('dana@acme.test', devPassword);
    secrets.add(sessionOf(devCreds));
    await call('keys off', 'POST', `/tenants/${tid}/keys`, { as: devCreds, body: { description: 'too early' } });
    await call('settings', 'PATCH', `/tenants/${tid}/settings`, { as: admin, body: { apiKeysEnabled: true, maxActiveKeysPerUser: 3, maxExpiryDays: 30 } });
    const first = await call('create', 'POST', `/tenants/${tid}/keys`, { as: devCreds, body: { description: 'Billing sync' } });
    const second = await call('create', 'POST', `/tenants/${tid}/keys`, { as: devCreds, body: { name: 'Ops', management: true, scopes: [{ resourceId: null, permission: 'admin' }] } });
    for (const k of [first, second]) secrets.add(k.body.secret);
    await call('too long', 'POST', `/tenants/${tid}/keys`, { as: devCreds, body: { description: 'x', expiresInDays: 31 } });
    await call('list', 'GET', `/tenants/${tid}/keys`, { as: devCreds });
    await call('read', 'GET', `/tenants/${tid}/keys/${first.body.key.id}`, { as: devCreds });
    await call('verify', 'POST', '/verify', { headers: { 'x-api-key': first.body.secret } });
    await call('verify mistyped', 'POST', '/verify', { headers: { 'x-api-key': first.body.secret.slice(0, -1) + 'x' } });
    await call('management', 'GET', `/tenants/${tid}/keys`, { as: { key: second.body.secret } });
    await call('management as cookie too', 'GET', '/auth/me', { as: { key: second.body.secret, cookie: devCreds.cookie } });
    const rotated = await call('rotate', 'POST', `/tenants/${tid}/keys/${first.body.key.id}/rotate`, { as: devCreds, body: { gracePeriodSeconds: 60 } });
    secrets.add(rotated.body.secret);
    await call('revoke', 'POST', `/tenants/${tid}/keys/${rotated.body.key.id}/revoke`, { as: admin });
    await call('verify revoked', 'POST', '/verify', { headers: { 'x-api-key': rotated.body.secret } });
    await call('mgmt revoked', 'GET', '/auth/me', { as: { key: rotated.body.secret } });
    const webhook = await call('webhook', 'POST', `/tenants/${tid}/webhooks`, { as: admin, body: { url: 'http://127.0.0.1:9/hook', eventTypes: ['key.*'] } });
    if (webhook.status === 201) secrets.add(webhook.body.secret);
    const newPassword = 'dana-new-password-2';
    secrets.add(newPassword);
    await call('wrong current', 'PATCH', '/auth/me', { as: devCreds, body: { password: newPassword, currentPassword: 'not-it-at-all-3' } });
    secrets.add('not-it-at-all-3');
    await call('password', 'PATCH', '/auth/me', { as: devCreds, body: { password: newPassword, currentPassword: devPassword } });
    await call('admin sets password', 'PATCH', `/users/${dev.id}`, { as: admin, body: { password: 'set-by-admin-password-4' } });
    secrets.add('set-by-admin-password-4');
    for (const path of ['/events', `/tenants/${tid}/events?limit=200`, '/users', '/tenants', `/tenants/${tid}/members`, `/tenants/${tid}/webhooks`]) {
      await call(`list ${path}`, 'GET', path, { as: admin });
    }
    await call('logout', 'POST', '/auth/logout', { as: devCreds });
    await call('after logout', 'GET', '/auth/me', { as: devCreds });
    await server.verifier.flush?.();

    // Derived secrets: the server secret, and every key hash stored.
    secrets.add(TEST_SECRET);
    secrets.add(server.ctx.serverSecret.toString('utf8'));
    const hashes = (await server.ctx.store.db.selectFrom('api_keys').select('hash').execute()).map((r) => r.hash);
    const sessionHashes = (await server.ctx.store.db.selectFrom('sessions').select('token_hash').execute()).map((r) => r.token_hash);
    const passwordHashes = (await server.ctx.store.db.selectFrom('users').select('password_hash').execute()).map((r) => r.password_hash);
    const forbidden = [...secrets, ...hashes, ...sessionHashes, ...passwordHashes].filter((s) => s && s.length >= 8);
    expect(hashes.length).toBeGreaterThanOrEqual(3);

    const leaks = (where: string, text: string) => forbidden.filter((s) => text.includes(s)).map((s) => `${where}: ${s.slice(0, 12)}…`);
    const events = await server.ctx.store.db.selectFrom('events').selectAll().execute();
    // Every answer but the ones that hand out a secret once (checked below).
    const bodies = responses.filter(({ label, res }) => !(/^(create|rotate|webhook)$/.test(label) && res.status === 201));
    const found = [
      ...leaks('log', ctx.log()),
      ...leaks('events', JSON.stringify(events)),
      ...bodies.flatMap(({ label, res }) => leaks(`${label} (${res.status})`, JSON.stringify(res.body))),
    ];
    // The secret is in the creating answer, and only there, once.
    for (const { label, res } of responses.filter((r) => /^(create|rotate)$/.test(r.label) && r.res.status === 201)) {
      const { secret, ...rest } = res.body;
      expect(JSON.stringify(rest), label).not.toContain(secret);
      for (const h of hashes) expect(JSON.stringify(res.body), label).not.toContain(h);
    }
    expect(found).toEqual([]);
    expect(ctx.log().length).toBeGreaterThan(1000); // the log really was captured, at debug level
    expect(responses.filter((r) => r.res.status >= 400).length).toBeGreaterThanOrEqual(6);
    console.log(`[secrets:${dialect}] ${forbidden.length} secrets checked against ${ctx.log().split('\n').length} log lines, ${events.length} events, ${bodies.length} answers`);
  }, 60_000);
});

describe.each(DIALECTS)('the start-up line on %s', (dialect) => {
  it('names the store and Redis the node uses, without their passwords', async () => {
    const redisPassword = 'redis-password-for-no-log';
    // Nothing listens on port 1: the node starts anyway, counting limits locally (failure: open).
    const env: Record<string, string> = { REDIS_URL: `redis://default:${redisPassword}@127.0.0.1:1` };
    const passwords = [redisPassword];
    if (dialect === 'postgres') {
      const url = new URL(TEST_DATABASE_URL!);
      if (!url.password) url.password = 'postgres-password-for-no-log'; // the test server trusts loopback
      passwords.push(decodeURIComponent(url.password));
      env.DATABASE_URL = url.toString();
    }
    const ctx = await startLoggedServer(dialect, env);
    try {
      const lines = ctx.log().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { msg: string });
      const startUp = lines.find((line) => line.msg.startsWith('Keywarden listening on'))?.msg;
      const store = dialect === 'sqlite' ? `sqlite ${join(ctx.dataDir, 'keywarden.db')}` : /postgres [^ ]+:\d+\/[^ ]+ \(schema kwt_[0-9a-f]+\)/;
      expect(startUp).toMatch(typeof store === 'string' ? `store: ${store};` : store);
      expect(startUp).toContain('redis: 127.0.0.1:1)');
      for (const password of passwords) expect(ctx.log()).not.toContain(password);
    } finally {
      await ctx.stop();
    }
  });
});

describe('the data directory secret file', () => {
  it('is created with mode 0600, and tightened again if someone loosened it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keywarden-secretfile-'));
    const env = { PORT: '0', KEYWARDEN_DATA_DIR: dataDir, LOG_LEVEL: 'silent', KEYWARDEN_WEB_DIR: join(dataDir, 'none') };
    try {
      const first = await startServer(env);
      await first.close();
      const file = join(dataDir, 'secret');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      chmodSync(file, 0o644);
      const second = await startServer(env);
      await second.close();
      expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
