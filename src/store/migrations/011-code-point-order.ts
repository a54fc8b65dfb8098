// Key lists sort by name in code-point order (`collate "C"` on PostgreSQL, see dialect/postgres.ts);
// an index serves an ORDER BY only in its own collation, so the name index is rebuilt in "C".
// SQLite's indexes already compare bytes.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../store.js';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') return;
  await db.schema.dropIndex('api_keys_tenant_name').execute();
  await sql`create index api_keys_tenant_name on api_keys (tenant_id, name_lc collate "C", id)`.execute(db);
}
