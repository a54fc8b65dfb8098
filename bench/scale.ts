// One process holding `keys` cached keys (run with --expose-gc): reports resident memory after
// garbage collection, and on request runs the in-process verify loop over keys spread across the set.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../dist/server.js';
import { ADMIN, insertKeys, secretFor, settle, setUpTeam } from './seed.js';
import { verifyLoop } from './loops.js';

const { keys } = JSON.parse(process.argv[2]) as { keys: number };
const dataDir = mkdtempSync(join(tmpdir(), 'keywarden-bench-'));
const env = {
  PORT: '0', HOST: '127.0.0.1', KEYWARDEN_DATA_DIR: dataDir, LOG_LEVEL: 'warn', KEYWARDEN_VERIFY_IP_FAILURES: '0',
  KEYWARDEN_SECRET: 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz', KEYWARDEN_WEB_DIR: join(dataDir, 'none'),
  KEYWARDEN_ADMIN_EMAIL: ADMIN.email, KEYWARDEN_ADMIN_PASSWORD: ADMIN.password,
};
const seeding = await startServer(env, {});
const team = await setUpTeam(seeding);
const started = Date.now();
await insertKeys(seeding, team, 0, keys);
await seeding.close();
const inserted = Date.now();
// Start-up with the keys in the database: listening, then the key table loaded (key-preload.ts).
const t0 = performance.now();
const server = await startServer(env, {});
const listenMs = performance.now() - t0;
const preload = await server.verifier.preloaded;
const preloadMs = performance.now() - t0;
// The statistics refresh the start deferred (a process of its own, scanning the key indexes) is
// left to end first: over a million keys it takes seconds of CPU that would fall in the rounds.
await server.afterStart;
await settle();
// Warm with dry runs (hits by now): the cache fills through the production path and no usage is buffered.
for (let i = 0; i < keys; i++) await server.verifier.verify(secretFor(i), { dryRun: true }, '127.0.0.1');
const warmed = Date.now();
const gc = (globalThis as { gc?: () => void }).gc!;
for (let i = 0; i < 3; i++) gc();
const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
// Anonymous (the process's own) and file-backed (mapped files such as SQLite's) resident memory.
const status = readFileSync('/proc/self/status', 'utf8');
const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) * 1024;
const rssAnon = kib('RssAnon');
const rssFile = kib('RssFile');
// Two loads, made after measuring: `spread`, 100,000 keys across the whole set (or all when fewer),
// and `hot`, 1,000 keys across the whole set: the same number in use as in the 1,000-key process.
const pick = (n: number) => Array.from({ length: Math.min(keys, n) }, (_, i) => secretFor(Math.floor((i * keys) / Math.min(keys, n))));
const samples = { spread: pick(100_000), hot: pick(1000) };
process.send!({ url: server.url, rss, rssAnon, rssFile, heapUsed, heapTotal, external, arrayBuffers, cached: server.verifier.caches.keys.size, insertMs: inserted - started, warmMs: warmed - inserted,
  listenMs, preloadMs, preloaded: preload?.keys ?? 0 });
process.on('message', async (m: any) => {
  if (m?.run) process.send!({ opsPerSec: await verifyLoop(server.verifier, samples[m.sample as 'spread' | 'hot'], m.run, m.dryRun) });
  else if (m === 'stop') {
    await server.close();
    process.exit(0);
  }
});
