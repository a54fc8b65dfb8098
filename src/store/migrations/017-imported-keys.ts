// Keys imported from another system (DESIGN v1.1 "Importing keys"). `imported` marks them: their
// `hash` is HMAC(server secret, the lower-case hex SHA-256 of the old secret), so the unique index
// on `hash` already makes a re-run of an import find them (KEY_EXISTS). The partial index answers
// "does this instance hold any imported key?" (the verifier's switch for non-format values) at once.
import type { Kysely } from 'kysely';
import type { DialectName } from '../store.js';

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('api_keys').addColumn('imported', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('api_keys_imported').on('api_keys').column('imported').where('imported', '=', 1).execute();
}
