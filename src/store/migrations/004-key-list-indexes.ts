// Indexes that let a key list page read its 50 rows in order instead of sorting a tenant's keys:
// by name, by last change, and a member's own keys newest first (the developer's page), which
// covers every query the (tenant, owner) index served, so that one goes. And one for the revoked
// filter, which would otherwise read every key of the tenant to find the few revoked ones.
import type { Kysely } from 'kysely';
import type { DialectName } from '../store.js';

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.createIndex('api_keys_tenant_name').on('api_keys').columns(['tenant_id', 'name_lc', 'id']).execute();
  await db.schema.createIndex('api_keys_tenant_updated').on('api_keys').columns(['tenant_id', 'updated_at', 'id']).execute();
  await db.schema.createIndex('api_keys_owner_created').on('api_keys').columns(['tenant_id', 'owner_id', 'created_at', 'id']).execute();
  await db.schema.dropIndex('api_keys_owner').execute();
  await db.schema.createIndex('api_keys_tenant_revoked').on('api_keys').columns(['tenant_id', 'revoked_at']).execute();
}
