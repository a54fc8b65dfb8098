// Sessions end after KEYWARDEN_SESSION_IDLE without a request: `last_seen_at` is when one was last
// used (null: not since it was made). The sweep of ended sessions finds them by their times.
import type { Kysely } from 'kysely';
import type { DialectName } from '../store.js';

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('last_seen_at', 'text').execute();
  await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();
}
