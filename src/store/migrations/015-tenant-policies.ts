// Tenant policies (DESIGN v1.1): what the policy job remembers per key, and the lease that lets one
// node at a time run it. `rotation_reminded_at`: `key.rotation_due` was raised (once per key).
// `unused_warned_at`: `key.unused` was raised for the key's current unused spell (cleared by a use).
// `job_leases`: a named lease with its holder and expiry (a node that dies loses it when it
// expires), and when the job last ran to its end, so nodes share one cadence.
import type { Kysely } from 'kysely';
import type { DialectName } from '../store.js';

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('api_keys').addColumn('rotation_reminded_at', 'text').execute();
  await db.schema.alterTable('api_keys').addColumn('unused_warned_at', 'text').execute();
  // The job's hourly reads: keys not yet reminded, oldest first; and a tenant's standing warnings.
  await db.schema.createIndex('api_keys_rotation_due').on('api_keys').columns(['tenant_id', 'rotation_reminded_at', 'created_at']).execute();
  await db.schema.createIndex('api_keys_unused_warned').on('api_keys').columns(['tenant_id', 'unused_warned_at']).execute();
  await db.schema.createTable('job_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ran_at', 'text').execute();
}
