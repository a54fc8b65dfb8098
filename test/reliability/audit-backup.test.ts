// `keywarden audit verify` names a tampered event (exit 1) and passes an untouched log (exit 0);
// `keywarden backup FILE` copies SQLite online while the server writes, and the copy plus the
// server secret restores into a fresh data directory where old keys verify. On PostgreSQL the
// command refuses and points to pg_dump.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS, TEST_DATABASE_URL } from '../helpers/services.js';
import {
  adminTenant, HttpClient, newChildStore, openChildStore, removeBundle, runCommand, startChild, type ChildServer, type ChildStore,
} from './child.js';

describe('audit verify and backup commands', () => {
  const stores: ChildStore[] = [];
  const children: ChildServer[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const c of children) if (c.process.exitCode === null) c.process.kill('SIGKILL');
    for (const s of stores) await s.dispose();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    removeBundle();
  });

  async function serverWithKeys(store: ChildStore) {
    const child = await startChild(store);
    children.push(child);
    const client = new HttpClient(child.url);
    const tid = await adminTenant(client);
    const key = await client.call('POST', `/tenants/${tid}/keys`, { body: { name: 'before' } });
    expect(key.status).toBe(201);
    return { child, client, tid, key: key.body as { key: { id: string }; secret: string } };
  }

  it.concurrent.each(DIALECTS)('reports an edited event with exit code 1 and its id, and an intact log with 0, on %s', async (dialect) => {
    const store = await newChildStore(dialect);
    stores.push(store);
    const { child, key } = await serverWithKeys(store);
    child.process.kill('SIGTERM');
    expect((await child.exited).code).toBe(0);

    const intact = await runCommand(store, ['audit', 'verify']);
    expect(intact.code, intact.stdout + intact.stderr).toBe(0);

    // Someone with database access rewrites history: the key was never created by that actor.
    const db = await openChildStore(store);
    const event = await db.db.selectFrom('events').select(['id', 'details']).where('type', '=', 'key.created').where('key_id', '=', key.key.id).executeTakeFirstOrThrow();
    await db.db.updateTable('events').set({ details: JSON.stringify({ ...JSON.parse(event.details), name: 'innocent' }) }).where('id', '=', event.id).execute();
    await db.close();

    const tampered = await runCommand(store, ['audit', 'verify']);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout + tampered.stderr).toContain(event.id);
  }, 120_000);

  it.concurrent('copies SQLite online while the server writes, and restores with the secret into a fresh data directory', async () => {
    const store = await newChildStore('sqlite'); // no KEYWARDEN_SECRET: the data directory's secret file
    stores.push(store);
    const { child, client, tid, key } = await serverWithKeys(store);

    let writing = true;
    let acknowledged = 0;
    const writer = (async () => {
      while (writing) {
        const res = await client.call('POST', `/tenants/${tid}/keys`, { body: { name: `during ${acknowledged}` } });
        if (res.status === 201) acknowledged++;
        if (res.status === 409) await client.call('DELETE', `/tenants/${tid}/keys?owner=me`);
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    const dir = mkdtempSync(join(tmpdir(), 'keywarden-backup-'));
    dirs.push(dir);
    const file = join(dir, 'copy.db');
    const backup = await runCommand(store, ['backup', file]);
    writing = false;
    await writer;
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/secret/i);
    expect(acknowledged).toBeGreaterThan(0);

    const copy = new Database(file, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();

    // Restore: the copy and the secret file into a fresh data directory.
    const restored = await newChildStore('sqlite');
    stores.push(restored);
    copyFileSync(file, join(restored.dataDir, 'keywarden.db'));
    copyFileSync(join(store.dataDir, 'secret'), join(restored.dataDir, 'secret'));
    const audit = await runCommand(restored, ['audit', 'verify']);
    expect(audit.code, audit.stdout + audit.stderr).toBe(0);
    const second = await startChild(restored);
    children.push(second);
    const verified = await new HttpClient(second.url).call('POST', '/verify', { key: key.secret });
    expect(verified.body).toMatchObject({ valid: true, keyId: key.key.id });
    child.process.kill('SIGKILL');
    second.process.kill('SIGKILL');
    console.log(`[backup] online copy taken during ${acknowledged} acknowledged writes; integrity ok; restored key verifies`);
  }, 120_000);

  it.skipIf(!TEST_DATABASE_URL).concurrent('refuses on PostgreSQL with a non-zero exit that points to pg_dump', async () => {
    const store = await newChildStore('postgres');
    stores.push(store);
    const file = join(store.dataDir, 'copy.db');
    const res = await runCommand(store, ['backup', file]);
    expect(res.code).not.toBe(0);
    expect(res.stdout + res.stderr).toContain('pg_dump');
    expect(existsSync(file)).toBe(false);
  }, 60_000);
});
