// Commands that open the database directly: migrate, backup, audit verify.
import { closeSync, existsSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig, readEnvironment } from '../config.js';
import { openStore } from '../store/store.js';
import { PRIVATE_FILE, securePaths, tighten } from '../file-modes.js';

function configFrom(options: { config?: string }) {
  return loadConfig(readEnvironment(process.env, options.config));
}

export async function migrate(options: { config?: string }): Promise<void> {
  const config = configFrom(options);
  for (const t of securePaths(config)) console.warn(`Tightened the permissions of ${t.path} from ${t.from} to ${t.to}: other local users could read it.`);
  const store = await openStore({ url: config.databaseUrl });
  try {
    const applied = await store.migrate();
    console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'The database is up to date.');
    const { revokeImpersonatingKeys } = await import('../services/impersonation.js');
    const revoked = await revokeImpersonatingKeys(store, new Date());
    if (revoked > 0) console.log(`Revoked ${revoked} management key(s) created in another member's name (reason "impersonation").`);
  } finally {
    await store.close();
  }
}

/** An online, consistent copy of the SQLite database (SQLite's backup API), safe while the server runs. */
export async function backup(file: string, options: { config?: string }): Promise<void> {
  const config = configFrom(options);
  if (!config.databaseUrl.startsWith('sqlite:')) {
    console.error('keywarden backup copies the embedded SQLite database only. On PostgreSQL use pg_dump, e.g.:\n  pg_dump --format=custom --file=keywarden.dump "$DATABASE_URL"');
    process.exitCode = 2;
    return;
  }
  const source = config.databaseUrl.slice('sqlite:'.length);
  if (!existsSync(source)) throw new Error(`No database at ${source}`);
  const target = resolve(file);
  // Created here, exclusively and 0600, before SQLite writes a page into it (the copy's own journal
  // then takes that mode too): never an existing file, nor a link another local user planted there.
  try {
    closeSync(openSync(target, 'wx', PRIVATE_FILE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${target} exists already; choose a new file`);
    throw err;
  }
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
  tighten(target, PRIVATE_FILE);
  console.log(`Backup written to ${target}.`);
  console.log('Keep the server secret with it (KEYWARDEN_SECRET or the data directory\'s "secret" file): without it no key in the backup verifies.');
}

export async function auditVerify(options: { config?: string }): Promise<void> {
  const config = configFrom(options);
  const store = await openStore({ url: config.databaseUrl });
  try {
    const { verifyChains, formatReport } = await import('../audit/verify-chain.js');
    const report = await verifyChains(store);
    console.log(formatReport(report));
    if (report.problems.length > 0) process.exitCode = 1;
  } finally {
    await store.close();
  }
}
