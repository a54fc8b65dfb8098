// On upgrade (migration 006 marks it due), every enabled endpoint is checked against the address
// rules and a refused one is switched off with a `webhook.updated` event saying why. A name that
// does not resolve at that moment is left on: a DNS outage during an upgrade must not silence a
// tenant's receivers, and each delivery checks the name again anyway (recording `dns`).
import { appendEvents, SYSTEM_ORIGIN } from '../audit/events.js';
import type { ServiceContext } from '../services/context.js';
import { UNCHECKED_WEBHOOKS } from '../store/migrations/006-webhook-destinations.js';
import { allowListOf, checkDestination, DestinationRefused } from './destination.js';

/** Returns the ids of the endpoints it switched off. Safe to run on several nodes at once. */
export async function switchOffRefusedWebhooks(ctx: ServiceContext): Promise<string[]> {
  const { db } = ctx.store;
  const due = await db.selectFrom('meta').select('value').where('key', '=', UNCHECKED_WEBHOOKS).executeTakeFirst();
  if (!due) return [];
  const hooks = await db.selectFrom('webhooks').select(['id', 'tenant_id', 'url']).where('enabled', '=', 1).orderBy('id').execute();
  const switchedOff: string[] = [];
  for (const hook of hooks) {
    const problem = await refusal(ctx, hook.url);
    if (problem === null) continue;
    const done = await ctx.store.write(async (trx) => {
      // Conditional: another node making the same check, or an admin's change, may have come first.
      const result = await trx.updateTable('webhooks')
        .set({ enabled: 0, updated_at: ctx.now().toISOString() })
        .where('id', '=', hook.id).where('enabled', '=', 1).executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await appendEvents(ctx.store, trx, SYSTEM_ORIGIN, [{
        tenantId: hook.tenant_id, type: 'webhook.updated',
        details: { webhookId: hook.id, changes: { enabled: { from: true, to: false } }, reason: 'url_refused', problem: `The URL ${problem}.` },
      }]);
      return true;
    });
    if (done) switchedOff.push(hook.id);
  }
  // Only when every endpoint was seen: a start that failed half-way checks again next time.
  await db.deleteFrom('meta').where('key', '=', UNCHECKED_WEBHOOKS).execute();
  return switchedOff;
}

async function refusal(ctx: ServiceContext, url: string): Promise<string | null> {
  try {
    await checkDestination(url, ctx.resolver, allowListOf(ctx.config.webhookAllow));
    return null;
  } catch (err) {
    if (err instanceof DestinationRefused) return err.kind === 'dns' ? null : err.message;
    throw err;
  }
}
