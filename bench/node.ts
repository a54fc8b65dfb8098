// One Keywarden node as its own process, so the load generator does not share its core:
// started with the given environment, seeded with `keys` keys, its cache warmed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../dist/server.js';
import { ADMIN, insertKeys, secretFor, settle, setUpTeam } from './seed.js';
import { answerConstant } from './constant.js';

// `seed: false` joins a database another node seeded (the three-node case): it only warms its cache.
// `constant: true` answers every request with raw.ts's constant instead (the process's ceiling, case 2).
const { env, keys, pgSchema, plan, seed = true, constant = false } = JSON.parse(process.argv[2]) as {
  env: Record<string, string>; keys: number; pgSchema?: string; plan?: unknown[]; seed?: boolean; constant?: boolean;
};
const dataDir = mkdtempSync(join(tmpdir(), 'keywarden-bench-'));
const server = await startServer({
  PORT: '0', HOST: '127.0.0.1', KEYWARDEN_DATA_DIR: dataDir, LOG_LEVEL: 'warn', KEYWARDEN_VERIFY_IP_FAILURES: '0',
  KEYWARDEN_SECRET: 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz', KEYWARDEN_WEB_DIR: join(dataDir, 'none'),
  KEYWARDEN_ADMIN_EMAIL: ADMIN.email, KEYWARDEN_ADMIN_PASSWORD: ADMIN.password, ...env,
}, { pgSchema });
const team = seed ? await setUpTeam(server) : null;
// A tenant plan of named limits (bench/named-limits.ts), applied to every verification.
if (team && plan) await server.app.inject({ method: 'PATCH', url: `/api/v1/tenants/${team.tid}/settings`, headers: { cookie: team.adminCookie }, payload: { limits: plan } });
if (team) await insertKeys(server, team, 0, keys);
await settle();
for (let i = 0; i < keys; i++) await server.verifier.verify(secretFor(i), { dryRun: true }, '127.0.0.1');
if (plan) await server.verifier.verify(secretFor(0), {}, '127.0.0.1'); // the plan's balances, read once
if (constant) {
  server.app.server.removeAllListeners('request');
  server.app.server.on('request', answerConstant);
}
process.send!({ url: server.url, team });
process.on('message', async (m: any) => {
  if (m === 'stats') {
    const u = server.verifier.usage;
    process.send!({ stats: { verifications: server.verifier.counts.VALID ?? 0, transactions: u.flushTransactions, statements: u.flushStatements } });
  } else if (m === 'stop') {
    await server.close();
    process.exit(0);
  }
});
