// Leak reports (DESIGN v1.1 "Leak reports"): a reported key is marked (`leaked_at`, the first report)
// with what its latest report said (`leak_source`, `leak_url`) and how often it was reported
// (`leak_count`, the `count` of `key.leaked`). `leak_deliveries` remembers the GitHub deliveries
// already handled (by the digest of their raw body), so that a repeated delivery acts once.
import type { Kysely } from 'kysely';
import type { DialectName } from '../store.js';

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('api_keys').addColumn('leaked_at', 'text').execute();
  await db.schema.alterTable('api_keys').addColumn('leak_source', 'text').execute();
  await db.schema.alterTable('api_keys').addColumn('leak_url', 'text').execute();
  await db.schema.alterTable('api_keys').addColumn('leak_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createTable('leak_deliveries')
    .addColumn('digest', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('leak_deliveries_received').on('leak_deliveries').column('received_at').execute();
}
