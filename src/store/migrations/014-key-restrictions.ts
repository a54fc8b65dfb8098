// v1.1 "Key metadata" and "IP restrictions": a key's `meta` (a JSON object, at most 4 KiB) and its
// own `allowedIps` (a JSON array of normalised addresses and CIDRs), both JSON text and null when
// unset. The tenant's default list lives in its settings JSON, which needs no column.
import type { Kysely } from 'kysely';
import type { DialectName } from '../store.js';

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('api_keys').addColumn('meta', 'text').execute();
  await db.schema.alterTable('api_keys').addColumn('allowed_ips', 'text').execute();
}
