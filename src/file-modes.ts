// Keywarden's files are for the user who runs it alone (DESIGN "Key format"): the data directory
// 0700; the SQLite database, its journal files, backups and the secret file 0600. Looser modes found
// on start are tightened, and the caller logs each one with its path.
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.js';
import { SECRET_FILE } from './secret.js';

export const PRIVATE_DIR = 0o700;
export const PRIVATE_FILE = 0o600;
/** The files SQLite keeps beside a database (WAL mode, and a rollback journal when it falls back). */
export const SQLITE_SIDE_FILES = ['-wal', '-shm', '-journal'] as const;

export interface Tightened {
  path: string;
  /** Modes as octal text, as `ls -l` readers know them: "0644" → "0600". */
  from: string;
  to: string;
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8).padStart(3, '0')}`;

function modeOf(path: string): number | null {
  try {
    return statSync(path).mode & 0o777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Sets `mode` when the path exists with any permission beyond it; answers what it changed. */
export function tighten(path: string, mode: number): Tightened | null {
  const current = modeOf(path);
  if (current === null || (current & ~mode) === 0) return null;
  chmodSync(path, mode);
  return { path, from: octal(current), to: octal(mode) };
}

/** Creates the directory (and missing parents) as 0700. An existing one is left to `tighten`. */
export function makePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR });
}

/**
 * Creates `path` as an empty 0600 file when it is missing. The chmod after creation makes the mode
 * independent of the process umask (which could only narrow it, but says nothing of a later chmod).
 */
export function makePrivateFile(path: string): void {
  try {
    closeSync(openSync(path, 'wx', PRIVATE_FILE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw err;
  }
  chmodSync(path, PRIVATE_FILE);
}

/** The SQLite file of a `sqlite:PATH` database URL; null for PostgreSQL or an in-memory database. */
export function sqlitePathOf(databaseUrl: string): string | null {
  if (!databaseUrl.startsWith('sqlite:')) return null;
  const path = databaseUrl.slice('sqlite:'.length);
  return path === ':memory:' ? null : path;
}

/**
 * Before the store opens: creates the data directory as 0700 and tightens it, the secret file, and
 * the SQLite database and its side files when they exist with looser modes (older versions made
 * them with the umask's 0755 and 0644). Answers what it changed, for the log.
 */
export function securePaths(config: Pick<Config, 'dataDir' | 'databaseUrl'>): Tightened[] {
  makePrivateDir(config.dataDir);
  const files = [join(config.dataDir, SECRET_FILE)];
  const database = sqlitePathOf(config.databaseUrl);
  if (database) files.push(database, ...SQLITE_SIDE_FILES.map((suffix) => database + suffix));
  return [tighten(config.dataDir, PRIVATE_DIR), ...files.map((f) => tighten(f, PRIVATE_FILE))]
    .filter((t): t is Tightened => t !== null);
}
