// The usage retention job: hourly usage rows go after 35 days, daily ones after
// KEYWARDEN_USAGE_RETENTION (DESIGN v1.1 "Usage metering"). The daily rows are written by the
// flush itself (verify/usage-rows.ts), so this job only prunes; deleting is idempotent, so nodes
// running it at the same time need no lease.
import { pruneBefore } from '../domain/usage-buckets.js';
import type { ServiceContext } from './context.js';
import { PeriodicJob, type PeriodicOptions } from './periodic-job.js';

const TABLES = { hourly: ['key_usage', 'key_usage_spent'], daily: ['key_usage_daily', 'key_usage_daily_spent'] } as const;

/** Deletes the usage rows older than what is kept; answers how many went. */
export async function pruneUsage(ctx: ServiceContext, now = ctx.now()): Promise<number> {
  const cut = pruneBefore(now.getTime(), ctx.config.usageRetentionMs);
  let deleted = 0;
  for (const grain of ['hourly', 'daily'] as const) {
    const before = new Date(cut[grain]).toISOString();
    for (const table of TABLES[grain]) {
      const result = await ctx.store.db.deleteFrom(table).where('bucket', '<', before).executeTakeFirst();
      deleted += Number(result.numDeletedRows);
    }
  }
  return deleted;
}

/** Prunes once at start and then every hour. */
export class UsageRetentionJob extends PeriodicJob {
  constructor(ctx: ServiceContext, options: PeriodicOptions = {}) {
    super('usage retention', options.intervalMs ?? 3_600_000, () => pruneUsage(ctx), options.onError);
  }
}
