// npm run bench: each figure beside its reference, measured in the same run, median of 3
// alternating rounds. Starts what it needs on loopback; PostgreSQL and Redis come from
// BENCH_DATABASE_URL / BENCH_REDIS_URL (default: the local test services), and their cases are
// skipped with a note when those are not reachable. BENCH_ROUND_S (default 3) sets a round's length.
// Keywarden is measured as `npm start` runs it, compiled (dist/, which `npm run bench` builds first):
// under tsx every closure the source makes would also pay for its name being kept.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { cpus, tmpdir } from 'node:os';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import autocannon from 'autocannon';
import { startServer } from '../dist/server.js';
import type { RunningServer } from '../src/server.js';
import { ADMIN, insertKeys, secretFor, settle, setUpTeam, type Team } from './seed.js';
import { verifyBesideFloor } from './loops.js';
import { namedLimits } from './named-limits.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROUND_MS = Number(process.env.BENCH_ROUND_S ?? 3) * 1000;
const ROUNDS = 3;
const HTTP_KEYS = 1000;
const WARM_UP_S = 2;
const HTTP_ROUNDS = 7;
const COLD_KEYS = Number(process.env.BENCH_COLD_KEYS ?? 10_000);
const BIG_KEYS = Number(process.env.BENCH_BIG_KEYS ?? 1_000_000);
const REVOCATIONS = 100;
const LIST_KEYS = Number(process.env.BENCH_LIST_KEYS ?? 100_000);
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

const rows: string[][] = [];
const notes: string[] = [];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const pct = (n: number) => `${fmt(n * 100, 0)}%`;
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);
function row(c: string, what: string, figure: string, reference: string, ratio: string, target: string) {
  rows.push([c, what, figure, reference, ratio, target]);
  log(`${c} ${what}: ${figure} | ${reference} | ${ratio}`);
}

function child(script: string, args: object, options: { execArgv?: string[]; cwd?: string } = {}): Promise<{ proc: ChildProcess; first: any }> {
  const proc = fork(script, [JSON.stringify(args)], { execArgv: options.execArgv ?? ['--import', 'tsx'], cwd: options.cwd, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    proc.once('message', (first) => resolve({ proc, first }));
    proc.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
  });
}
const ask = (proc: ChildProcess, message: unknown) => new Promise<any>((resolve) => { proc.once('message', resolve); proc.send(message as object); });
const stop = (proc: ChildProcess) => new Promise<void>((resolve) => { proc.once('exit', () => resolve()); proc.send('stop'); setTimeout(() => { proc.kill(); resolve(); }, 10_000).unref(); });

async function reachable(what: 'pg' | 'redis'): Promise<boolean> {
  try {
    if (what === 'pg') {
      const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
      await c.connect();
      await c.end();
    } else {
      const { Redis } = await import('ioredis');
      const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000 });
      await r.connect();
      r.disconnect();
    }
    return true;
  } catch {
    return false;
  }
}

async function startLocal(env: Record<string, string> = {}, pgSchema?: string): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keywarden-bench-'));
  return startServer({
    PORT: '0', HOST: '127.0.0.1', KEYWARDEN_DATA_DIR: dataDir, LOG_LEVEL: 'warn', KEYWARDEN_VERIFY_IP_FAILURES: '0',
    KEYWARDEN_SECRET: SECRET, KEYWARDEN_WEB_DIR: join(dataDir, 'none'),
    KEYWARDEN_ADMIN_EMAIL: ADMIN.email, KEYWARDEN_ADMIN_PASSWORD: ADMIN.password, ...env,
  }, { pgSchema });
}

// (1) In-process verification of cached keys against the floor.
async function inProcess() {
  const server = await startLocal();
  const team = await setUpTeam(server);
  await insertKeys(server, team, 0, HTTP_KEYS);
  await settle();
  const keys = Array.from({ length: HTTP_KEYS }, (_, i) => secretFor(i));
  for (const k of keys) await server.verifier.verify(k, { dryRun: true }, '127.0.0.1');
  const kw: number[] = [];
  const floor: number[] = [];
  // Side by side, turn by turn: rounds of seconds each, one after the other, spread from 62 % to
  // 96 % on a shared machine within the hour; side by side, 73 % to 79 % (bench/RESULTS.md).
  for (let r = 0; r < ROUNDS; r++) {
    const [verified, floored] = await verifyBesideFloor(server.verifier, Buffer.from(SECRET), keys, 2 * ROUND_MS);
    kw.push(verified);
    floor.push(floored);
  }
  await server.close();
  const k = median(kw);
  const f = median(floor);
  row('1', 'in-process verify, 1,000 cached keys (ops/s)', fmt(k), `floor HMAC+Map ${fmt(f)}`, pct(k / f), '≥75%');
}

interface Load { rps: number; p50: number; p99: number; total: number; cpuUs: number }

/** User + system CPU time of a process so far, in microseconds (/proc/<pid>/stat, clock ticks of 10 ms). */
function cpuMicros(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000; // utime, stime (fields 14, 15)
  } catch {
    return NaN; // not Linux: the CPU column stays empty
  }
}

/**
 * A light load: the requests are built once (one per key, `{}` bodies with a JSON content type), so
 * the load generator spends little per request and the server, not autocannon, is what is measured.
 */
function load(url: string, keys: string[], seconds = ROUND_MS / 1000, connections = 32, pid?: number): Promise<Load> {
  const requests = keys.map((k) => ({ method: 'POST' as const, path: '/api/v1/verify', headers: { 'x-api-key': k, 'content-type': 'application/json' }, body: '{}' }));
  const cpuBefore = cpuMicros(pid);
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, requests }, (err: Error | null, res: any) => {
      if (err) return reject(err);
      if (res.non2xx > 0 || res.errors > 0) return reject(new Error(`${url}: ${res.non2xx} non-2xx, ${res.errors} errors`));
      const cpuUs = (cpuMicros(pid) - cpuBefore) / res.requests.total;
      resolve({ rps: res.requests.average, p50: res.latency.p50, p99: res.latency.p99, total: res.requests.total, cpuUs });
    });
  });
}

/**
 * The same load, each request taking the next of `keys` from one counter shared by all connections:
 * every key is used once before any is used again, however many there are (with a list of requests
 * each connection would walk it from the start, and a round would use only its first few thousand).
 */
function loadEach(url: string, keys: string[], pid: number): Promise<Load> {
  let next = 0;
  const cpuBefore = cpuMicros(pid);
  return new Promise((resolve, reject) => {
    autocannon({
      url, connections: 32, duration: ROUND_MS / 1000,
      requests: [{
        setupRequest: (req: any) => {
          const key = keys[next];
          next = next + 1 === keys.length ? 0 : next + 1;
          return { ...req, method: 'POST', path: '/api/v1/verify', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: '{}' };
        },
      }],
    }, (err: Error | null, res: any) => {
      if (err) return reject(err);
      if (res.non2xx > 0 || res.errors > 0) return reject(new Error(`${url}: ${res.non2xx} non-2xx, ${res.errors} errors`));
      resolve({ rps: res.requests.average, p50: res.latency.p50, p99: res.latency.p99, total: res.requests.total, cpuUs: (cpuMicros(pid) - cpuBefore) / res.requests.total });
    });
  });
}

type Server = 'kw' | 'bare' | 'raw' | 'ceiling';

/**
 * Puts a process (all its threads) on the given cores. Unpinned, the first server started ran about
 * 10 % slower than the same server started after it (three identical Keywarden processes: 21.2,
 * 20.9, 19.2 µs a request, whatever order they were measured in): the scheduler kept it beside the
 * load generator. Pinned, the three took 17.3–17.4 µs. False where `taskset` is missing.
 */
function pin(pid: number, cores: string): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cores, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The load generator (this process) on core 0 and the servers it loads, one at a time, on core 1.
 * Returns the function that gives this process every core back, or null, with a note, when the
 * pinning failed (the figures may then depend on the order the servers started in).
 */
function pinForLoad(what: string, pids: number[]): (() => void) | null {
  const all = `0-${cpus().length - 1}`;
  if (cpus().length >= 2 && pin(process.pid, '0') && pids.every((pid) => pin(pid, '1'))) return () => void pin(process.pid, all);
  pin(process.pid, all);
  notes.push(`${what}: the load generator and the servers could not be pinned to separate cores (taskset); figures may depend on the order the servers started in.`);
  return null;
}

// (2) HTTP verify against a bare Fastify route and a raw node:http server, at 32 and 256
// connections, in requests/s and in server CPU per request; (3) against the peer; DB writes.
async function http() {
  const keys = Array.from({ length: HTTP_KEYS }, (_, i) => secretFor(i));
  const servers = {
    kw: await child(join(HERE, 'node.ts'), { env: {}, keys: HTTP_KEYS }),
    bare: await child(join(HERE, 'bare.ts'), {}),
    raw: await child(join(HERE, 'raw.ts'), {}),
    // Keywarden's own process (its server, stores, key table and timers) answering raw's constant
    // instead of verifying: how near raw node:http any verify handler in this process can come.
    ceiling: await child(join(HERE, 'node.ts'), { env: {}, keys: HTTP_KEYS, constant: true }),
  };
  // The load generator on one core and the server under load on the other, so neither the start
  // order nor the scheduler decides which server shares a core with the load (see pin).
  const unpin = pinForLoad('HTTP case', Object.values(servers).map((s) => s.proc.pid!));
  // An untimed warm-up of each server, so no round measures a server still compiling its hot path.
  for (const server of Object.values(servers)) await load(server.first.url, keys, WARM_UP_S);
  const before = (await ask(servers.kw.proc, 'stats')).stats;
  const peerRuns: Load[] = [];
  const m = (xs: Load[], f: keyof Load) => median(xs.map((x) => x[f]));
  for (const connections of [32, 256]) {
    const results: Record<Server, Load[]> = { kw: [], bare: [], raw: [], ceiling: [] };
    // Rounds in a turning order, so a drift in the machine's speed (two shared cores) falls on all
    // servers alike; each ratio is the median of the rounds' own ratios.
    const order: Server[][] = [['bare', 'raw', 'kw', 'ceiling'], ['kw', 'ceiling', 'bare', 'raw'], ['raw', 'kw', 'ceiling', 'bare'], ['ceiling', 'bare', 'raw', 'kw']];
    for (let r = 0; r < HTTP_ROUNDS; r++) {
      for (const which of order[r % order.length]) {
        const s = servers[which];
        results[which].push(await load(s.first.url, keys, ROUND_MS / 1000, connections, s.proc.pid));
      }
    }
    const perRound = (f: (r: number) => number) => Array.from({ length: HTTP_ROUNDS }, (_, r) => f(r));
    const ratio = (f: (r: number) => number) => median(perRound(f));
    // The rounds' own spread beside the median: on this machine it is wider than most changes.
    const spread = (f: (r: number) => number) => {
      const rounds = perRound(f);
      return `rounds ${pct(Math.min(...rounds))}–${pct(Math.max(...rounds))}`;
    };
    const bareRps = (r: number) => results.kw[r].rps / results.bare[r].rps;
    const rawRps = (r: number) => results.kw[r].rps / results.raw[r].rps;
    const bareCpu = (r: number) => results.bare[r].cpuUs / results.kw[r].cpuUs;
    const rps = (which: Server) => fmt(m(results[which], 'rps'));
    const vsBare = ratio(bareRps);
    const vsRaw = ratio(rawRps);
    const ceilingVsRaw = ratio((r) => results.ceiling[r].rps / results.raw[r].rps);
    const ceilingCpuVsRaw = ratio((r) => results.raw[r].cpuUs / results.ceiling[r].cpuUs);
    const cpu = (which: Server) => `${fmt(m(results[which], 'cpuUs'), 1)} µs`;
    const cpuVsBare = ratio(bareCpu);
    const cpuVsRaw = ratio((r) => results.raw[r].cpuUs / results.kw[r].cpuUs);
    row('2', `HTTP POST /verify, ${connections} connections (req/s)`, rps('kw'), `bare Fastify ${rps('bare')}`, `${pct(vsBare)} (${spread(bareRps)})`, '≥100%');
    row('2', `HTTP POST /verify, ${connections} connections (req/s)`, rps('kw'), `raw node:http ${rps('raw')}`, `${pct(vsRaw)} (${spread(rawRps)})`, '≥90%');
    row('2', `the ceiling: Keywarden's process answering raw's constant, ${connections} connections (req/s; CPU)`, `${rps('ceiling')}; ${cpu('ceiling')}`,
      `raw node:http ${rps('raw')}; ${cpu('raw')}`, `${pct(ceilingVsRaw)}; raw/ceiling ${pct(ceilingCpuVsRaw)}`, 'reported');
    row('2', `server CPU per request, ${connections} connections (user + system)`, cpu('kw'), `bare ${cpu('bare')}, raw ${cpu('raw')}`,
      `bare/kw ${pct(cpuVsBare)} (${spread(bareCpu)}), raw/kw ${pct(cpuVsRaw)}`, 'bare/kw ≥100%');
    row('2', `HTTP latency p50 / p99, ${connections} connections (ms)`, `${m(results.kw, 'p50')} / ${m(results.kw, 'p99')}`,
      `bare ${m(results.bare, 'p50')} / ${m(results.bare, 'p99')}, raw ${m(results.raw, 'p50')} / ${m(results.raw, 'p99')}`,
      `p99 +${fmt(m(results.kw, 'p99') - m(results.bare, 'p99'), 1)} ms`, 'p99 ≤ bare + 1 ms');
    if (connections === 32) peerRuns.push(...results.kw);
  }
  await new Promise((r) => setTimeout(r, 1500)); // let the last flush happen
  const after = (await ask(servers.kw.proc, 'stats')).stats;
  await Promise.all([stop(servers.bare.proc), stop(servers.raw.proc), stop(servers.ceiling.proc)]);
  // The peer runs alone afterwards: its own database work must not weigh on the rounds above.
  const peer: Load[] = [];
  try {
    const p = await child(join(HERE, 'peer', 'server.mjs'), { keys: HTTP_KEYS }, { execArgv: [], cwd: join(HERE, 'peer') });
    if (unpin !== null) pin(p.proc.pid!, '1');
    await load(p.first.url, p.first.keys, WARM_UP_S);
    for (let r = 0; r < ROUNDS; r++) peer.push(await load(p.first.url, p.first.keys, ROUND_MS / 1000, 32, p.proc.pid));
    await stop(p.proc);
  } catch (err) {
    notes.push(`Peer (better-auth + @better-auth/api-key) could not be started: ${(err as Error).message}`);
  }
  if (peer.length > 0) {
    row('3', 'HTTP verify vs better-auth api-key on SQLite, 32 connections (req/s)', fmt(m(peerRuns, 'rps')), `peer ${fmt(m(peer, 'rps'))} (p99 ${m(peer, 'p99')} ms)`,
      `×${fmt(m(peerRuns, 'rps') / m(peer, 'rps'), 1)}`, '≥5×');
  }
  const verifications = after.verifications - before.verifications;
  const tx = after.transactions - before.transactions;
  const st = after.statements - before.statements;
  row('4', 'DB writes per 1,000 verifications (HTTP run)', `${fmt((tx * 1000) / verifications, 3)} transactions, ${fmt((st * 1000) / verifications, 3)} statements`,
    `${fmt(verifications)} verifications, ${tx} flushes`, 'per request: 0', '0 per verification');
  await stop(servers.kw.proc);
  unpin?.();
}

// (4) Cold verifications: every key a cache miss, read from the database.
async function cold(dialect: Dialect) {
  await withServer(dialect, async (server, team) => {
    await insertKeys(server, team, 0, COLD_KEYS);
    const keys = Array.from({ length: COLD_KEYS }, (_, i) => secretFor(i));
    const rates: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      server.verifier.caches.clear();
      let next = 0;
      const started = process.hrtime.bigint();
      const end = Date.now() + ROUND_MS;
      // 16 concurrent callers, as an HTTP server would have: PostgreSQL's pool serves them in parallel.
      await Promise.all(Array.from({ length: 16 }, async () => {
        while (next < keys.length && Date.now() < end) {
          const answer = await server.verifier.verify(keys[next++], { dryRun: true }, '127.0.0.1');
          if (!answer.valid) throw new Error('cold key did not verify');
        }
      }));
      rates.push(next / (Number(process.hrtime.bigint() - started) / 1e9));
    }
    row('4', `cold verifications (cache misses) on ${dialect} (ops/s)`, fmt(median(rates)), '—', '—', 'reported');
  });
}

type Dialect = 'sqlite' | 'postgres';

/** One server with a team, on SQLite or on a fresh PostgreSQL schema (dropped afterwards). */
async function withServer(dialect: Dialect, use: (server: RunningServer, team: Team) => Promise<void>) {
  const schema = dialect === 'postgres' ? `kwb_${randomBytes(5).toString('hex')}` : undefined;
  const server = await startLocal(dialect === 'postgres' ? { DATABASE_URL: PG_URL } : {}, schema);
  try {
    await use(server, await setUpTeam(server));
  } finally {
    await server.close();
    if (schema) await dropSchema(schema);
  }
}

async function dropSchema(schema: string) {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`drop schema if exists ${schema} cascade`);
  await c.end();
}

// (5) 1,000 vs BIG_KEYS cached keys: throughput and resident memory per key, each in its own process.
async function scale() {
  const opts = { execArgv: ['--import', 'tsx', '--expose-gc', '--max-old-space-size=8192'] };
  const small = await child(join(HERE, 'scale.ts'), { keys: 1000 }, opts);
  log(`1,000 keys: rss ${fmt(small.first.rss / 2 ** 20)} MiB; starting ${fmt(BIG_KEYS)} keys`);
  const big = await child(join(HERE, 'scale.ts'), { keys: BIG_KEYS }, opts);
  log(`${fmt(BIG_KEYS)} keys: insert ${big.first.insertMs} ms, warm ${big.first.warmMs} ms, rss ${fmt(big.first.rss / 2 ** 20)} MiB`);
  // The 1,000-key process always runs its 1,000 keys; the big one runs the same 1,000 (spread over
  // its table), then 100,000, cache only and with usage recorded.
  const r: Record<string, number[]> = { small: [], hot: [], spread: [], smallUsage: [], spreadUsage: [] };
  const run = async (proc: ChildProcess, sample: string, dryRun: boolean) => (await ask(proc, { run: ROUND_MS, dryRun, sample })).opsPerSec as number;
  for (let round = 0; round < ROUNDS; round++) {
    r.small.push(await run(small.proc, 'hot', true));
    r.hot.push(await run(big.proc, 'hot', true));
    r.spread.push(await run(big.proc, 'spread', true));
    r.smallUsage.push(await run(small.proc, 'hot', false));
    r.spreadUsage.push(await run(big.proc, 'spread', false));
  }
  // Over HTTP with usage recorded: the big process's 100,000 keys spread over its table against the
  // small one's 1,000, in alternating rounds, each request taking the next key.
  const pick = (keys: number, n: number) => Array.from({ length: Math.min(keys, n) }, (_, i) => secretFor(Math.floor((i * keys) / Math.min(keys, n))));
  const httpKeys = { small: pick(1000, 1000), big: pick(BIG_KEYS, 100_000) };
  const unpin = pinForLoad('Case 5 over HTTP', [small.proc.pid!, big.proc.pid!]);
  const h: Record<'small' | 'big', Load[]> = { small: [], big: [] };
  await loadEach(small.first.url, httpKeys.small, small.proc.pid!);
  await loadEach(big.first.url, httpKeys.big, big.proc.pid!);
  for (let round = 0; round < ROUNDS; round++) {
    h.small.push(await loadEach(small.first.url, httpKeys.small, small.proc.pid!));
    h.big.push(await loadEach(big.first.url, httpKeys.big, big.proc.pid!));
  }
  unpin?.();
  const [small1k, hot, spread] = [median(r.small), median(r.hot), median(r.spread)];
  row('5', `in-process verify, ${fmt(BIG_KEYS)} cached keys, the same 1,000 keys in use (ops/s)`, fmt(hot), `1,000 cached keys ${fmt(small1k)}`, pct(hot / small1k), '≥90%');
  row('5', `in-process verify, ${fmt(BIG_KEYS)} cached keys, 100,000 keys in use (ops/s)`, fmt(spread), `1,000 cached keys ${fmt(small1k)}`, pct(spread / small1k), 'reported');
  row('5', `in-process verify with usage, 100,000 keys in use of ${fmt(BIG_KEYS)} (ops/s)`, fmt(median(r.spreadUsage)), `1,000 keys ${fmt(median(r.smallUsage))}`, pct(median(r.spreadUsage) / median(r.smallUsage)), '≥50%');
  const hm = (which: 'small' | 'big', field: 'rps' | 'cpuUs') => median(h[which].map((x) => x[field]));
  row('5', `HTTP verify with usage, 100,000 keys in use of ${fmt(BIG_KEYS)}, 32 connections (req/s; server CPU per request)`,
    `${fmt(hm('big', 'rps'))}; ${fmt(hm('big', 'cpuUs'), 1)} µs`, `1,000 keys ${fmt(hm('small', 'rps'))}; ${fmt(hm('small', 'cpuUs'), 1)} µs`,
    `${pct(median(h.big.map((x, i) => x.rps / h.small[i].rps)))}; CPU ${pct(median(h.big.map((x, i) => h.small[i].cpuUs / x.cpuUs)))}`, '≥50%');
  const perKey = (big.first.rss - small.first.rss) / (BIG_KEYS - 1000);
  const heapPerKey = (big.first.heapUsed - small.first.heapUsed) / (BIG_KEYS - 1000);
  const per = (field: string) => (big.first[field] - small.first[field]) / (BIG_KEYS - 1000);
  row('5', 'resident memory per cached key (bytes)', fmt(perKey),
    `heap ${fmt(heapPerKey)} B/key, array buffers ${fmt(per('arrayBuffers'))} B/key, anonymous ${fmt(per('rssAnon'))} B/key; rss ${fmt(small.first.rss / 2 ** 20)} → ${fmt(big.first.rss / 2 ** 20)} MiB`, '—', '≤150 B');
  row('5', `start-up with ${fmt(BIG_KEYS)} keys on SQLite (s)`, `listening ${fmt(big.first.listenMs / 1000, 1)}, key table loaded ${fmt(big.first.preloadMs / 1000, 1)}`,
    `${fmt(big.first.preloaded)} keys loaded while verifying`, '—', 'ready ≤10 s');
  await Promise.all([stop(small.proc), stop(big.proc)]);
}

// (7) A tenant with LIST_KEYS keys: the console's list calls, each page timed through the HTTP stack.
async function lists(dialect: Dialect) {
  await withServer(dialect, async (server, team) => {
    await insertKeys(server, team, 0, LIST_KEYS);
    // As after SQLite's hourly statistics refresh, or PostgreSQL's autovacuum.
    await server.ctx.store.optimize();
    const base = `/api/v1/tenants/${team.tid}/keys`;
    const page = async (query: string) => {
      const res = await server.app.inject({ method: 'GET', url: `${base}?${query}`, headers: { cookie: team.adminCookie } });
      if (res.statusCode !== 200) throw new Error(`GET keys?${query}: ${res.statusCode} ${res.body}`);
      return res.json() as { items: unknown[]; nextCursor: string | null };
    };
    /** Median ms of `runs` calls of `call`; each call returns the query it ran, so paging can move on. */
    const time = async (label: string, call: (i: number) => Promise<unknown>, runs = 20) => {
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = process.hrtime.bigint();
        await call(i);
        ms.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      row('7', `${label}, ${fmt(LIST_KEYS)} keys, ${dialect} (ms per page, median / max)`, `${fmt(median(ms), 1)} / ${fmt(Math.max(...ms), 1)}`, '—', '—', '≪100 ms');
    };
    await time('first page of 50, newest first', () => page('limit=50'));
    let cursor: string | null = null;
    // Walks 20 pages deep: each is one keyset step, so page 20 costs what page 1 does.
    await time('next pages by cursor, newest first', async () => {
      const next = await page(`limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      cursor = next.nextCursor;
    });
    await time('first page sorted by name', () => page('limit=50&sort=name'));
    await time('search, rare term (q=k9999: 11 keys)', () => page('limit=50&q=k9999'));
    await time('search, common term (q=bench: every key)', () => page('limit=50&q=bench'));
    await time('status filter (revoked: none match)', () => page('limit=50&status=revoked'));
  });
}

// (6) Two nodes on PostgreSQL (+ Redis): from a revoke acknowledged on A until B refuses the key.
async function revocation(withRedis: boolean) {
  const schema = `kwb_${randomBytes(5).toString('hex')}`;
  const env: Record<string, string> = { DATABASE_URL: PG_URL, ...(withRedis && { REDIS_URL: REDIS_URL }) };
  const a = await startLocal(env, schema);
  const b = await startLocal(env, schema);
  try {
    const team: Team = await setUpTeam(a);
    await insertKeys(a, team, 0, REVOCATIONS);
    await settle();
    const ids = Array.from({ length: REVOCATIONS }, (_, i) => `key_bench${String(i).padStart(21, '0')}`);
    const keys = Array.from({ length: REVOCATIONS }, (_, i) => secretFor(i));
    for (const k of keys) if (!(await b.verifier.verify(k, {}, '127.0.0.1')).valid) throw new Error('B did not verify');
    const delays: number[] = [];
    for (let i = 0; i < REVOCATIONS; i++) {
      const res = await a.app.inject({ method: 'POST', url: `/api/v1/tenants/${team.tid}/keys/${ids[i]}/revoke`, headers: { cookie: team.adminCookie } });
      if (res.statusCode !== 200) throw new Error(`revoke: ${res.statusCode}`);
      const acked = performance.now();
      for (;;) {
        const answer = await b.verifier.verify(keys[i], {}, '127.0.0.1');
        if (!answer.valid && answer.code === 'REVOKED') break;
        if (performance.now() - acked > 5000) throw new Error('B never refused the key');
        await new Promise((r) => setTimeout(r, 0.5));
      }
      delays.push(performance.now() - acked);
    }
    delays.sort((x, y) => x - y);
    const q = (p: number) => delays[Math.min(delays.length - 1, Math.floor(p * delays.length))];
    row('6', `revoke on A → B refuses, PostgreSQL${withRedis ? ' + Redis' : ''}, ${REVOCATIONS} revocations (ms)`,
      `p50 ${fmt(q(0.5), 1)} / p99 ${fmt(q(0.99), 1)}`, `max ${fmt(delays[delays.length - 1], 1)}`, '—', 'p99 ≤1,000 ms');
  } finally {
    await b.close();
    await a.close();
    await dropSchema(schema);
  }
}

// (6b) Three nodes on PostgreSQL + Redis, each its own process under load at ~80 % of its own
// maximum: from a revoke acknowledged on one until both others refuse the key, over HTTP.
async function threeNodes() {
  const schema = `kwb_${randomBytes(5).toString('hex')}`;
  const env = { DATABASE_URL: PG_URL, REDIS_URL: REDIS_URL };
  const total = HTTP_KEYS + REVOCATIONS;
  const a = await child(join(HERE, 'node.ts'), { env, keys: total, pgSchema: schema });
  const others = [await child(join(HERE, 'node.ts'), { env, keys: total, pgSchema: schema, seed: false }),
    await child(join(HERE, 'node.ts'), { env, keys: total, pgSchema: schema, seed: false })];
  const nodes = [a, ...others];
  const team = a.first.team as Team;
  try {
    const keys = Array.from({ length: HTTP_KEYS }, (_, i) => secretFor(i));
    // Each node's maximum as it shares this machine with the other two (all three loaded at once):
    // three nodes each at 80% of what it does alone would ask for more than two cores can give,
    // and the delay measured would be the queue in front of every request, not the revocation's.
    const max = (await Promise.all(nodes.map((n) => load(n.first.url, keys, ROUND_MS / 1000)))).map((r) => r.rps);
    const requests = keys.map((k) => ({ method: 'POST' as const, path: '/api/v1/verify', headers: { 'x-api-key': k, 'content-type': 'application/json' }, body: '{}' }));
    // Open-ended loads at a fixed rate, stopped once the revocations are measured.
    const loads = nodes.map((n, i) => autocannon({ url: n.first.url, connections: 32, duration: 600, overallRate: Math.round(0.8 * max[i]), requests }, () => {}));
    // Every probe's round trip, as the reference: how long any request takes under this load.
    const trips: number[] = [];
    const refused = async (url: string, secret: string) => {
      const sent = performance.now();
      const res = await fetch(`${url}/api/v1/verify`, { method: 'POST', headers: { 'x-api-key': secret, 'content-type': 'application/json' }, body: '{}' });
      const body = await res.json() as { valid: boolean; code?: string };
      trips.push(performance.now() - sent);
      return !body.valid && body.code === 'REVOKED';
    };
    const delays: number[] = [];
    await new Promise((r) => setTimeout(r, 2000)); // the loads reach their rate
    for (let i = 0; i < REVOCATIONS; i++) {
      const id = `key_bench${String(HTTP_KEYS + i).padStart(21, '0')}`;
      const res = await fetch(`${a.first.url}/api/v1/tenants/${team.tid}/keys/${id}/revoke`, { method: 'POST', headers: { cookie: team.adminCookie } });
      if (res.status !== 200) throw new Error(`revoke: ${res.status}`);
      const acked = performance.now();
      await Promise.all(others.map(async (o) => {
        while (!(await refused(o.first.url, secretFor(HTTP_KEYS + i)))) {
          if (performance.now() - acked > 5000) throw new Error('a node never refused the key');
          await new Promise((r) => setTimeout(r, 1));
        }
        delays.push(performance.now() - acked);
      }));
    }
    for (const l of loads) l.stop();
    const q = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
    row('6b', `three nodes, PostgreSQL + Redis, each at 80% of its max beside the others (${max.map((m) => fmt(m)).join(' / ')} req/s): revoke on one → the others refuse, ${REVOCATIONS} revocations × 2 nodes (ms)`,
      `p50 ${fmt(q(delays, 0.5), 1)} / p99 ${fmt(q(delays, 0.99), 1)} (max ${fmt(q(delays, 1), 1)})`,
      `a probe's round trip p50 ${fmt(q(trips, 0.5), 1)} / p99 ${fmt(q(trips, 0.99), 1)}`, '—', 'p99 ≤50 ms');
  } finally {
    await Promise.all(nodes.map((n) => stop(n.proc)));
    await dropSchema(schema);
  }
}

const started = Date.now();
const hasPg = await reachable('pg');
const hasRedis = await reachable('redis');
if (!hasPg) notes.push(`PostgreSQL not reachable at ${PG_URL}: its cases were skipped.`);
if (!hasRedis) notes.push(`Redis not reachable at ${REDIS_URL}: case 6 ran without it.`);
const only = process.env.BENCH_ONLY?.split(',');
const want = (name: string) => !only || only.includes(name);
if (want('inprocess')) await inProcess();
if (want('http')) await http();
if (want('cold')) {
  await cold('sqlite');
  if (hasPg) await cold('postgres');
}
if (want('scale')) await scale();
if (want('lists')) {
  await lists('sqlite');
  if (hasPg) await lists('postgres');
}
if (want('revocation') && hasPg) await revocation(hasRedis);
if (want('limits')) {
  await namedLimits({ rounds: ROUNDS, roundMs: ROUND_MS, keys: HTTP_KEYS, pgUrl: PG_URL, redisUrl: hasPg && hasRedis ? REDIS_URL : null, here: HERE,
    median, fmt, pct, row, startLocal, child, stop, load, dropSchema, pinForLoad });
}
if (want('three') && hasPg && hasRedis) await threeNodes();

const header = ['case', 'what', 'Keywarden', 'reference (same run)', 'ratio', 'target'];
const table = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
console.log(`\nKeywarden benchmark — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, rounds ${ROUNDS} × ${ROUND_MS / 1000} s, median; ${fmt((Date.now() - started) / 1000)} s in all\n`);
console.log(table);
for (const n of notes) console.log(`\n- ${n}`);
process.exit(0);
