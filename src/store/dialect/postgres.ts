import pg from 'pg';
import { Kysely, PostgresDialect, sql, type DatabaseIntrospector, type PostgresDialectConfig } from 'kysely';
import type { Database } from '../schema.js';
import { SchemaIntrospector } from './schema-introspector.js';
import type { Change, DialectAdapter, WriteFailure } from '../store.js';

// int8 (COUNT, bigint columns) as numbers: counts here stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const MAX_PAYLOAD = 7000;

export function payloadBatches(changes: readonly Change[]): string[] {
  const batches: string[] = [];
  let current: string[] = [];
  let size = 2;
  for (const change of changes) {
    const json = JSON.stringify(change);
    if (current.length > 0 && size + json.length + 1 > MAX_PAYLOAD) {
      batches.push(`[${current.join(',')}]`);
      current = [];
      size = 2;
    }
    current.push(json);
    size += json.length + 1;
  }
  if (current.length > 0) batches.push(`[${current.join(',')}]`);
  return batches;
}

// SQLSTATEs: https://www.postgresql.org/docs/current/errcodes-appendix.html
const UNIQUE_VIOLATION = '23505';
const RETRYABLE = new Set(['40P01' /* deadlock_detected */, '40001' /* serialization_failure */]);

export function classifyPostgresError(err: unknown): WriteFailure {
  const e = err as { code?: unknown; table?: unknown } | null;
  if (typeof e?.code !== 'string') return null;
  if (e.code === UNIQUE_VIOLATION && typeof e.table === 'string') return { kind: 'unique', table: e.table };
  return RETRYABLE.has(e.code) ? { kind: 'retryable' } : null;
}

/** The schema named by `options=-c search_path=…` in the URL, so Kysely keeps its tables there. */
function schemaFromUrl(url: string): string | undefined {
  try {
    const options = new URL(url).searchParams.get('options') ?? '';
    const match = /search_path\s*=\s*([a-z_][a-z0-9_]*)/.exec(options);
    return match?.[1];
  } catch {
    return undefined;
  }
}

/** Kysely's PostgreSQL dialect whose introspection (what the migrator asks) sees one schema. */
class OneSchemaDialect extends PostgresDialect {
  readonly #schema: string;
  constructor(config: PostgresDialectConfig, schema: string) {
    super(config);
    this.#schema = schema;
  }
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SchemaIntrospector(db, this.#schema);
  }
}

export async function createPostgresAdapter(url: string, schema?: string): Promise<DialectAdapter> {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`Invalid PostgreSQL schema name: ${schema}`);
  const options = schema ? `-c search_path=${schema}` : undefined;
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`create schema if not exists ${schema}`).catch((err: { code?: string }) => {
        // Two stores opening a new schema at once: the loser's "already exists" is harmless.
        if (err.code !== '23505' && err.code !== '42P06') throw err;
      });
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({ connectionString: url, options, max: 10 });
  const storeSchema = schema ?? schemaFromUrl(url) ?? 'public';
  const db = new Kysely<Database>({ dialect: new OneSchemaDialect({ pool }, storeSchema) });
  const channel = `keywarden_changes${schema ? `_${schema}` : ''}`.slice(0, 63);
  let listener: pg.Client | null = null;
  let closed = false;
  let retryMs = 1000;
  let reconnect: NodeJS.Timeout | null = null;

  return {
    name: 'postgres',
    db,
    schema: storeSchema,
    pool,
    // FOR NO KEY UPDATE: as exclusive as FOR UPDATE between lockers (and against a delete), but a
    // child row's insert may still take its foreign key's key-share lock on the row. With FOR UPDATE
    // that implicit lock waited on, say, a tenant locked for a key's creation, out of DESIGN's order,
    // and closed deadlock cycles (test/store/write-retries.test.ts).
    forUpdate: (qb) => qb.forNoKeyUpdate() as typeof qb,
    // "C" compares bytes, and UTF-8 bytes compare as code points; the database's own collation
    // would follow a language (accents, case and punctuation weighed its own way).
    byCodePoints: (column) => sql<string>`${sql.ref(column)} collate "C"`,
    async announce(trx, changes: readonly Change[]) {
      const at = new Date().toISOString();
      await trx.insertInto('changes')
        .values(changes.map((c) => ({ at, kind: c.kind, tenant_id: c.tenantId, subject_id: c.subjectId, key_hash: c.keyHash ?? null })))
        .execute();
      // NOTIFY inside the transaction is delivered only on commit. A payload must stay under
      // 8000 bytes, so a large write (bulk revoke, withdrawal) announces in several notifications.
      for (const batch of payloadBatches(changes)) {
        await sql`select pg_notify(${channel}, ${batch})`.execute(trx);
      }
    },
    async listen(onChange) {
      // A dedicated connection. When it drops it is opened again (after 1 s, doubling to 30 s);
      // the periodic poll of the changes table covers whatever was announced meanwhile.
      const connect = async (initial: boolean): Promise<void> => {
        reconnect = null;
        if (closed) return;
        const client = new pg.Client({ connectionString: url, options });
        client.on('notification', (msg) => {
          if (msg.channel !== channel || !msg.payload) return;
          for (const change of JSON.parse(msg.payload) as Change[]) onChange(change);
        });
        const lost = () => {
          if (closed || listener !== client) return;
          listener = null;
          client.end().catch(() => {});
          const wait = retryMs;
          retryMs = Math.min(retryMs * 2, 30_000);
          reconnect = setTimeout(() => void connect(false), wait).unref();
        };
        client.on('error', lost);
        client.on('end', lost);
        listener = client;
        try {
          await client.connect();
          await client.query(`listen ${channel}`);
          retryMs = 1000;
        } catch (err) {
          if (initial) throw err;
          lost();
        }
      };
      await connect(true);
    },
    // No text index here (migration 005): the service scans.
    async searchKeys() {
      return null;
    },
    // Autovacuum refreshes statistics on its own; this is for callers that cannot wait for it.
    // Only the store's own tables: the database may hold other schemas and applications.
    async optimize() {
      const tables = await db.introspection.getTables();
      if (tables.length === 0) return;
      await sql`analyze ${sql.join(tables.map((t) => sql.table(`${storeSchema}.${t.name}`)))}`.execute(db);
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
    classifyError: classifyPostgresError,
    async close() {
      closed = true;
      // A reconnect still waiting would open a connection that nothing closes.
      if (reconnect) clearTimeout(reconnect);
      if (listener) await listener.end().catch(() => {});
      await db.destroy();
    },
  };
}
