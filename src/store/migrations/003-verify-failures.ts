// Failed verifications of known keys, counted per key, minute and code. Nodes add to these rows at
// every flush (so a crash loses at most a second of them) and the first flush after a minute ends
// turns the minute's rows into one key.verify_failed event per key, deleting them as it reads.
import type { Kysely } from 'kysely';
import type { DialectName } from '../store.js';

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.createTable('verify_failures')
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('minute', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('verify_failures_pk', ['key_id', 'minute', 'code'])
    .execute();
  await db.schema.createIndex('verify_failures_minute').on('verify_failures').column('minute').execute();
}
