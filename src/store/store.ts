// The store: one Kysely instance over SQLite or PostgreSQL, migrations, and the few places where
// the two databases differ (row locks, the change feed), each delegated to dialect/*.
import { EventEmitter } from 'node:events';
import { CompiledQuery, Kysely, Migrator, type Migration, type RawBuilder, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import * as m001 from './migrations/001-initial.js';
import * as m002 from './migrations/002-webhooks.js';
import * as m003 from './migrations/003-verify-failures.js';
import * as m004 from './migrations/004-key-list-indexes.js';
import * as m005 from './migrations/005-key-search.js';
import * as m006 from './migrations/006-webhook-destinations.js';
import * as m007 from './migrations/007-session-idle.js';
import * as m010 from './migrations/010-event-order.js';
import { WRITE_RETRIES, withRetries } from './retry.js';
import * as m011 from './migrations/011-code-point-order.js';
import * as m009 from './migrations/009-credit-balances.js';
import * as m014 from './migrations/014-key-restrictions.js';
import * as m015 from './migrations/015-tenant-policies.js';
import * as m016 from './migrations/016-leak-reports.js';
import * as m017 from './migrations/017-imported-keys.js';
import * as m013 from './migrations/013-usage-metering.js';
import * as m012 from './migrations/012-named-limits.js';

export type DialectName = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

export interface Change {
  kind: 'key' | 'tenant' | 'member' | 'user' | 'resource';
  tenantId: string | null;
  subjectId: string | null;
  /** For key changes: the key's hash, so caches keyed by hash drop it without a lookup. */
  keyHash?: string | null;
}

/**
 * What a database error means to a write: a unique index refused a row of `table`, or the
 * transaction lost a race with another (a deadlock, a serialization failure, a busy database) and
 * may simply run again. Null for anything else.
 */
export type WriteFailure = { kind: 'unique'; table: string } | { kind: 'retryable' } | null;

/** What a unique violation on a table means to one write: a catalogue error, or run it again (it then sees the row). */
export type OnUnique = Partial<Record<keyof Database, (() => Error) | 'retry'>>;

export interface WriteOptions {
  onUnique?: OnUnique;
}

export interface DialectAdapter {
  readonly name: DialectName;
  readonly db: Db;
  /** The PostgreSQL schema the store works in; Kysely must keep its migration tables there too. */
  readonly schema?: string;
  /** The SQLite database file (not for `:memory:`), for a second connection such as the usage writer's. */
  readonly file?: string;
  /** The PostgreSQL connection pool's counters, for metrics. */
  readonly pool?: { readonly totalCount: number; readonly idleCount: number; readonly waitingCount: number };
  /**
   * A read compiled once and run many times with other parameters (outside any transaction). SQLite
   * keeps one prepared statement for it: Kysely's driver prepares each query anew, which cost a
   * cache miss more than reading the row did (bench/RESULTS.md, cold misses).
   */
  prepare?<R>(query: CompiledQuery<R>): (parameters: readonly unknown[]) => Promise<R[]>;
  /** The same, each row as an array of its columns in the query's order (no object per row). */
  prepareRaw?(query: CompiledQuery): (parameters: readonly unknown[]) => Promise<unknown[][]>;
  /**
   * Lock the selected rows against other lockers until the transaction ends (PostgreSQL, FOR NO KEY
   * UPDATE: foreign-key checks of inserted child rows pass); SQLite already serializes writers.
   */
  forUpdate<QB extends SelectQueryBuilder<Database, any, any>>(qb: QB): QB;
  /**
   * A text column compared by Unicode code points, for ordering and keyset paging by a name
   * (DESIGN: the same order on both databases, whatever the database's locale).
   */
  byCodePoints(column: string): RawBuilder<string>;
  /** Announce changes to other nodes; called inside the transaction so they leave only on commit. */
  announce(trx: Trx, changes: readonly Change[]): Promise<void>;
  /** Start listening for other nodes' changes. */
  listen(onChange: (change: Change) => void): Promise<void>;
  ping(): Promise<void>;
  /** Reads this database's error codes, so that nothing above the dialect needs to know them. */
  classifyError(err: unknown): WriteFailure;
  /**
   * The ids of a tenant's keys whose search text contains `text` (lower-cased), from a text index;
   * null when there is none, the term is too short for it, or more than `limit` keys match (a
   * common term is found fast by reading keys in order anyway).
   */
  searchKeys(tenantId: string, text: string, limit: number): Promise<string[] | null>;
  /** Refresh the query planner's statistics now (SQLite also does it hourly, PostgreSQL's autovacuum on its own). */
  optimize(): Promise<void>;
  /** Work deferred from opening until the node serves (SQLite: the statistics refresh opening used to run). */
  afterStart?(): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS: Record<string, { up: typeof m001.up }> = { '001-initial': m001, '002-webhooks': m002, '003-verify-failures': m003,
  '004-key-list-indexes': m004, '005-key-search': m005, '006-webhook-destinations': m006, '007-session-idle': m007,
  '009-credit-balances': m009, '010-event-order': m010, '011-code-point-order': m011,
  '012-named-limits': m012,
  '013-usage-metering': m013,
  '014-key-restrictions': m014,
  '015-tenant-policies': m015,
  '016-leak-reports': m016,
  '017-imported-keys': m017 };

export class Store {
  /** Emits 'change' for every committed change, local or from another node. */
  readonly changes = new EventEmitter();

  /** Where failures of the store's own background work go (the server gives its log); unset, they are dropped. */
  onBackgroundError: ((err: unknown, what: string) => void) | null = null;

  constructor(private readonly adapter: DialectAdapter) {
    this.changes.setMaxListeners(100);
  }

  get db(): Db {
    return this.adapter.db;
  }

  get pool(): DialectAdapter['pool'] {
    return this.adapter.pool;
  }

  get dialect(): DialectName {
    return this.adapter.name;
  }

  /** The SQLite database file; undefined on PostgreSQL and for an in-memory database. */
  get file(): string | undefined {
    return this.adapter.file;
  }

  /** The PostgreSQL schema the store works in; undefined on SQLite. */
  get schema(): string | undefined {
    return this.adapter.schema;
  }

  forUpdate<QB extends SelectQueryBuilder<Database, any, any>>(qb: QB): QB {
    return this.adapter.forUpdate(qb);
  }

  /** A read compiled once, to run with other parameters (its own statement on SQLite, see DialectAdapter). */
  prepare<R>(query: CompiledQuery<R>): (parameters: readonly unknown[]) => Promise<R[]> {
    if (this.adapter.prepare) return this.adapter.prepare(query);
    return async (parameters) => (await this.adapter.db.executeQuery(CompiledQuery.raw(query.sql, [...parameters]) as CompiledQuery<R>)).rows;
  }

  /** A read compiled once whose rows come as arrays of their columns in the query's order (bulk reads). */
  prepareRaw(query: CompiledQuery): (parameters: readonly unknown[]) => Promise<unknown[][]> {
    if (this.adapter.prepareRaw) return this.adapter.prepareRaw(query);
    const read = this.prepare(query);
    return async (parameters) => (await read(parameters)).map((row) => Object.values(row as object));
  }

  byCodePoints(column: string): RawBuilder<string> {
    return this.adapter.byCodePoints(column);
  }

  async migrate(): Promise<string[]> {
    const dialect = this.adapter.name;
    const migrations: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(MIGRATIONS)) migrations[name] = { up: (db) => m.up(db, dialect) };
    // Kysely's PostgreSQL adapter takes an advisory lock here, so nodes starting together do not race.
    // Without migrationTableSchema, Kysely finds another schema's migration tables on the search
    // path's database and skips creating its own; pin them to this store's schema.
    const migrator = new Migrator({
      db: this.adapter.db,
      provider: { getMigrations: async () => migrations },
      ...(this.adapter.schema && { migrationTableSchema: this.adapter.schema }),
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error;
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }

  /**
   * Runs one write: a transaction whose changes are announced to other nodes on commit and
   * emitted locally right after it, so the next verification on this node already sees them.
   * A deadlock, serialization failure or busy database runs the whole transaction again (a few
   * times, with jitter) before anything is answered, so `fn` must be safe to re-run: it collects
   * its changes through `changed` per attempt, and what it makes inside (ids, secrets) is made
   * anew each time, only the committed attempt's being returned. A unique violation on a table
   * named in `onUnique` becomes its catalogue error, or another attempt that sees the row.
   */
  async write<T>(fn: (trx: Trx, changed: (change: Change) => void) => Promise<T>, options: WriteOptions = {}): Promise<T> {
    const onUnique = (err: unknown) => {
      const failure = this.adapter.classifyError(err);
      return failure?.kind === 'unique' ? options.onUnique?.[failure.table as keyof Database] : undefined;
    };
    const retryable = (err: unknown) => this.adapter.classifyError(err)?.kind === 'retryable' || onUnique(err) === 'retry';
    try {
      return await withRetries(WRITE_RETRIES, retryable, () => this.writeOnce(fn));
    } catch (err) {
      const meaning = onUnique(err);
      throw typeof meaning === 'function' ? meaning() : err;
    }
  }

  private async writeOnce<T>(fn: (trx: Trx, changed: (change: Change) => void) => Promise<T>): Promise<T> {
    const pending: Change[] = [];
    const result = await this.adapter.db.transaction().execute(async (trx) => {
      const value = await fn(trx, (c) => pending.push(c));
      if (pending.length > 0) await this.adapter.announce(trx, pending);
      return value;
    });
    for (const change of pending) this.changes.emit('change', change);
    return result;
  }

  async listen(): Promise<void> {
    await this.adapter.listen((change) => this.changes.emit('change', change));
  }

  ping(): Promise<void> {
    return this.adapter.ping();
  }

  optimize(): Promise<void> {
    return this.adapter.optimize();
  }

  /** Called once the node serves and its key table is loaded: see DialectAdapter.afterStart. */
  async afterStart(): Promise<void> {
    await this.adapter.afterStart?.();
  }

  searchKeys(tenantId: string, text: string, limit: number): Promise<string[] | null> {
    return this.adapter.searchKeys(tenantId, text, limit);
  }

  close(): Promise<void> {
    return this.adapter.close();
  }
}

export interface OpenOptions {
  url: string; // sqlite:PATH or postgres://…
  /** PostgreSQL schema to work in (tests give each file its own); also namespaces the LISTEN channel. */
  pgSchema?: string;
}

export async function openStore(options: OpenOptions): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(options.url)) {
    const { createPostgresAdapter } = await import('./dialect/postgres.js');
    return new Store(await createPostgresAdapter(options.url, options.pgSchema));
  }
  const { createSqliteAdapter } = await import('./dialect/sqlite.js');
  const store: Store = new Store(createSqliteAdapter(options.url.replace(/^sqlite:/, ''), (err) => store.onBackgroundError?.(err, 'statistics refresh')));
  return store;
}
