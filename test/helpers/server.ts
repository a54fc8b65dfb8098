// Starts a real Keywarden server for a test (SQLite in a temp dir, or PostgreSQL in its own schema)
// and gives a small client over Fastify's inject.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type StartOptions } from '../../src/server.js';
import type { ScryptParams } from '../../src/services/passwords.js';
import { dropSchema, newSchemaName, TEST_DATABASE_URL, TEST_SECRET, type DialectName } from './services.js';
import { StubResolver } from './resolver.js';
import type { Resolver } from '../../src/webhooks/resolver.js';

export const ADMIN = { email: 'admin@example.test', password: 'admin-password-1' };

/**
 * The scrypt cost of test servers (StartOptions.passwords): the production N=2^17 takes about a
 * second and 128 MiB per hash, and every server start hashes its first admin's password; the suite
 * would spend minutes hashing. Tests of the production parameters pass `passwords: {}` to get them.
 */
export const TEST_SCRYPT_PARAMS: ScryptParams = Object.freeze({ N: 1 << 14, r: 8, p: 1 });

export interface TestServer extends RunningServer {
  dialect: DialectName;
  dataDir: string;
  /** The PostgreSQL schema the server works in. */
  schema: string | undefined;
  api: ApiClient;
  stop(): Promise<void>;
}

export interface Credentials {
  cookie?: string;
  key?: string;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
}

export class ApiClient {
  constructor(private readonly server: RunningServer) {}

  async call<T = any>(method: string, path: string, options: { body?: unknown; as?: Credentials; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as?.cookie) headers.cookie = options.as.cookie;
    if (options.as?.key) headers['x-api-key'] = options.as.key;
    const res = await this.server.app.inject({
      method: method as 'GET',
      url: path.startsWith('/api/') || path.startsWith('/health') || path.startsWith('/metrics') ? path : `/api/v1${path}`,
      headers,
      ...(options.body !== undefined && { payload: options.body as object }),
    });
    let body: unknown = res.body;
    if ((res.headers['content-type'] ?? '').toString().includes('json') && res.body) body = JSON.parse(res.body);
    return { status: res.statusCode, body: body as T, headers: res.headers };
  }

  async login(email: string, password: string): Promise<Credentials> {
    const res = await this.server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    if (res.statusCode !== 200) throw new Error(`login failed for ${email}: ${res.statusCode} ${res.body}`);
    // `__Host-keywarden_session` where the cookie is Secure (HTTPS or KEYWARDEN_COOKIE_SECURE=true).
    const cookie = res.cookies.find((c) => c.name === 'keywarden_session' || c.name === '__Host-keywarden_session');
    return { cookie: `${cookie!.name}=${cookie!.value}` };
  }
}

export interface TestServerOptions {
  /** Join this PostgreSQL schema (another node's) instead of making a new one; it is left in place. */
  pgSchema?: string;
  redisPrefix?: string;
  /** Reuse this data directory (a restart on the same SQLite file); it is left in place. */
  dataDir?: string;
  /** Webhook name resolution; by default a StubResolver, so that no test sends a DNS query. */
  resolver?: Resolver;
  /** The password hasher's options; by default TEST_SCRYPT_PARAMS. */
  passwords?: StartOptions['passwords'];
  /** The server's clock, for tests that move time. */
  now?: () => Date;
  /** Where the server's log goes (with LOG_LEVEL set in env; silent by default). */
  logStream?: NodeJS.WritableStream;
  /** Hold leak-report processing (StartOptions.leaks). */
  leaks?: StartOptions['leaks'];
}

export async function startTestServer(dialect: DialectName = 'sqlite', env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  if (dialect === 'postgres' && !TEST_DATABASE_URL) throw new Error('PostgreSQL test without TEST_DATABASE_URL');
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'keywarden-test-'));
  const schema = dialect === 'postgres' ? options.pgSchema ?? newSchemaName() : undefined;
  // What this server made, it removes when it stops.
  const cleanUp = async () => {
    if (schema && options.pgSchema === undefined) await dropSchema(schema);
    if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
  };
  // Webhook receivers in tests listen on loopback, which only KEYWARDEN_WEBHOOK_ALLOW lets through.
  const server = await startServer({
    PORT: '0', HOST: '127.0.0.1', KEYWARDEN_DATA_DIR: dataDir, KEYWARDEN_SECRET: TEST_SECRET, LOG_LEVEL: 'silent',
    KEYWARDEN_ADMIN_EMAIL: ADMIN.email, KEYWARDEN_ADMIN_PASSWORD: ADMIN.password, KEYWARDEN_WEB_DIR: join(dataDir, 'no-web'),
    KEYWARDEN_WEBHOOK_ALLOW: 'loopback',
    ...(dialect === 'postgres' && { DATABASE_URL: TEST_DATABASE_URL! }),
    ...env,
  }, {
    pgSchema: schema, redisPrefix: options.redisPrefix, now: options.now, leaks: options.leaks, logStream: options.logStream, resolver: options.resolver ?? new StubResolver(),
    passwords: options.passwords ?? { params: TEST_SCRYPT_PARAMS },
  }).catch(async (err) => {
    // Leave nothing behind when the start fails: a stale schema would confuse later runs.
    await cleanUp();
    throw err;
  });
  return Object.assign(server, {
    dialect, dataDir, schema, api: new ApiClient(server),
    async stop() {
      await server.close();
      await cleanUp();
    },
  });
}
