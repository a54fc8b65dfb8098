// Servers for the verify tests: one node, or a second node on the first node's PostgreSQL schema
// (startTestServer makes a fresh schema per server, which is one node per database).
import { Ajv } from 'ajv';
import { VerifyAnswer } from '../../src/http/routes/verify.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startServer } from '../../src/server.js';
import { ADMIN, ApiClient, type Credentials, type TestServer } from '../helpers/server.js';
import { dropSchema, newSchemaName, TEST_DATABASE_URL, TEST_SECRET, type DialectName } from '../helpers/services.js';

export interface NodeOptions {
  env?: Record<string, string>;
  /** Join this PostgreSQL schema instead of making a new one (a second node). */
  pgSchema?: string;
  redisPrefix?: string;
  /** Reuse this data directory (a restart on the same SQLite file); it is then left in place. */
  dataDir?: string;
}

export const randomNamespace = () => `kwtest:${randomBytes(6).toString('hex')}`;

export interface VerifyNode extends TestServer {
  schema: string | undefined;
}

export async function startNode(dialect: DialectName, options: NodeOptions = {}): Promise<VerifyNode> {
  if (dialect === 'postgres' && !TEST_DATABASE_URL) throw new Error('PostgreSQL test without TEST_DATABASE_URL');
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'keywarden-verify-'));
  const owner = dialect === 'postgres' && options.pgSchema === undefined;
  const schema = dialect === 'postgres' ? options.pgSchema ?? newSchemaName() : undefined;
  const server = await startServer({
    PORT: '0', HOST: '127.0.0.1', KEYWARDEN_DATA_DIR: dataDir, KEYWARDEN_SECRET: TEST_SECRET, LOG_LEVEL: 'silent',
    KEYWARDEN_ADMIN_EMAIL: ADMIN.email, KEYWARDEN_ADMIN_PASSWORD: ADMIN.password, KEYWARDEN_WEB_DIR: join(dataDir, 'no-web'),
    ...(dialect === 'postgres' && { DATABASE_URL: TEST_DATABASE_URL! }),
    ...options.env,
  }, { pgSchema: schema, redisPrefix: options.redisPrefix });
  return Object.assign(server, {
    dialect, dataDir, schema, api: new ApiClient(server),
    async stop() {
      await server.close();
      if (owner) await dropSchema(schema!);
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

export interface Team {
  admin: Credentials;
  tid: string;
  dev: Credentials;
  devId: string;
}

let teams = 0;

/** A tenant with keys on and a licensed developer, set up through the API as a person would. */
export async function setUpTeam(api: ApiClient): Promise<Team> {
  const n = `${Date.now().toString(36)}${++teams}${randomBytes(3).toString('hex')}`;
  const admin = await api.login(ADMIN.email, ADMIN.password);
  const tenant = await api.call('POST', '/tenants', { as: admin, body: { name: `Tenant ${n}` } });
  if (tenant.status !== 201) throw new Error(`tenant: ${tenant.status} ${JSON.stringify(tenant.body)}`);
  const tid = tenant.body.id;
  const email = `dev-${n}@example.test`;
  const user = await api.call('POST', '/users', { as: admin, body: { email, name: `Dev ${n}`, password: 'dev-password-1' } });
  await api.call('PUT', `/tenants/${tid}/members/${user.body.id}`, { as: admin, body: { roles: ['developer'], licensed: true } });
  await api.call('PATCH', `/tenants/${tid}/settings`, { as: admin, body: { apiKeysEnabled: true, maxActiveKeysPerUser: 1000 } });
  const dev = await api.login(email, 'dev-password-1');
  return { admin, tid, dev, devId: user.body.id };
}

export interface CreatedKey {
  id: string;
  secret: string;
}

export async function createKey(api: ApiClient, team: Team, body: Record<string, unknown> = {}, as: Credentials = team.admin): Promise<CreatedKey> {
  const payload = as === team.admin ? { ownerId: team.devId, description: 'verify test', ...body } : { description: 'verify test', ...body };
  const res = await api.call('POST', `/tenants/${team.tid}/keys`, { as, body: payload });
  if (res.status !== 201) throw new Error(`create key: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.key.id, secret: res.body.secret };
}

// Verify answers are sent as JSON text, not through the schema's serializer: every answer these
// tests see is held to the schema, which allows no other field.
const isVerifyAnswer = new Ajv({ strict: false }).compile(VerifyAnswer);

export async function verifyOn(api: ApiClient, secret: string | undefined, body?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await api.call('POST', '/verify', { headers: { ...(secret !== undefined && { 'x-api-key': secret }), ...headers }, ...(body && { body }) });
  if (res.status === 200 && !isVerifyAnswer(res.body)) throw new Error(`verify answer off its schema: ${JSON.stringify(res.body)} ${JSON.stringify(isVerifyAnswer.errors)}`);
  return res;
}

/** Polls until `check` passes or `ms` runs out; answers how long it took. */
export async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Waits, when needed, until at least `seconds` remain in the current minute, so a test about
 * per-minute counting does not straddle two minutes.
 */
export async function awayFromMinuteEdge(seconds = 10): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < seconds * 1000) await new Promise((r) => setTimeout(r, left + 50));
}
