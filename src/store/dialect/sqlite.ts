import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, sql } from 'kysely';
import type { Database } from '../schema.js';
import type { Change, DialectAdapter, WriteFailure } from '../store.js';
import { SqliteStatistics } from './sqlite-statistics.js';
import { makePrivateDir, makePrivateFile, PRIVATE_FILE, tighten } from '../../file-modes.js';

/**
 * better-sqlite3 names the extended result code (`SQLITE_CONSTRAINT_UNIQUE`) and SQLite's message
 * the table (`UNIQUE constraint failed: users.email_lc`). BUSY comes from another connection to the
 * same file (a second process, `keywarden migrate` beside a server) holding the write lock past the
 * busy timeout, or from a read snapshot it made stale.
 */
export function classifySqliteError(err: unknown): WriteFailure {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code !== 'string') return null;
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const table = /constraint failed: "?(\w+)"?\./.exec(String(e.message))?.[1];
    return table ? { kind: 'unique', table } : null;
  }
  return e.code.startsWith('SQLITE_BUSY') ? { kind: 'retryable' } : null;
}

/** `onBackgroundError` takes failures of work nobody awaits (the hourly statistics refresh). */
export function createSqliteAdapter(path: string, onBackgroundError: (err: unknown) => void = () => undefined): DialectAdapter {
  if (path !== ':memory:') {
    makePrivateDir(dirname(path));
    // The database file is made 0600 before SQLite opens it, and that also covers the files SQLite
    // makes later (-wal and -shm on the first write, -journal): its unix VFS creates them with the
    // database file's own permissions and fchmods them so when the umask got in the way. That holds
    // for every process that opens the file, unlike a umask around open (process-wide, and SQLite
    // creates those files long after open) or a chmod after the first write (a window, and again
    // after every checkpoint that deletes and recreates them).
    makePrivateFile(path);
  }
  const database = new SQLite(path);
  database.pragma('journal_mode = WAL');
  // A safety net for a SQLite build that would not copy the mode: the WAL files exist by now.
  if (path !== ':memory:') for (const suffix of ['-wal', '-shm']) tighten(path + suffix, PRIVATE_FILE);
  // FULL: an acknowledged write survives a power cut, not only a killed process.
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  // The planner needs statistics to pick the right index (a tenant's few revoked keys among
  // 100,000): refreshed once the node serves (afterStart, not at open: after a table grew that
  // reads all of it) and every hour, for the tables whose size has moved, in a process of their own.
  // An in-memory database has no file another connection could open: it is small, analyzed here.
  const statistics = path === ':memory:' ? null
    // This connection reads the new statistics through Kysely, so after any transaction under way.
    : new SqliteStatistics(path, async () => { await sql`analyze sqlite_schema`.execute(db); });
  let closed = false;
  const optimize = async () => {
    if (closed) return;
    if (statistics) await statistics.refresh();
    else database.pragma('optimize = 0x10002');
  };
  const timer = setInterval(() => void optimize().catch(onBackgroundError), 3_600_000);
  timer.unref();
  const prepared = (query: CompiledQuery, raw: boolean) => {
    const statement = database.prepare(query.sql);
    if (raw) statement.raw(true);
    return (parameters: readonly unknown[]) => {
      // One connection: while a Kysely transaction is open on it (its statements awaited one by
      // one), a read made straight on it would see that transaction's uncommitted rows, which a
      // rollback then takes back. So it queues behind the transaction through Kysely, as any read.
      if (database.inTransaction) {
        return db.executeQuery(CompiledQuery.raw(query.sql, [...parameters]))
          .then((r) => (raw ? r.rows.map((row) => Object.values(row as object)) : r.rows) as never[]);
      }
      try {
        return Promise.resolve(statement.all(...parameters) as never[]);
      } catch (err) {
        return Promise.reject(err);
      }
    };
  };
  return {
    name: 'sqlite',
    db,
    ...(path !== ':memory:' && { file: path }),
    forUpdate: (qb) => qb,
    prepare: (query) => prepared(query, false),
    prepareRaw: (query) => prepared(query, true),
    // BINARY, SQLite's default, compares UTF-8 bytes: that is code-point order already.
    byCodePoints: (column) => sql<string>`${sql.ref(column)}`,
    async announce(trx, changes: readonly Change[]) {
      const at = new Date().toISOString();
      await trx.insertInto('changes')
        .values(changes.map((c) => ({ at, kind: c.kind, tenant_id: c.tenantId, subject_id: c.subjectId, key_hash: c.keyHash ?? null })))
        .execute();
    },
    // One SQLite file serves one node; there is nobody else to hear from.
    async listen() {},
    async ping() {
      await sql`select 1`.execute(db);
    },
    classifyError: classifySqliteError,
    optimize,
    afterStart: optimize,
    async searchKeys(tenantId, text, limit) {
      // Trigrams need three characters; GLOB's own wildcards in the term are left to the scan.
      if ([...text].length < 3 || /[*?[\]]/.test(text)) return null;
      const { rows } = await sql<{ id: string }>`select api_keys.id from api_keys_search
          join api_keys on api_keys.rowid = api_keys_search.rowid
          where api_keys_search.search_lc glob ${`*${text}*`} and api_keys.tenant_id = ${tenantId}
          limit ${limit + 1}`.execute(db);
      return rows.length > limit ? null : rows.map((r) => r.id);
    },
    async close() {
      closed = true;
      clearInterval(timer);
      await statistics?.close();
      await db.destroy();
    },
  };
}
