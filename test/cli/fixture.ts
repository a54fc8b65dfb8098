// What the CLI, SDK and example tests share: a real server on a real port, a tenant with a tenant
// admin who holds a management key, and ways to run the CLI in-process or as the real command.
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { expect } from 'vitest';
import { ADMIN, type Credentials, type TestServer } from '../helpers/server.js';
import { registerManagementCommands } from '../../src/cli/management.js';
import type { Io } from '../../src/cli/io.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface World {
  tid: string;
  /** The tenant admin (tenant_admin + developer, licensed) who owns the management key. */
  adminUserId: string;
  /** A management key with admin scope on the whole tenant. */
  managementKey: string;
  managementKeyId: string;
  /** A plain developer of the tenant, signed in. */
  developer: { id: string; email: string; as: Credentials };
  /** The platform admin's session. */
  platform: Credentials;
}

let counter = 0;
export const unique = (what: string) => `${what}-${process.pid}-${Date.now().toString(36)}-${++counter}`;

async function call(server: TestServer, method: string, path: string, as: Credentials, body?: unknown) {
  const res = await server.api.call(method, path, { as, body });
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
}

/** A tenant with keys switched on, a tenant admin with a management key, and a developer. */
export async function makeWorld(server: TestServer): Promise<World> {
  const platform = await server.api.login(ADMIN.email, ADMIN.password);
  const tenant = await call(server, 'POST', '/tenants', platform, { name: unique('Tenant') });
  const tid: string = tenant.id;
  await call(server, 'PATCH', `/tenants/${tid}/settings`, platform, { apiKeysEnabled: true, maxActiveKeysPerUser: 1000 });
  const person = async (roles: string[]) => {
    const email = `${unique('user')}@example.test`;
    const user = await call(server, 'POST', '/users', platform, { email, name: `User ${email}`, password: 'user-password-1' });
    await call(server, 'PUT', `/tenants/${tid}/members/${user.id}`, platform, { roles, licensed: true });
    return { id: user.id as string, email, as: await server.api.login(email, 'user-password-1') };
  };
  const admin = await person(['tenant_admin', 'developer']);
  const developer = await person(['developer']);
  const created = await call(server, 'POST', `/tenants/${tid}/keys`, admin.as, {
    description: 'CLI tests', management: true, scopes: [{ resourceId: null, permission: 'admin' }],
  });
  return { tid, adminUserId: admin.id, managementKey: created.secret, managementKeyId: created.key.id, developer, platform };
}

/** Creates a key as `as` (default: the developer) and answers {id, secret}. */
export async function createKey(server: TestServer, world: World, body: Record<string, unknown> = {}, as: Credentials = world.developer.as) {
  const created = await call(server, 'POST', `/tenants/${world.tid}/keys`, as, { description: unique('key'), ...body });
  return { id: created.key.id as string, secret: created.secret as string, start: created.key.start as string, key: created.key };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Runs the management commands in this process (fast), with exactly the environment given. */
export async function runCli(args: string[], env: Record<string, string | undefined> = {}, stdin = ''): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const io: Io = {
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; },
    env: () => ({ ...env }),
    stdin: async () => stdin,
    isStderrTty: false,
    setExitCode: (c) => { code = c; },
    fetch: (...a) => fetch(...a),
  };
  const program = new Command('keywarden').option('--config <file>').showHelpAfterError();
  registerManagementCommands(program, { io, exit: (c) => { throw new Exit(c); } });
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (err) {
    if (!(err instanceof Exit)) throw err;
    code = err.code;
  }
  return { code, stdout, stderr };
}

/** Runs a command as a child process (asynchronously: the test server lives in this process). */
export function runProcess(command: string, args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The real `keywarden` command, from source through tsx (no build needed). */
export function runKeywarden(args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT): Promise<CliResult> {
  // tsx by absolute URL, so the command may run in another directory (scan tests do).
  return runProcess(process.execPath, ['--import', `${pathToFileURL(ROOT)}node_modules/tsx/dist/loader.mjs`, `${ROOT}src/main.ts`, ...args], env, cwd);
}
