// The first lock of DESIGN's global order (tenant, member, keys by id, chain heads). Every write
// that reads a tenant's keys, resources or limit names takes it first: on PostgreSQL a statement
// that waits on a row lock keeps the snapshot it began with, so without it a key or limit another
// write of the tenant is committing would go unseen.
import { notFound } from '../errors.js';
import type { TenantSettings } from '../domain/policy.js';
import type { Trx } from '../store/store.js';
import type { ServiceContext } from './context.js';
import { parseSettings } from './views.js';

/** The tenant's settings, its row locked until the write ends. */
export async function lockedSettings(ctx: ServiceContext, trx: Trx, tenantId: string): Promise<TenantSettings> {
  const row = await ctx.store.forUpdate(trx.selectFrom('tenants').select('settings').where('id', '=', tenantId)).executeTakeFirst();
  if (!row) throw notFound('tenant');
  return parseSettings(row.settings);
}
