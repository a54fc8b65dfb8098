// The store: one Kysely instance over SQLite or PostgreSQL, migrations, and the few places where
// the two databases differ (row locks, the change feed), each delegated to dialect/*.
import { EventEmitter } from 'node:events';
import { Kysely, Migrator, type Migration, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import * as m001 from './migrations/001-initial.js';
import * as m002 from './migrations/002-webhooks.js';
import * as m003 from './migrations/003-verify-failures.js';
import * as m004 from './migrations/004-key-list-indexes.js';
import * as m005 from './migrations/005-key-search.js';
import * as m009 from './migrations/009-credit-balances.js';

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

export interface DialectAdapter {
  readonly name: DialectName;
  readonly db: Db;
  /** The PostgreSQL schema the store works in; Kysely must keep its migration tables there too. */
  readonly schema?: string;
  /** The PostgreSQL connection pool's counters, for metrics. */
  readonly pool?: { readonly totalCount: number; readonly idleCount: number; readonly waitingCount: number };
  /** Lock the selected rows until the transaction ends (PostgreSQL); SQLite already serializes writers. */
  forUpdate<QB extends SelectQueryBuilder<Database, any, any>>(qb: QB): QB;
  /** Announce changes to other nodes; called inside the transaction so they leave only on commit. */
  announce(trx: Trx, changes: readonly Change[]): Promise<void>;
  /** Start listening for other nodes' changes. */
  listen(onChange: (change: Change) => void): Promise<void>;
  ping(): Promise<void>;
  /**
   * The ids of a tenant's keys whose search text contains `text` (lower-cased), from a text index;
   * null when there is none, the term is too short for it, or more than `limit` keys match (a
   * common term is found fast by reading keys in order anyway).
   */
  searchKeys(tenantId: string, text: string, limit: number): Promise<string[] | null>;
  /** Refresh the query planner's statistics now (SQLite also does it hourly, PostgreSQL's autovacuum on its own). */
  optimize(): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS: Record<string, { up: typeof m001.up }> = { '001-initial': m001, '002-webhooks': m002, '003-verify-failures': m003,
  '004-key-list-indexes': m004, '005-key-search': m005, '009-credit-balances': m009 };

export class Store {
  /** Emits 'change' for every committed change, local or from another node. */
  readonly changes = new EventEmitter();

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

  forUpdate<QB extends SelectQueryBuilder<Database, any, any>>(qb: QB): QB {
    return this.adapter.forUpdate(qb);
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
   */
  async write<T>(fn: (trx: Trx, changed: (change: Change) => void) => Promise<T>): Promise<T> {
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
  return new Store(createSqliteAdapter(options.url.replace(/^sqlite:/, '')));
}
