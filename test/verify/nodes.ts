// Servers for the verify tests: one node, or a second node on the first node's PostgreSQL schema
// and Redis namespace; a team to verify keys of; and verify calls held to the answer's schema.
import { vi } from 'vitest';
import { Ajv } from 'ajv';
import { VerifyAnswer } from '../../src/http/routes/verify.js';
import { randomBytes } from 'node:crypto';
import { startTestServer, type ApiClient, type Credentials, type TestServer, type TestServerOptions } from '../helpers/server.js';
import type { DialectName } from '../helpers/services.js';
import { World } from '../helpers/world.js';

export interface NodeOptions extends TestServerOptions {
  env?: Record<string, string>;
}

export const randomNamespace = () => `kwtest:${randomBytes(6).toString('hex')}`;

export type VerifyNode = TestServer;

/** A node: a test server that may join another node's schema and share its Redis namespace. */
export function startNode(dialect: DialectName, { env, ...options }: NodeOptions = {}): Promise<VerifyNode> {
  return startTestServer(dialect, env, options);
}

/** Two nodes on one PostgreSQL schema: A makes the schema and B joins it (A is stopped if B fails). */
export async function startTwoNodes(options: NodeOptions = {}): Promise<[VerifyNode, VerifyNode]> {
  const a = await startNode('postgres', options);
  try {
    return [a, await startNode('postgres', { ...options, pgSchema: a.schema })];
  } catch (err) {
    await a.stop();
    throw err;
  }
}

export interface Team {
  admin: Credentials;
  tid: string;
  dev: Credentials;
  devId: string;
}

/** A tenant with keys on and a licensed developer, set up through the API as a person would. */
export async function setUpTeam(node: TestServer): Promise<Team> {
  const world = await World.on(node);
  const tid = await world.tenantWithKeys({ maxActiveKeysPerUser: 1000 });
  const dev = await world.member(tid);
  return { admin: world.admin, tid, dev: dev.as, devId: dev.id };
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

/**
 * Starts a flush of the node's usage and holds it once its first transaction (the credit spends)
 * has committed, before it settles: a COMMIT that other reads already see while its answer is
 * still on the wire. Resolves once held; `release` lets the flush go on, `done` is the flush.
 */
export async function holdFlushAfterCommit(node: VerifyNode): Promise<{ release: () => void; done: Promise<void> }> {
  const store = (node.verifier.usage as unknown as { store: { write: (...args: unknown[]) => Promise<unknown> } }).store;
  const write = store.write.bind(store);
  let release!: () => void;
  const released = new Promise<void>((r) => { release = r; });
  let committed!: () => void;
  const isCommitted = new Promise<void>((r) => { committed = r; });
  const spy = vi.spyOn(store, 'write').mockImplementationOnce(async (...args: unknown[]) => {
    const result = await write(...args);
    committed();
    await released;
    return result;
  });
  const done = node.verifier.flush();
  await isCommitted;
  spy.mockRestore();
  return { release, done };
}
