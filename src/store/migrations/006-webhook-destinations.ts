// Webhook destinations (shared/DESIGN.md, "Webhooks"): endpoints registered before the address
// rules existed may point at the operator's inner network. Checking them needs the resolver and the
// operator's allow list, which a migration does not have, so this migration only marks the check
// as due (meta `webhook_destinations_unchecked`); the next server start makes it and switches the
// refused ones off (src/webhooks/upgrade.ts). It also rewrites delivery errors recorded as raw
// socket messages, which told a tenant admin about the network, into the coarse categories.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../store.js';

export const UNCHECKED_WEBHOOKS = 'webhook_destinations_unchecked';

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.insertInto('meta').values({ key: UNCHECKED_WEBHOOKS, value: '1' })
    .onConflict((oc) => oc.column('key').doNothing()).execute();
  await db.updateTable('webhook_deliveries').set({
    error: sql`case
      when error like 'The endpoint answered HTTP%' then 'http_status'
      when error like 'No answer within%' then 'timeout'
      when error like '%ENOTFOUND%' or error like '%EAI_AGAIN%' then 'dns'
      when error like '%CERT%' or error like '%SSL%' or error like '%TLS%' then 'tls'
      else 'connection_failed' end`,
  }).where('error', 'is not', null)
    .where('error', 'not in', ['timeout', 'dns', 'refused_address', 'connection_failed', 'tls', 'http_status'])
    .execute();
}
