// Delivers events to webhook endpoints. The events table is the outbox: each endpoint's cursor
// (webhooks.cursor_seq) says how far along its tenant's chain it is, so an event committed is an
// event enqueued, with nothing added to the writing transaction. Per endpoint one node at a time
// holds a lease (claimed_by/claimed_until, taken with a conditional UPDATE) and walks the chain in
// order: an event is delivered only after the one before it succeeded or was given up on.
// Delivery is at least once: a node that dies between the receiver's 2xx and the cursor update
// leaves the event to be sent again, so receivers de-duplicate on the event id.
// Before each attempt the URL is checked again (destination.ts) and the request goes to the address
// that check vetted, so a DNS answer that changed since registration cannot reach an inner address.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { toEventView } from '../audit/events.js';
import { newId } from '../domain/ids.js';
import type { ServiceContext } from '../services/context.js';
import type { EventTable, WebhookTable } from '../store/schema.js';
import type { Db } from '../store/store.js';
import { matchesEventType } from './endpoints.js';
import { openSecret, SIGNATURE_HEADER, signatureHeader } from './signing.js';
import { allowListOf, checkDestination, DestinationRefused, type Destination } from './destination.js';
import { DeliveryFailed, postTo, type DeliveryError } from './transport.js';
import { PendingWork } from '../pending-work.js';

export interface WebhookWorkerOptions {
  /** How often to look for endpoints with events waiting. */
  pollIntervalMs: number;
  /** The first retry waits this long; each next one twice as long, up to retryMaxDelayMs. */
  retryBaseMs: number;
  retryMaxDelayMs: number;
  /** After this long since the first attempt an event is given up on and the endpoint moves on. */
  retryForMs: number;
  timeoutMs: number;
  /** A claim on an endpoint lapses after this, so a dead node's endpoints are taken over. */
  leaseMs: number;
  batchSize: number;
  /** Attempts older than this are pruned. */
  keepDeliveriesMs: number;
  nodeId: string;
  onError: (err: unknown, what: string) => void;
}

export const DEFAULT_WEBHOOK_OPTIONS: Omit<WebhookWorkerOptions, 'nodeId' | 'onError'> = Object.freeze({
  pollIntervalMs: 1000,
  retryBaseMs: 10_000,
  retryMaxDelayMs: 3_600_000,
  retryForMs: 86_400_000,
  timeoutMs: 10_000,
  leaseMs: 60_000,
  batchSize: 100,
  keepDeliveriesMs: 30 * 86_400_000,
});

export type DeliveryStatus = 'succeeded' | 'failed' | 'gave_up';
type Outcome = DeliveryStatus | 'stopped' | 'lost';

const PRUNE_EVERY_MS = 3_600_000;
const DUE_PER_ROUND = 500;

/**
 * Endpoints with events waiting and no retry pending or claim held, the longest-waiting retry
 * first and the never-failed ones (no next attempt) after them, on both databases alike: nulls
 * last, as every ordering here (SQLite would put them first, PostgreSQL last).
 */
export async function dueWebhooks(db: Db, nowIso: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('webhooks')
    .innerJoin('chain_heads', 'chain_heads.chain', 'webhooks.tenant_id')
    .select('webhooks.id')
    .where('webhooks.enabled', '=', 1)
    .whereRef('chain_heads.seq', '>', 'webhooks.cursor_seq')
    .where((eb) => eb.or([eb('webhooks.next_attempt_at', 'is', null), eb('webhooks.next_attempt_at', '<=', nowIso)]))
    .where((eb) => eb.or([eb('webhooks.claimed_until', 'is', null), eb('webhooks.claimed_until', '<', nowIso)]))
    .orderBy(sql`case when webhooks.next_attempt_at is null then 1 else 0 end`)
    .orderBy('webhooks.next_attempt_at').orderBy('webhooks.id').limit(limit).execute();
  return rows.map((r) => r.id);
}

export class WebhookWorker {
  readonly options: WebhookWorkerOptions;
  /** Attempts made by this node, by status (for metrics). */
  readonly counts: Record<DeliveryStatus, number> = { succeeded: 0, failed: 0, gave_up: 0 };
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Map<string, Promise<void>>();
  // Polling rounds under way: a stop waits for them, so that none starts a delivery after it.
  private readonly rounds = new PendingWork();
  private readonly stopping = new AbortController();
  private lastPruneAt = 0;

  constructor(private readonly ctx: ServiceContext, options: Partial<WebhookWorkerOptions> = {}) {
    this.options = {
      ...DEFAULT_WEBHOOK_OPTIONS,
      nodeId: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
      onError: () => {},
      ...options,
    };
  }

  start(): void {
    this.timer = setInterval(() => void this.tick().catch((err) => this.options.onError(err, 'webhook poll')), this.options.pollIntervalMs);
    this.timer.unref();
  }

  /** Stops polling, cancels requests in flight (not counted as attempts: the next holder retries) and releases claims. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopping.abort();
    await this.rounds.settled();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** One round: every endpoint that is due and has events after its cursor is served, each on its own. */
  tick(): Promise<void> {
    return this.rounds.track(this.round());
  }

  private async round(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    const now = this.ctx.now();
    const due = await dueWebhooks(this.ctx.store.db, now.toISOString(), DUE_PER_ROUND);
    // A stop called while the query ran: start nothing more on a database about to close.
    if (this.stopping.signal.aborted) return;
    for (const id of due) {
      if (this.inFlight.has(id)) continue;
      const work = this.serve(id)
        .catch((err) => this.options.onError(err, 'webhook delivery'))
        .finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, work);
    }
    if (now.getTime() - this.lastPruneAt >= PRUNE_EVERY_MS) {
      this.lastPruneAt = now.getTime();
      const before = new Date(now.getTime() - this.options.keepDeliveriesMs).toISOString();
      await this.ctx.store.db.deleteFrom('webhook_deliveries').where('at', '<', before).execute();
    }
  }

  /** A round, then waits for the deliveries it started (tests, and a final pass). */
  async runOnce(): Promise<void> {
    await this.tick();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private async serve(webhookId: string): Promise<void> {
    if (!(await this.claim(webhookId))) return;
    try {
      await this.deliverBacklog(webhookId);
    } finally {
      await this.ctx.store.db.updateTable('webhooks').set({ claimed_by: null, claimed_until: null })
        .where('id', '=', webhookId).where('claimed_by', '=', this.options.nodeId).execute();
    }
  }

  /** Takes the endpoint's lease if nobody holds it: the UPDATE decides, so two nodes never both win. */
  private async claim(webhookId: string): Promise<boolean> {
    const now = this.ctx.now();
    const result = await this.ctx.store.db.updateTable('webhooks')
      .set({ claimed_by: this.options.nodeId, claimed_until: new Date(now.getTime() + this.options.leaseMs).toISOString() })
      .where('id', '=', webhookId)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now.toISOString())]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Delivers waiting events in order until one fails, none is left, or half the lease is used. */
  private async deliverBacklog(webhookId: string): Promise<void> {
    const deadline = Date.now() + this.options.leaseMs / 2;
    while (!this.stopping.signal.aborted && Date.now() < deadline) {
      const hook = await this.ctx.store.db.selectFrom('webhooks').selectAll()
        .where('id', '=', webhookId).where('claimed_by', '=', this.options.nodeId).executeTakeFirst();
      if (!hook || hook.enabled !== 1) return;
      if (hook.next_attempt_at !== null && hook.next_attempt_at > this.ctx.now().toISOString()) return;
      const event = await this.nextEvent(hook);
      if (!event) return;
      const outcome = await this.attempt(hook, event);
      if (outcome !== 'succeeded' && outcome !== 'gave_up') return;
    }
  }

  /** The first event after the cursor that the endpoint wants; the cursor moves past the others. */
  private async nextEvent(hook: WebhookTable): Promise<EventTable | null> {
    const types: string[] = JSON.parse(hook.event_types);
    let cursor = Number(hook.cursor_seq);
    for (;;) {
      const rows = await this.ctx.store.db.selectFrom('events').selectAll()
        .where('chain', '=', hook.tenant_id).where('seq', '>', cursor)
        .orderBy('seq').limit(this.options.batchSize).execute();
      const found = rows.find((r) => matchesEventType(types, r.type));
      const skipTo = found ? Number(found.seq) - 1 : Number(rows[rows.length - 1]?.seq ?? cursor);
      if (skipTo > cursor) {
        await this.ctx.store.db.updateTable('webhooks').set({ cursor_seq: skipTo })
          .where('id', '=', hook.id).where('claimed_by', '=', this.options.nodeId).execute();
        cursor = skipTo;
      }
      if (found || rows.length < this.options.batchSize) return found ?? null;
    }
  }

  private retryDelay(attempt: number): number {
    return Math.min(this.options.retryBaseMs * 2 ** Math.min(attempt - 1, 40), this.options.retryMaxDelayMs);
  }

  /** Resolves and checks the URL again, within the attempt's time. */
  private async destination(url: string, tenantId: string, signal: AbortSignal): Promise<Destination> {
    const aborted = new Promise<never>((_, reject) => {
      const fail = () => reject(new DeliveryFailed('timeout'));
      if (signal.aborted) fail();
      else signal.addEventListener('abort', fail, { once: true });
    });
    aborted.catch(() => {});
    try {
      return await Promise.race([checkDestination(url, this.ctx.resolver, allowListOf(this.ctx.config.webhookAllow), tenantId), aborted]);
    } catch (err) {
      if (err instanceof DestinationRefused) throw new DeliveryFailed(err.kind === 'dns' ? 'dns' : 'refused_address');
      throw err;
    }
  }

  private async post(url: string, body: string, secret: string, event: EventTable): Promise<number> {
    const signal = AbortSignal.any([this.stopping.signal, AbortSignal.timeout(this.options.timeoutMs)]);
    const destination = await this.destination(url, event.tenant_id!, signal);
    const timestamp = Math.floor(this.ctx.now().getTime() / 1000);
    return postTo(destination, body, {
      'content-type': 'application/json',
      'user-agent': 'Keywarden-Webhooks/1',
      [SIGNATURE_HEADER]: signatureHeader(secret, timestamp, body),
      'Keywarden-Event-Id': event.id,
      'Keywarden-Event-Type': event.type,
    }, signal);
  }

  /** One attempt, recorded with its outcome; the cursor moves on success or when the event is given up. */
  private async attempt(hook: WebhookTable, event: EventTable): Promise<Outcome> {
    const body = JSON.stringify(toEventView(event));
    const started = Date.now();
    let responseStatus: number | null = null;
    let error: DeliveryError | null = null;
    try {
      responseStatus = await this.post(hook.url, body, openSecret(this.ctx.serverSecret, hook.secret), event);
      if (responseStatus < 200 || responseStatus > 299) error = 'http_status';
    } catch (err) {
      if (this.stopping.signal.aborted) return 'stopped';
      if (!(err instanceof DeliveryFailed)) this.options.onError(err, 'webhook request');
      error = err instanceof DeliveryFailed ? err.category : 'connection_failed';
    }
    const now = this.ctx.now();
    const attempt = hook.attempt + 1;
    const firstAttemptAt = hook.first_attempt_at ?? now.toISOString();
    const retryAt = now.getTime() + this.retryDelay(attempt);
    const status: DeliveryStatus = error === null ? 'succeeded'
      : retryAt > Date.parse(firstAttemptAt) + this.options.retryForMs ? 'gave_up' : 'failed';
    const nextAttemptAt = status === 'failed' ? new Date(retryAt).toISOString() : null;
    const recorded = await this.ctx.store.write(async (trx) => {
      const moved = await trx.updateTable('webhooks').set(status === 'failed'
        ? { attempt, first_attempt_at: firstAttemptAt, next_attempt_at: nextAttemptAt }
        : { cursor_seq: Number(event.seq), attempt: 0, first_attempt_at: null, next_attempt_at: null })
        .where('id', '=', hook.id).where('claimed_by', '=', this.options.nodeId).executeTakeFirst();
      // Deleted meanwhile, or the lease lapsed and another node has it: that node records its own.
      if (Number(moved.numUpdatedRows) !== 1) return false;
      await trx.insertInto('webhook_deliveries').values({
        id: newId('dlv', now.getTime()), webhook_id: hook.id, tenant_id: hook.tenant_id, event_id: event.id, attempt,
        at: now.toISOString(), status, response_status: responseStatus, error, next_attempt_at: nextAttemptAt,
        duration_ms: Date.now() - started,
      }).execute();
      return true;
    });
    if (!recorded) return 'lost';
    this.counts[status]++;
    return status;
  }
}
