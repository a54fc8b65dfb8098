// The operator's per-tenant quotas (DESIGN v1.1 "Quotas"): resources and webhook endpoints.
import { quotaReached, type Quota } from '../errors.js';
import type { Trx } from '../store/store.js';
import type { ServiceContext } from './context.js';
import type { TenantSettings } from '../domain/policy.js';
import { lockedSettings } from './tenant-lock.js';

/** The rows a quota counts, one table each. */
const COUNTED: Record<Quota, 'resources' | 'webhooks'> = { resources: 'resources', webhooks: 'webhooks' };

const limitOf = (ctx: ServiceContext, quota: Quota) => (quota === 'resources' ? ctx.config.maxResources : ctx.config.maxWebhooks);

/**
 * Locks the tenant row (the first lock of DESIGN's global order) and answers its settings, then refuses another row when
 * the tenant already has the quota's limit: concurrent creates queue on the lock, and each counts
 * after the one before committed (PostgreSQL reads committed rows per statement; SQLite has one writer).
 */
export async function assertUnderQuota(ctx: ServiceContext, trx: Trx, tenantId: string, quota: Quota): Promise<TenantSettings> {
  const settings = await lockedSettings(ctx, trx, tenantId);
  const row = await trx.selectFrom(COUNTED[quota]).select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
  const limit = limitOf(ctx, quota);
  if (Number(row.n) >= limit) throw quotaReached(quota, limit);
  return settings;
}
