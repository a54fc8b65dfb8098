// A key's credits become a balance of their own. `credits_id` names the balance a key spends from:
// its own id, or, for a key made by rotation, the balance of the key it replaced, so both spend from
// one balance during the grace period (DESIGN "Rotation"). Every key of a balance carries the same
// `remaining`: spending and top-ups write them together. `credits_version` changes only when the
// balance is set (a top-up), never when the key is otherwise edited: spends made against an older
// version are not charged to the new balance, and nothing else can refund them.
// Keys rotated before this migration keep a balance each (they were given a copy at the rotation).
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../store.js';

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('api_keys').addColumn('credits_id', 'text').execute();
  await db.schema.alterTable('api_keys').addColumn('credits_version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await sql`update api_keys set credits_id = id`.execute(db);
  await db.schema.createIndex('api_keys_credits').on('api_keys').column('credits_id').execute();
}
