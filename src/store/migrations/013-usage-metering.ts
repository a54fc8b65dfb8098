// Usage metering (DESIGN v1.1 "Usage metering"). The hourly `key_usage` rows gain the key's owner,
// so usage is grouped by owner even after a key is deleted (its usage stays for billing until the
// retention job prunes it). Credits spent are counted per key, hour and credits name
// (`remaining` for v1 credits) in `key_usage_spent`. Daily rows (`key_usage_daily`,
// `key_usage_daily_spent`) are written by the same flush as the hourly ones, so they are exact
// without a roll-up pass that would have to agree between nodes; hourly rows are pruned after 35
// days and daily ones after KEYWARDEN_USAGE_RETENTION. Existing hourly rows are rolled up here.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../store.js';

async function spentTable(db: Kysely<any>, name: string): Promise<void> {
  await db.schema.createTable(name)
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint(`${name}_pk`, ['key_id', 'bucket', 'name']).execute();
  await db.schema.createIndex(`${name}_tenant_bucket`).on(name).columns(['tenant_id', 'bucket']).execute();
  await db.schema.createIndex(`${name}_bucket`).on(name).column('bucket').execute();
}

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  // '' for rows of keys deleted before this migration: their owner is no longer known.
  await db.schema.alterTable('key_usage').addColumn('owner_id', 'text', (c) => c.notNull().defaultTo('')).execute();
  // The most valid verifications of the key in one minute of the hour (as one node counted them).
  await db.schema.alterTable('key_usage').addColumn('peak', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await sql`update key_usage set owner_id = coalesce((select api_keys.owner_id from api_keys where api_keys.id = key_usage.key_id), '')`.execute(db);
  await db.schema.createIndex('key_usage_tenant_bucket').on('key_usage').columns(['tenant_id', 'bucket']).execute();
  await db.schema.createIndex('key_usage_bucket').on('key_usage').column('bucket').execute();

  await db.schema.createTable('key_usage_daily')
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('valid', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('key_usage_daily_pk', ['key_id', 'bucket']).execute();
  await db.schema.createIndex('key_usage_daily_tenant_bucket').on('key_usage_daily').columns(['tenant_id', 'bucket']).execute();
  await db.schema.createIndex('key_usage_daily_bucket').on('key_usage_daily').column('bucket').execute();
  await spentTable(db, 'key_usage_spent');
  await spentTable(db, 'key_usage_daily_spent');

  const day = sql`substr(bucket, 1, 10) || 'T00:00:00.000Z'`;
  await sql`insert into key_usage_daily (key_id, tenant_id, owner_id, bucket, valid, failed)
    select key_id, min(tenant_id), min(owner_id), ${day}, sum(valid), sum(failed) from key_usage group by key_id, ${day}`.execute(db);
}
