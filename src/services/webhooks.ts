// Webhook endpoints of a tenant (tenant admins): register, list, read, change, delete, and read the
// delivery attempts. Delivering is src/webhooks/worker.ts; it reads the rows written here.
import { fieldInvalid, notFound } from '../errors.js';
import { newId } from '../domain/ids.js';
import { appendEvents, type Origin } from '../audit/events.js';
import type { ServiceContext } from './context.js';
import { assertTenantAdmin, tenantAccess, type Principal } from './access.js';
import { decodeCursor, isIdCursor, pageOf } from './paging.js';
import type { Trx } from '../store/store.js';
import type { WebhookDeliveryTable, WebhookTable } from '../store/schema.js';
import { newSigningSecret, sealSecret } from '../webhooks/signing.js';
import { allowListOf, checkDestination, DestinationRefused } from '../webhooks/destination.js';
import { assertUnderQuota } from './quotas.js';

export interface NewWebhook {
  url: string;
  eventTypes: string[];
  description?: string | null;
}

export interface WebhookPatch {
  url?: string;
  eventTypes?: string[];
  description?: string | null;
  enabled?: boolean;
}

export const toWebhookView = (w: WebhookTable) => ({
  id: w.id,
  tenantId: w.tenant_id,
  url: w.url,
  description: w.description,
  eventTypes: JSON.parse(w.event_types) as string[],
  enabled: w.enabled === 1,
  createdAt: w.created_at,
  updatedAt: w.updated_at,
});
export type WebhookView = ReturnType<typeof toWebhookView>;

export const toDeliveryView = (d: WebhookDeliveryTable) => ({
  id: d.id,
  eventId: d.event_id,
  at: d.at,
  attempt: d.attempt,
  status: d.status,
  responseStatus: d.response_status,
  error: d.error,
  nextAttemptAt: d.next_attempt_at,
  durationMs: d.duration_ms,
});

/** Resolves the URL's host and checks every address (400 on `/url`); outside any transaction. */
async function assertDeliverableUrl(ctx: ServiceContext, url: string, tenantId: string): Promise<void> {
  try {
    await checkDestination(url, ctx.resolver, allowListOf(ctx.config.webhookAllow), tenantId);
  } catch (err) {
    if (err instanceof DestinationRefused) throw fieldInvalid('/url', err.message);
    throw err;
  }
}

/** Each type once, in the order given. */
const normalizeTypes = (types: readonly string[]) => [...new Set(types)];

/** Audit details carry the URL without a password that may sit in its user-info part. */
function auditUrl(text: string): string {
  const url = new URL(text);
  if (url.password) url.password = '***';
  return url.toString();
}

/** The seq of the tenant's newest event: a new or re-enabled endpoint starts after it. */
async function chainHead(trx: Trx, tenantId: string): Promise<number> {
  const head = await trx.selectFrom('chain_heads').select('seq').where('chain', '=', tenantId).executeTakeFirst();
  return Number(head?.seq ?? 0);
}

async function adminAccess(ctx: ServiceContext, principal: Principal, tenantId: string) {
  const access = await tenantAccess(ctx.store.db, principal, tenantId);
  assertTenantAdmin(access);
  return access;
}

async function readWebhook(
  trx: Trx | ServiceContext['store']['db'], tenantId: string, webhookId: string, lockWith?: ServiceContext['store'],
): Promise<WebhookTable> {
  const query = trx.selectFrom('webhooks').selectAll().where('id', '=', webhookId).where('tenant_id', '=', tenantId);
  const row = await (lockWith ? lockWith.forUpdate(query) : query).executeTakeFirst();
  if (!row) throw notFound('webhook');
  return row;
}

export async function createWebhook(ctx: ServiceContext, principal: Principal, tenantId: string, input: NewWebhook, origin: Origin) {
  await adminAccess(ctx, principal, tenantId);
  await assertDeliverableUrl(ctx, input.url, tenantId);
  const secret = newSigningSecret();
  const at = ctx.now().toISOString();
  const eventTypes = normalizeTypes(input.eventTypes);
  return ctx.store.write(async (trx) => {
    await assertUnderQuota(ctx, trx, tenantId, 'webhooks');
    const row: WebhookTable = {
      id: newId('whk'), tenant_id: tenantId, url: input.url, description: input.description ?? null,
      event_types: JSON.stringify(eventTypes), secret: sealSecret(ctx.serverSecret, secret), enabled: 1,
      cursor_seq: 0, attempt: 0, first_attempt_at: null, next_attempt_at: null, claimed_by: null, claimed_until: null,
      created_at: at, updated_at: at,
    };
    await appendEvents(ctx.store, trx, origin, [{
      tenantId, type: 'webhook.created', details: { webhookId: row.id, url: auditUrl(row.url), eventTypes },
    }]);
    // Deliveries start with the first event after this one.
    row.cursor_seq = await chainHead(trx, tenantId);
    await trx.insertInto('webhooks').values(row).execute();
    return { webhook: toWebhookView(row), secret };
  });
}

export async function listWebhooks(ctx: ServiceContext, principal: Principal, tenantId: string, query: { limit: number; cursor?: string }) {
  await adminAccess(ctx, principal, tenantId);
  let qb = ctx.store.db.selectFrom('webhooks').selectAll().where('tenant_id', '=', tenantId);
  if (query.cursor !== undefined) qb = qb.where('id', '>', decodeCursor(query.cursor, isIdCursor).id);
  // Ids are time-sortable: oldest endpoint first.
  const rows = await qb.orderBy('id').limit(query.limit + 1).execute();
  return pageOf(rows, query.limit, toWebhookView, (r) => ({ id: r.id }));
}

export async function getWebhook(ctx: ServiceContext, principal: Principal, tenantId: string, webhookId: string) {
  await adminAccess(ctx, principal, tenantId);
  return toWebhookView(await readWebhook(ctx.store.db, tenantId, webhookId));
}

export async function updateWebhook(
  ctx: ServiceContext, principal: Principal, tenantId: string, webhookId: string, patch: WebhookPatch, origin: Origin,
) {
  await adminAccess(ctx, principal, tenantId);
  if (patch.url !== undefined) await assertDeliverableUrl(ctx, patch.url, tenantId);
  return ctx.store.write(async (trx) => {
    // Locked, and only what changes is written: the delivery worker's record of an attempt (its
    // cursor, its back-off) is never overwritten with what was read here.
    const before = await readWebhook(trx, tenantId, webhookId, ctx.store);
    const after: WebhookTable = {
      ...before,
      ...(patch.url !== undefined && { url: patch.url }),
      ...(patch.eventTypes !== undefined && { event_types: JSON.stringify(normalizeTypes(patch.eventTypes)) }),
      ...(patch.description !== undefined && { description: patch.description }),
      ...(patch.enabled !== undefined && { enabled: patch.enabled ? 1 : 0 }),
      updated_at: ctx.now().toISOString(),
    };
    const [viewBefore, viewAfter] = [toWebhookView(before), toWebhookView(after)];
    const changes = Object.fromEntries((Object.keys(patch) as (keyof WebhookPatch)[])
      .filter((k) => JSON.stringify(viewBefore[k]) !== JSON.stringify(viewAfter[k]))
      .map((k) => [k, k === 'url' ? { from: auditUrl(before.url), to: auditUrl(after.url) } : { from: viewBefore[k], to: viewAfter[k] }]));
    await appendEvents(ctx.store, trx, origin, [{ tenantId, type: 'webhook.updated', details: { webhookId, changes } }]);
    const resumed = before.enabled === 0 && after.enabled === 1;
    if (resumed) {
      // A paused endpoint resumes with new events: a backlog of any age would surprise its receiver.
      after.cursor_seq = await chainHead(trx, tenantId);
    }
    const reset = Boolean(changes.url || changes.enabled);
    await trx.updateTable('webhooks').set({
      url: after.url, event_types: after.event_types, description: after.description, enabled: after.enabled,
      updated_at: after.updated_at,
      ...(resumed && { cursor_seq: after.cursor_seq }),
      // A fixed URL, or a fresh start, is tried at once rather than at the old back-off time; an
      // attempt in flight loses its claim, so its record (cursor, back-off) cannot undo this.
      ...(reset && { attempt: 0, first_attempt_at: null, next_attempt_at: null, claimed_by: null, claimed_until: null }),
    }).where('id', '=', webhookId).execute();
    return viewAfter;
  });
}

export async function deleteWebhook(ctx: ServiceContext, principal: Principal, tenantId: string, webhookId: string, origin: Origin) {
  await adminAccess(ctx, principal, tenantId);
  await ctx.store.write(async (trx) => {
    const row = await readWebhook(trx, tenantId, webhookId);
    await trx.deleteFrom('webhook_deliveries').where('webhook_id', '=', webhookId).execute();
    await trx.deleteFrom('webhooks').where('id', '=', webhookId).execute();
    await appendEvents(ctx.store, trx, origin, [{ tenantId, type: 'webhook.deleted', details: { webhookId, url: auditUrl(row.url) } }]);
  });
}

interface DeliveryCursor {
  at: string;
  id: string;
}
const isDeliveryCursor = (v: unknown): v is DeliveryCursor =>
  typeof v === 'object' && v !== null && typeof (v as any).at === 'string' && typeof (v as any).id === 'string';

/** Delivery attempts of one endpoint, newest first. */
export async function listDeliveries(
  ctx: ServiceContext, principal: Principal, tenantId: string, webhookId: string, query: { limit: number; cursor?: string },
) {
  await adminAccess(ctx, principal, tenantId);
  await readWebhook(ctx.store.db, tenantId, webhookId);
  let qb = ctx.store.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId);
  if (query.cursor !== undefined) {
    const c = decodeCursor(query.cursor, isDeliveryCursor);
    qb = qb.where((eb) => eb.or([eb('at', '<', c.at), eb.and([eb('at', '=', c.at), eb('id', '<', c.id)])]));
  }
  const rows = await qb.orderBy('at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
  return pageOf(rows, query.limit, toDeliveryView, (r): DeliveryCursor => ({ at: r.at, id: r.id }));
}
