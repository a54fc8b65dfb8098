// Verify with two named limits (a per-tenant rate and a per-owner credits limit, both applied to
// every verification) against the same verify without them: in process, over HTTP, and on two
// nodes sharing PostgreSQL and Redis, where every verification must stay one Redis round trip
// (one script for all its limits; counted at the client, so other Redis users do not blur it).
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import type { RunningServer } from '../src/server.js';
import type { RedisLimits } from '../src/verify/redis-limits.js';
import { insertKeys, secretFor, settle, setUpTeam, type Team } from './seed.js';
import { sideBySideLoops } from './loops.js';

const IN_PROCESS_ROUNDS = 5;

export const PLAN = [
  { name: 'calls', kind: 'rate', per: 'tenant', limit: 1_000_000_000, durationMs: 60_000, autoApply: true },
  { name: 'tokens', kind: 'credits', per: 'owner', limit: 1_000_000_000_000, autoApply: true },
];

/** Gives the team's tenant the two-limit plan, as a platform admin would. */
export async function applyPlan(server: RunningServer, team: Team): Promise<void> {
  const res = await server.app.inject({ method: 'PATCH', url: `/api/v1/tenants/${team.tid}/settings`, headers: { cookie: team.adminCookie }, payload: { limits: PLAN } });
  if (res.statusCode !== 200) throw new Error(`plan: ${res.statusCode} ${res.body}`);
}

interface Deps {
  rounds: number;
  roundMs: number;
  keys: number;
  pgUrl: string;
  redisUrl: string | null;
  here: string;
  median(xs: number[]): number;
  fmt(n: number, d?: number): string;
  pct(n: number): string;
  row(c: string, what: string, figure: string, reference: string, ratio: string, target: string): void;
  startLocal(env?: Record<string, string>, pgSchema?: string): Promise<RunningServer>;
  child(script: string, args: object): Promise<{ proc: ChildProcess; first: any }>;
  stop(proc: ChildProcess): Promise<void>;
  load(url: string, keys: string[], seconds?: number, connections?: number, pid?: number): Promise<{ rps: number; p99: number; cpuUs: number }>;
  dropSchema(schema: string): Promise<void>;
  /** The load generator and these servers on separate cores (run.ts); the function gives the cores back. */
  pinForLoad(what: string, pids: number[]): (() => void) | null;
}

/** Two teams on one server: keys [0, n) without limits, keys [n, 2n) under the plan. */
export async function twoTeams(server: RunningServer, n: number): Promise<{ plain: string[]; limited: string[] }> {
  const plainTeam = await setUpTeam(server, 'Plain');
  const planTeam = await setUpTeam(server, 'Plan');
  await applyPlan(server, planTeam);
  await insertKeys(server, plainTeam, 0, n);
  await insertKeys(server, planTeam, n, 2 * n);
  await settle();
  const plain = Array.from({ length: n }, (_, i) => secretFor(i));
  const limited = Array.from({ length: n }, (_, i) => secretFor(n + i));
  // Warm: keys, tenant facts and the plan's balances cached, so every measured answer is synchronous.
  for (const k of [...plain, ...limited]) await server.verifier.verify(k, {}, '127.0.0.1');
  return { plain, limited };
}

export async function namedLimits(d: Deps): Promise<void> {
  // In process: both kinds of keys side by side (taking turns every 2,000 verifications, loops.ts),
  // five rounds of two round lengths each; the ratio is the median of each round's own, so a drift
  // of the machine's speed (several points within seconds on a shared machine) falls on both sides.
  {
    const server = await d.startLocal();
    const { plain, limited } = await twoTeams(server, d.keys);
    const without: number[] = [];
    const withLimits: number[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < IN_PROCESS_ROUNDS; r++) {
      const [p, l] = await sideBySideLoops(server.verifier, [plain, limited], 2 * d.roundMs);
      without.push(p);
      withLimits.push(l);
      ratios.push(l / p);
    }
    await server.close();
    d.row('7', 'in-process verify with two named limits (ops/s)', d.fmt(d.median(withLimits)), `without ${d.fmt(d.median(without))}`, d.pct(d.median(ratios)), '≥90%');
  }
  // Over HTTP: one node process each, both up, their rounds alternating (the order turned each
  // round), so a drift of the machine's speed falls on both; requests/s and server CPU per request.
  {
    const nodes = {
      plain: await d.child(join(d.here, 'node.ts'), { env: {}, keys: d.keys }),
      plan: await d.child(join(d.here, 'node.ts'), { env: {}, keys: d.keys, plan: PLAN }),
    };
    const keys = Array.from({ length: d.keys }, (_, i) => secretFor(i));
    const unpin = d.pinForLoad('Case 7 over HTTP', Object.values(nodes).map((node) => node.proc.pid!));
    for (const node of Object.values(nodes)) await d.load(node.first.url, keys, 1);
    const rounds: Record<'plain' | 'plan', { rps: number; p99: number; cpuUs: number }[]> = { plain: [], plan: [] };
    for (let r = 0; r < d.rounds; r++) {
      for (const which of (r % 2 === 0 ? ['plain', 'plan'] : ['plan', 'plain']) as ('plain' | 'plan')[]) {
        const node = nodes[which];
        rounds[which].push(await d.load(node.first.url, keys, undefined, 32, node.proc.pid));
      }
    }
    unpin?.();
    for (const node of Object.values(nodes)) await d.stop(node.proc);
    const m = (which: 'plain' | 'plan', field: 'rps' | 'p99' | 'cpuUs') => d.median(rounds[which].map((x) => x[field]));
    const rpsRatio = d.median(rounds.plan.map((x, i) => x.rps / rounds.plain[i].rps));
    const cpuRatio = d.median(rounds.plan.map((x, i) => rounds.plain[i].cpuUs / x.cpuUs));
    d.row('7', 'HTTP verify with two named limits, 32 connections (req/s)', `${d.fmt(m('plan', 'rps'))} (p99 ${m('plan', 'p99')} ms)`,
      `without ${d.fmt(m('plain', 'rps'))} (p99 ${m('plain', 'p99')} ms)`, d.pct(rpsRatio), 'reported');
    d.row('7', 'HTTP verify with two named limits: server CPU per request (user + system)', `${d.fmt(m('plan', 'cpuUs'), 1)} µs`,
      `without ${d.fmt(m('plain', 'cpuUs'), 1)} µs`, d.pct(cpuRatio), 'reported');
  }
  if (d.redisUrl === null) return;
  // Two nodes on PostgreSQL and Redis: verifications alternate between them; Redis commands counted per verification.
  const schema = `kwb_${randomBytes(5).toString('hex')}`;
  const env = { DATABASE_URL: d.pgUrl, REDIS_URL: d.redisUrl };
  const a = await d.startLocal(env, schema);
  const b = await d.startLocal(env, schema);
  try {
    const { limited } = await twoTeams(a, d.keys);
    for (const k of limited) await b.verifier.verify(k, {}, '127.0.0.1');
    let commands = 0;
    for (const node of [a, b]) {
      const redis = (node.verifier.limits as RedisLimits).redis;
      const send = redis.sendCommand.bind(redis);
      redis.sendCommand = ((...args: Parameters<typeof send>) => { commands++; return send(...args); }) as typeof redis.sendCommand;
    }
    const rates: number[] = [];
    let verifications = 0;
    for (let r = 0; r < d.rounds; r++) {
      const end = Date.now() + d.roundMs;
      let done = 0;
      const started = performance.now();
      // 16 callers per node, as HTTP servers would have.
      await Promise.all([a, b].flatMap((node) => Array.from({ length: 16 }, async (_, c) => {
        for (let i = c; Date.now() < end; i += 16) {
          const answer = await node.verifier.verify(limited[i % limited.length], {}, '127.0.0.1');
          if (!answer.valid) throw new Error(`refused: ${JSON.stringify(answer)}`);
          done++;
        }
      })));
      rates.push(done / ((performance.now() - started) / 1000));
      verifications += done;
    }
    d.row('7', 'two nodes, PostgreSQL + Redis, two named limits (verifications/s)', d.fmt(d.median(rates)),
      `${d.fmt(commands / verifications, 3)} Redis commands per verification`, '—', '1 round trip');
  } finally {
    await b.close();
    await a.close();
    await d.dropSchema(schema);
  }
}
