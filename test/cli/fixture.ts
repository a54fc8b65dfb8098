// What the CLI, SDK and example tests share: a real server on a real port, a tenant with a tenant
// admin who holds a management key, and ways to run the CLI in-process or as the real command.
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { startTestServer, type Credentials, type TestServer } from '../helpers/server.js';
import { World, type Member } from '../helpers/world.js';
import { registerManagementCommands } from '../../src/cli/management.js';
import type { Io } from '../../src/cli/io.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ManagedTeam {
  tid: string;
  /** The tenant admin (tenant_admin + developer, licensed) who owns the management key. */
  adminUserId: string;
  /** A management key with admin scope on the whole tenant. */
  managementKey: string;
  managementKeyId: string;
  /** A plain developer of the tenant, signed in. */
  developer: Member;
  /** The platform admin's session. */
  platform: Credentials;
  world: World;
}

/** A tenant with keys switched on, a tenant admin with a management key, and a developer. */
export async function makeManagedTeam(server: TestServer): Promise<ManagedTeam> {
  const world = await World.on(server);
  const tid = await world.tenantWithKeys({ maxActiveKeysPerUser: 1000 });
  const admin = await world.member(tid, ['tenant_admin', 'developer']);
  const developer = await world.member(tid);
  const created = await world.createKey(tid, admin.as, {
    description: 'CLI tests', management: true, scopes: [{ resourceId: null, permission: 'admin' }],
  });
  return { tid, adminUserId: admin.id, managementKey: created.secret, managementKeyId: created.key.id, developer, platform: world.admin, world };
}

/** A real server on SQLite, a managed team in it, and the environment that points the CLI at both. */
export async function startCliServer(): Promise<{ server: TestServer; team: ManagedTeam; env: Record<string, string> }> {
  const server = await startTestServer('sqlite');
  const team = await makeManagedTeam(server);
  return { server, team, env: { KEYWARDEN_URL: server.url, KEYWARDEN_API_KEY: team.managementKey } };
}

/** Creates a key as `as` (default: the developer) and answers {id, secret}. */
export async function createKey(team: ManagedTeam, body: Record<string, unknown> = {}, as: Credentials = team.developer.as) {
  const created = await team.world.createKey(team.tid, as, body);
  return { id: created.key.id as string, secret: created.secret, start: created.key.start as string, key: created.key };
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
