// SQLite's planner statistics are not refreshed when the store opens (after a table grew, that
// read all of it before the node could listen: seconds at a million keys) but once the node serves,
// in a process of its own (src/store/dialect/sqlite-statistics.ts), and the store's own connection
// then plans with them.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const dirs: string[] = [];
const stores: Store[] = [];
const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The tables PRAGMA optimize would analyze now (its 0x1 bit lists them without running anything), from a connection of its own. */
function pending(file: string): string[] {
  const db = new Database(file);
  try {
    return (db.pragma('optimize = 0x10003') as { optimize: string }[]).map((r) => /"main"\."(.+)"$/.exec(r.optimize)![1]);
  } finally {
    db.close();
  }
}

/** A migrated file none of whose tables has statistics yet. */
async function migratedFile(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'keywarden-stats-'));
  dirs.push(dir);
  const file = join(dir, 'keywarden.db');
  const store = await openStore({ url: `sqlite:${file}` });
  await store.migrate();
  await store.close();
  return file;
}

const open = async (file: string) => {
  const store = await openStore({ url: `sqlite:${file}` });
  stores.push(store);
  return store;
};

const statisticsSeen = async (store: Store) =>
  (await sql<{ tbl: string }>`select tbl from sqlite_stat1`.execute(store.db)).rows.map((r) => r.tbl);

describe('SQLite planner statistics', () => {
  it('are not refreshed when the store opens, but by afterStart, and the store\'s connection reads them', async () => {
    const file = await migratedFile();
    const before = pending(file);
    expect(before).toEqual(expect.arrayContaining(['kysely_migration', 'meta']));
    const store = await open(file);
    expect(pending(file)).toEqual(before);
    await store.afterStart();
    expect(pending(file)).not.toContain('kysely_migration');
    expect(pending(file)).not.toContain('meta');
    expect(await statisticsSeen(store)).toEqual(expect.arrayContaining(['kysely_migration', 'meta']));
  });

  it('stops a refresh under way when the store closes, and closes its connection', async () => {
    const file = await migratedFile();
    const store = await openStore({ url: `sqlite:${file}` });
    const refreshing = store.afterStart();
    await store.close();
    await refreshing;
    // Nothing holds the file: a write from another connection does not wait.
    const db = new Database(file);
    db.pragma('busy_timeout = 0');
    db.exec('begin immediate; rollback');
    db.close();
  });

  it('are refreshed by a node once it serves and its key table is loaded (RunningServer.afterStart)', async () => {
    const node = await startTestServer('sqlite');
    servers.push(node);
    const file = join(node.dataDir, 'keywarden.db');
    await node.verifier.preloaded;
    await node.afterStart;
    expect(pending(file)).not.toContain('meta');
  });

  it('hands an hourly refresh that failed to the store\'s background error sink', async () => {
    const file = await migratedFile();
    // Only the hourly interval is faked: the refresh's own process and the database stay real.
    vi.useFakeTimers({ toFake: ['setInterval'] });
    let failed: Promise<[unknown, string]>;
    try {
      const store = await openStore({ url: `sqlite:${file}` });
      stores.push(store);
      failed = new Promise((resolve) => { store.onBackgroundError = (err, what) => resolve([err, what]); });
      // The database is gone: the refresh must not make an empty one, and says so.
      rmSync(file);
      vi.advanceTimersByTime(3_600_000);
    } finally {
      vi.useRealTimers();
    }
    const [err, what] = await failed;
    expect(what).toBe('statistics refresh');
    expect(String((err as Error).message)).toMatch(/does not exist|unable to open/i);
    expect(existsSync(file)).toBe(false);
  });
});
