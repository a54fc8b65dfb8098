// Named limits (DESIGN v1.1). A key's own limit definitions are JSON on its row (a tenant's live in
// its settings). Credit balances get a table of their own, one row per limit and subject (the
// key's balance, the owner or the tenant, as the limit's `per` says), written by the usage flush and
// an admin's top-up: `period_ms` is the refill period the count belongs to (0 without refill),
// `version` changes only when an admin sets the balance, and `low_period_ms` is the period whose
// `key.credits_low` was raised. Refusals per limit are summed in `limit_refusals` until the hourly
// `tenant.limit_reached` takes them. Rate windows stay in memory or Redis, as v1's do.
import type { Kysely } from 'kysely';
import type { DialectName } from '../store.js';

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('api_keys').addColumn('limits', 'text').execute();
  await db.schema.createTable('limit_balances')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('per', 'text', (c) => c.notNull())
    .addColumn('remaining', 'bigint', (c) => c.notNull())
    .addColumn('period_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('low_period_ms', 'bigint')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('limit_balances_pk', ['tenant_id', 'name', 'subject_id'])
    .execute();
  await db.schema.createTable('limit_refusals')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addColumn('reported_at', 'text')
    .addPrimaryKeyConstraint('limit_refusals_pk', ['tenant_id', 'name'])
    .execute();
}
