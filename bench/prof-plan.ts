import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../src/server.js';
import { ADMIN, insertKeys, secretFor, settle, setUpTeam } from './seed.js';
import { verifyLoop } from './loops.js';
import { applyPlan } from './named-limits.js';
const dataDir = mkdtempSync(join(tmpdir(), 'kwp-'));
const server = await startServer({ PORT: '0', HOST: '127.0.0.1', KEYWARDEN_DATA_DIR: dataDir, LOG_LEVEL: 'warn', KEYWARDEN_VERIFY_IP_FAILURES: '0',
  KEYWARDEN_SECRET: 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz', KEYWARDEN_WEB_DIR: join(dataDir, 'none'),
  KEYWARDEN_ADMIN_EMAIL: ADMIN.email, KEYWARDEN_ADMIN_PASSWORD: ADMIN.password });
const b = await setUpTeam(server, 'B');
await applyPlan(server, b);
await insertKeys(server, b, 0, 1000);
await settle();
const plan = Array.from({ length: 1000 }, (_, i) => secretFor(i));
for (const k of plan) await server.verifier.verify(k, {}, '127.0.0.1');
for (let r = 0; r < 6; r++) await verifyLoop(server.verifier, plan, 1000);
await server.close();
