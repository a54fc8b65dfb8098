// Events are ordered and paged by their chain's sequence number (DESIGN "Durability and
// consistency"), which every event has carried since 001, in chain order. The chain head now also
// keeps the time of its last event, so the next event's `at`, taken after the head is locked, never
// goes back along the chain even when nodes' clocks differ; and the event list pages by seq
// within a tenant (or the platform: tenant null) along its own index.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../store.js';

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('chain_heads').addColumn('at', 'text').execute();
  await sql`update chain_heads set at = (select events.at from events
      where events.chain = chain_heads.chain and events.seq = chain_heads.seq)`.execute(db);
  await db.schema.createIndex('events_tenant_seq').on('events').columns(['tenant_id', 'seq']).execute();
}
