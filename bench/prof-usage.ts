import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../src/server.js';
import { SqliteUsageWriter } from '../src/verify/sqlite-usage-worker.js';
import { ADMIN, insertKeys, setUpTeam } from './seed.js';
const dataDir = mkdtempSync(join(tmpdir(), 'kwu-'));
const env = { PORT: '0', HOST: '127.0.0.1', KEYWARDEN_DATA_DIR: dataDir, LOG_LEVEL: 'warn', KEYWARDEN_SECRET: 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz', KEYWARDEN_WEB_DIR: join(dataDir, 'none'), KEYWARDEN_ADMIN_EMAIL: ADMIN.email, KEYWARDEN_ADMIN_PASSWORD: ADMIN.password };
const s = await startServer(env, {});
const team = await setUpTeam(s);
await insertKeys(s, team, 0, 100_000);
const file = (s.ctx.store as any).file ?? join(dataDir, 'keywarden.db');
await s.close();
const w = new SqliteUsageWriter(file);
const now = Date.now();
for (let round = 0; round < 3; round++) {
  const t = performance.now();
  for (let b = 0; b < 50; b++) {
    const batch = Array.from({ length: 2000 }, (_, i) => {
      const n = b * 2000 + i;
      return { keyId: `key_bench${String(n).padStart(21, '0')}`, tenantId: team.tid, ownerId: team.devId, valid: 1, lastUsedMs: now + round, hourMs: now - (now % 3600000), hourValid: 1, hourFailed: 0, hourPeak: 1, minuteMs: 0, minuteValid: 1, hourSpent: null, earlier: null };
    });
    await w.write(batch);
  }
  console.log(process.env.SYNC ?? 'FULL', 'round', round, Math.round(performance.now() - t), 'ms for 100,000 keys');
}
await w.close();
