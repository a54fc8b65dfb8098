import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../src/server.js';
import { ADMIN, insertKeys, secretFor, settle, setUpTeam } from './seed.js';
import { verifyLoop } from './loops.js';
import { applyPlan } from './named-limits.js';
const rounds = Number(process.argv[2] ?? 5);
const dataDir = mkdtempSync(join(tmpdir(), 'kwp-'));
const server = await startServer({ PORT: '0', HOST: '127.0.0.1', KEYWARDEN_DATA_DIR: dataDir, LOG_LEVEL: 'warn', KEYWARDEN_VERIFY_IP_FAILURES: '0',
  KEYWARDEN_SECRET: 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz', KEYWARDEN_WEB_DIR: join(dataDir, 'none'),
  KEYWARDEN_ADMIN_EMAIL: ADMIN.email, KEYWARDEN_ADMIN_PASSWORD: ADMIN.password });
const a = await setUpTeam(server, 'A');
const b = await setUpTeam(server, 'B');
if (process.env.CONTROL) {
  const res = await server.app.inject({ method: 'PATCH', url: `/api/v1/tenants/${b.tid}/settings`, headers: { cookie: b.adminCookie }, payload: { limits: [{ name: 'calls', kind: 'rate', per: 'tenant', limit: 1000000000, durationMs: 60000, autoApply: false }] } });
  if (res.statusCode !== 200) throw new Error(res.body);
} else await applyPlan(server, b);
await insertKeys(server, a, 0, 1000);
await insertKeys(server, b, 1000, 2000);
await settle();
const plain = Array.from({ length: 1000 }, (_, i) => secretFor(i));
const plan = Array.from({ length: 1000 }, (_, i) => secretFor(1000 + i));
for (const k of [...plain, ...plan]) await server.verifier.verify(k, {}, '127.0.0.1');
const med = (xs: number[]) => xs.sort((x, y) => x - y)[xs.length >> 1];
const p: number[] = [], q: number[] = [];
const ratios: number[] = [];
for (let r = 0; r < rounds; r++) { let a = 0, b = 0; if (r % 2 === 0) { a = await verifyLoop(server.verifier, plain, 1000); b = await verifyLoop(server.verifier, plan, 1000); } else { b = await verifyLoop(server.verifier, plan, 1000); a = await verifyLoop(server.verifier, plain, 1000); } p.push(a); q.push(b); ratios.push(b / a); }
console.log(process.env.ABL ?? '', 'plain', Math.round(med(p)), 'plan', Math.round(med(q)), 'pair-ratio median', med(ratios).toFixed(3), 'range', Math.min(...ratios).toFixed(2), Math.max(...ratios).toFixed(2));
await server.close();
