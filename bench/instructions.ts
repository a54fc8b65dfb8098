// npm run bench:instructions: instructions per in-process verification, a key without named limits
// beside a key under case 7's plan, counted by callgrind (valgrind). A count is repeatable where
// seconds are not: on a shared machine the in-process rate drifts by several points within minutes,
// more than a change to the named path is worth (bench/RESULTS.md). Each kind runs in its own process
// under valgrind, V8 on one thread (`--single-threaded`: no compilation or collection on other
// threads); counting is switched on (callgrind_control) for OPS verifications after as many untimed
// ones, and the compiler's own work is left out. JIT code is named from V8's perf map
// (`--perf-basic-prof`), so the figures say which functions the difference is in.
// Needs valgrind (Debian's package); compiled Keywarden (dist/, `npm run bench:instructions` builds it).
// BENCH_OPS sets the verifications counted (50,000); BENCH_DIST another build to count instead of
// dist/ (a directory relative to bench/), to compare two builds; BENCH_VERBOSE=1 also lists each
// kind's JS functions with the most instructions.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const OPS = Number(process.env.BENCH_OPS ?? 50_000);
const KEYS = 1000;
type Kind = 'plain' | 'limited';

/** Runs under valgrind: seeds both kinds of keys, warms both paths, then verifies OPS keys of one kind with counting on. */
async function child(kind: Kind): Promise<void> {
  const { startServer } = await import(process.env.BENCH_DIST ? pathToFileURL(join(resolve(process.env.BENCH_DIST), 'server.js')).href : '../dist/server.js');
  const { ADMIN } = await import('./seed.js');
  const { twoTeams } = await import('./named-limits.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'keywarden-bench-'));
  const server = await startServer({
    PORT: '0', HOST: '127.0.0.1', KEYWARDEN_DATA_DIR: dataDir, LOG_LEVEL: 'warn', KEYWARDEN_VERIFY_IP_FAILURES: '0',
    KEYWARDEN_SECRET: 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz', KEYWARDEN_WEB_DIR: join(dataDir, 'none'),
    KEYWARDEN_ADMIN_EMAIL: ADMIN.email, KEYWARDEN_ADMIN_PASSWORD: ADMIN.password,
  }, {});
  // Case 7's two teams, both kinds warmed: there one process verifies both.
  const { plain, limited } = await twoTeams(server, KEYS);
  for (let r = 0; r < 2; r++) for (const k of [...plain, ...limited]) await server.verifier.verify(k, {}, '127.0.0.1');
  // Each verification gets a fresh string, as a request brings it (loops.ts).
  const list = kind === 'plain' ? plain : limited;
  const bytes = Buffer.from(list.join(''), 'latin1');
  const starts = new Int32Array(KEYS + 1);
  for (let i = 0; i < KEYS; i++) starts[i + 1] = starts[i] + list[i].length;
  const request = {};
  const run = () => {
    for (let i = 0; i < OPS; i++) {
      const answer = server.verifier.verify(bytes.toString('latin1', starts[i % KEYS], starts[i % KEYS + 1]), request, '127.0.0.1');
      if (answer instanceof Promise || !answer.valid) throw new Error('a cached key did not verify from memory');
    }
  };
  run();
  execFileSync('callgrind_control', ['--instr=on', String(process.pid)], { stdio: 'ignore' });
  run();
  execFileSync('callgrind_control', ['--instr=off', String(process.pid)], { stdio: 'ignore' });
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

// The optimizing compiler's and the parser's own functions: work done once, not per verification.
const COMPILING = /compiler::|Zone|Scheduler|Maglev|maglev|[Tt]urboshaft|RegisterAllocator|LiveRange|Instruction|Bytecode|Parser|Scanner|AstNode|Compile|Optimiz|GraphReducer|Typer|Deoptimiz/;

interface Count { total: number; byFunction: Map<string, number> }

/** Counts one kind: instructions per verification, in all and per function (JS functions named from the perf map). */
function count(kind: Kind, dir: string): Count {
  const out = join(dir, `callgrind.${kind}`);
  const run = spawnSync('valgrind', ['--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${out}`,
    process.execPath, '--single-threaded', '--perf-basic-prof',
    // The perf map is the one wanted; V8's code log (which the map's flag turns on) goes to the scratch directory.
    '--no-logfile-per-isolate', `--logfile=${join(dir, `v8.${kind}.log`)}`, '--import', 'tsx', 'instructions.ts', 'child', kind], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (run.status !== 0) throw new Error(`valgrind (${kind}) failed: ${run.stderr.slice(-2000)}`);
  const pid = /^pid: (\d+)/m.exec(readFileSync(out, 'utf8'))![1];
  const perfMap = `/tmp/perf-${pid}.map`;
  const code = readFileSync(perfMap, 'utf8').split('\n').filter(Boolean).map((line) => {
    const [start, size, ...name] = line.split(' ');
    return { start: parseInt(start, 16), end: parseInt(start, 16) + parseInt(size, 16), name: name.join(' ').replace(/file:\/\/\/\S*\/([^/\s]+\/[^/\s]+)$/, '$1') };
  }).sort((a, b) => a.start - b.start);
  rmSync(perfMap, { force: true });
  const nameOf = (address: number) => {
    let lo = 0, hi = code.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (code[mid].start <= address) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found >= 0 && address < code[found].end ? code[found].name : 'JIT code, unnamed';
  };
  const annotated = execFileSync('callgrind_annotate', ['--threshold=100', out], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const line of annotated.split('\n')) {
    const m = /^\s*([\d,]+)\s+\([^)]*\)\s+(.*)$/.exec(line);
    if (m === null || m[2].startsWith('PROGRAM') || COMPILING.test(m[2])) continue;
    const n = Number(m[1].replace(/,/g, '')) / OPS;
    const jit = /^\?\?\?:0x([0-9a-f]+) \[\?\?\?\]/.exec(m[2]);
    const name = jit !== null ? nameOf(parseInt(jit[1], 16)) : m[2].replace(/^\?\?\?:/, '').replace(/ \[.*\]$/, '');
    byFunction.set(name, (byFunction.get(name) ?? 0) + n);
    total += n;
  }
  return { total, byFunction };
}

async function main(): Promise<void> {
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    console.log('valgrind is not installed: no instruction counts (Debian: apt-get install valgrind).');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'keywarden-instructions-'));
  try {
    const plain = count('plain', dir);
    const limited = count('limited', dir);
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(`\nInstructions per in-process verification (callgrind, ${fmt(OPS)} verifications each, compilation left out)\n`);
    console.log(`| key | instructions | ratio |\n| --- | --- | --- |`);
    console.log(`| without named limits | ${fmt(plain.total)} | 100 % |`);
    console.log(`| under the plan (two named limits) | ${fmt(limited.total)} | ${(100 * limited.total / plain.total).toFixed(1)} % |`);
    const names = new Set([...plain.byFunction.keys(), ...limited.byFunction.keys()]);
    const differences = [...names].map((name) => ({ name, d: (limited.byFunction.get(name) ?? 0) - (plain.byFunction.get(name) ?? 0) }))
      .filter((x) => Math.abs(x.d) >= 10).sort((a, b) => Math.abs(b.d) - Math.abs(a.d)).slice(0, 15);
    console.log(`\nWhere the plan's ${fmt(limited.total - plain.total)} more are (functions differing by 10 or more; * optimized JS, ^ baseline):\n`);
    console.log(`| function | more per verification |\n| --- | --- |`);
    for (const { name, d } of differences) console.log(`| ${name.replace(/\|/g, '\\|')} | ${fmt(d)} |`);
    if (process.env.BENCH_VERBOSE) {
      for (const [kind, c] of [['without named limits', plain], ['under the plan', limited]] as const) {
        console.log(`\nJS functions ${kind} (20 with the most instructions):\n`);
        for (const [name, n] of [...c.byFunction].filter(([name]) => name.startsWith('JS:')).sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${fmt(n).padStart(6)}  ${name}`);
      }
    }
    console.log(`\nUnder valgrind OpenSSL does not see the CPU's SHA instructions and hashes with its AVX2 code, so the key's HMAC weighs more here than on the machine itself: read the differences, not the ratio.`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'child') await child(process.argv[3] as Kind);
else await main();
