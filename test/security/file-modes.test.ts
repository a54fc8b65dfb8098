// Keywarden's files are not readable by other local users (DESIGN "Key format"): the data directory
// 0700; the SQLite database, its -wal/-shm/-journal files, the secret file and backups 0600; looser
// modes found on start are tightened, each with a warning in the log that names the path. Real
// files, real modes: on a fresh start, after an upgrade from 0755/0644, and for `keywarden backup`.
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logCollector } from '../helpers/log-lines.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN, startTestServer } from '../helpers/server.js';
import { TEST_SECRET } from '../helpers/services.js';
import { startServer } from '../../src/server.js';
import { backup } from '../../src/cli/database.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;
const roots: string[] = [];

function newRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'keywarden-modes-'));
  roots.push(root);
  return root;
}

function serverEnv(dataDir: string, extra: Record<string, string> = {}) {
  return {
    PORT: '0', HOST: '127.0.0.1', KEYWARDEN_DATA_DIR: dataDir, KEYWARDEN_SECRET: TEST_SECRET, LOG_LEVEL: 'warn',
    KEYWARDEN_ADMIN_EMAIL: ADMIN.email, KEYWARDEN_ADMIN_PASSWORD: ADMIN.password, KEYWARDEN_WEB_DIR: join(dataDir, 'no-web'), ...extra,
  };
}


afterEach(() => {
  vi.restoreAllMocks();
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('file modes', () => {
  it('creates the data directory 0700 and the database, its WAL files and the secret file 0600', async () => {
    const dataDir = join(newRoot(), 'data'); // missing: the server creates it
    // No KEYWARDEN_SECRET: the server makes its secret file in the data directory.
    const server = await startTestServer('sqlite', { KEYWARDEN_SECRET: '' }, { dataDir });
    try {
      await server.api.login(ADMIN.email, ADMIN.password); // a write: the session
      const db = join(dataDir, 'keywarden.db');
      expect(modeOf(dataDir)).toBe(0o700);
      for (const file of [db, `${db}-wal`, `${db}-shm`, join(dataDir, 'secret')]) expect(modeOf(file), file).toBe(0o600);
    } finally {
      await server.close();
    }
  });

  it('tightens a 0755 data directory and 0644 files left by an older version, and says so in the log', async () => {
    const dataDir = join(newRoot(), 'data');
    const first = await startTestServer('sqlite', {}, { dataDir });
    await first.close();
    const db = join(dataDir, 'keywarden.db');
    chmodSync(dataDir, 0o755);
    chmodSync(db, 0o644);
    for (const side of ['-wal', '-shm', '-journal']) writeFileSync(db + side, '', { mode: 0o644 });
    for (const side of ['-wal', '-shm', '-journal']) chmodSync(db + side, 0o644);
    const secretFile = join(dataDir, 'secret');
    writeFileSync(secretFile, 'not-the-secret-in-use\n', { mode: 0o644 });
    chmodSync(secretFile, 0o644);

    const log = logCollector();
    const server = await startServer(serverEnv(dataDir), { logStream: log.stream });
    try {
      expect(modeOf(dataDir)).toBe(0o700);
      for (const file of [db, `${db}-wal`, `${db}-shm`, `${db}-journal`, secretFile]) {
        expect(modeOf(file), file).toBe(0o600);
        const warning = log.lines.map((l) => JSON.parse(l)).find((entry) => entry.path === file);
        expect(warning, file).toMatchObject({ level: 40, from: '0644', to: '0600' });
        expect(warning.msg).toContain(file);
      }
      expect(log.lines.find((l) => JSON.parse(l).path === dataDir)).toContain('"from":"0755"');
      expect(log.lines.join('\n')).not.toContain(TEST_SECRET);
      expect(log.lines.join('\n')).not.toContain('not-the-secret-in-use');
      // Still a working database: the session write goes through.
      const res = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN });
      expect(res.statusCode).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('writes `keywarden backup FILE` as 0600', async () => {
    const root = newRoot();
    const dataDir = join(root, 'data');
    const server = await startTestServer('sqlite', {}, { dataDir });
    try {
      const configFile = join(root, 'keywarden.env');
      writeFileSync(configFile, `KEYWARDEN_DATA_DIR=${dataDir}\nKEYWARDEN_SECRET=${TEST_SECRET}\n`);
      vi.spyOn(console, 'log').mockImplementation(() => {});
      const target = join(root, 'copy.db');
      await backup(target, { config: configFile });
      expect(modeOf(target)).toBe(0o600);
      expect(statSync(target).size).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });

  /** A server on its own data directory, and the config file `keywarden backup` reads; `root` holds both. */
  async function withBackupSetup(test: (root: string, configFile: string) => Promise<void>) {
    const root = newRoot();
    const dataDir = join(root, 'data');
    mkdirSync(dataDir);
    const server = await startTestServer('sqlite', {}, { dataDir });
    try {
      const configFile = join(root, 'keywarden.env');
      writeFileSync(configFile, `KEYWARDEN_DATA_DIR=${dataDir}\n`);
      await test(root, configFile);
    } finally {
      await server.close();
    }
  }

  it('refuses to write a backup over an existing file', () => withBackupSetup(async (root, configFile) => {
    const target = join(root, 'exists.db');
    closeSync(openSync(target, 'w', 0o644));
    await expect(backup(target, { config: configFile })).rejects.toThrow(/exists already/);
    expect(statSync(target).size).toBe(0);
  }));

  it('refuses to write a backup through a link planted at its path, leaving the link\'s target uncreated', () => withBackupSetup(async (root, configFile) => {
    const target = join(root, 'planted.db');
    const elsewhere = join(root, 'attacker-copy.db');
    symlinkSync(elsewhere, target); // dangling: existsSync says the path is free
    await expect(backup(target, { config: configFile })).rejects.toThrow(/exists already/);
    expect(existsSync(elsewhere)).toBe(false);
  }));
});
