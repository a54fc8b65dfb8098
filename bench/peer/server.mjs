// The peer: better-auth with @better-auth/api-key on SQLite (same version for both, rate limit off),
// serving POST /api/v1/verify over plain node:http with the key in X-API-Key, as Keywarden's route does.
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { apiKey } from '@better-auth/api-key';

const { keys: count } = JSON.parse(process.argv[2] ?? '{"keys":1000}');
const dir = mkdtempSync(join(tmpdir(), 'keywarden-bench-peer-'));
const database = new Database(join(dir, 'peer.db'));
database.pragma('journal_mode = WAL');
const auth = betterAuth({
  database,
  secret: 'bench-peer-secret-0123456789-abcdefghijklmnop',
  baseURL: 'http://127.0.0.1',
  emailAndPassword: { enabled: true },
  rateLimit: { enabled: false },
  plugins: [apiKey({ rateLimit: { enabled: false } })],
  telemetry: { enabled: false },
});
const { runMigrations } = await getMigrations(auth.options);
await runMigrations();
const { user } = await auth.api.signUpEmail({ body: { email: 'peer@example.test', password: 'peer-password-1', name: 'Peer' } });
const keys = [];
for (let i = 0; i < count; i++) keys.push((await auth.api.createApiKey({ body: { userId: user.id, name: `k${i}` } })).key);
const check = await auth.api.verifyApiKey({ body: { key: keys[0] } });
if (!check.valid) throw new Error(`peer key does not verify: ${JSON.stringify(check.error)}`);

const server = createServer((req, res) => {
  req.resume();
  req.on('end', async () => {
    try {
      const result = await auth.api.verifyApiKey({ body: { key: String(req.headers['x-api-key'] ?? '') } });
      const body = JSON.stringify(result.valid ? { valid: true, keyId: result.key.id, ownerId: result.key.referenceId ?? result.key.userId, name: result.key.name } : { valid: false, code: result.error?.code });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
});
server.listen(0, '127.0.0.1', () => process.send({ url: `http://127.0.0.1:${server.address().port}`, keys }));
process.on('message', (m) => {
  if (m === 'stop') server.close(() => process.exit(0));
});
