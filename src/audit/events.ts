// Audit events: appended inside the writing transaction, each chained to the one before it in its
// tenant (or the platform chain) by a SHA-256 hash, so tampering shows in `keywarden audit verify`.
import { createHash } from 'node:crypto';
import { newId } from '../domain/ids.js';
import type { Store, Trx } from '../store/store.js';
import type { EventTable } from '../store/schema.js';

export type ActorType = 'user' | 'key' | 'system';
export interface Actor {
  type: ActorType;
  id: string | null;
}
export const SYSTEM: Actor = Object.freeze({ type: 'system', id: null });

/** Who did it and from where; carried from the HTTP request into every event it causes. */
export interface Origin {
  actor: Actor;
  ip: string | null;
  userAgent: string | null;
}
export const SYSTEM_ORIGIN: Origin = Object.freeze({ actor: SYSTEM, ip: null, userAgent: null });

export interface NewEvent {
  tenantId: string | null;
  type: string;
  keyId?: string | null;
  details?: Record<string, unknown>;
}

export interface EventView {
  id: string;
  tenantId: string | null;
  at: string;
  type: string;
  actor: Actor;
  keyId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
  prevHash: string | null;
  hash: string;
}

export const PLATFORM_CHAIN = 'platform';

export function hashEvent(e: Omit<EventView, 'hash'>): string {
  const canonical = JSON.stringify([
    e.id, e.tenantId, e.at, e.type, e.actor.type, e.actor.id, e.keyId, e.ip, e.userAgent, e.details, e.prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export function toEventView(row: EventTable): EventView {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    at: row.at,
    type: row.type,
    actor: { type: row.actor_type as ActorType, id: row.actor_id },
    keyId: row.key_id,
    ip: row.ip,
    userAgent: row.user_agent,
    details: JSON.parse(row.details),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * Locks a chain's head row, creating an empty one (seq 0) first if the chain is new, so two writers
 * opening the same chain at once queue on one row instead of colliding.
 */
async function lockChainHead(store: Store, trx: Trx, chain: string): Promise<{ seq: number; hash: string; at: string | null }> {
  const select = () => store.forUpdate(trx.selectFrom('chain_heads').select(['seq', 'hash', 'at']).where('chain', '=', chain)).executeTakeFirst();
  const head = await select();
  if (head) return { seq: Number(head.seq), hash: head.hash, at: head.at };
  await trx.insertInto('chain_heads').values({ chain, seq: 0, hash: '', at: null }).onConflict((oc) => oc.column('chain').doNothing()).execute();
  const created = (await select())!;
  return { seq: Number(created.seq), hash: created.hash, at: created.at };
}

/**
 * The order chain heads are locked in (DESIGN's global lock order): tenants' chains by id, the
 * platform chain last, so two writers touching the same chains cannot wait on each other.
 */
export function chainLockOrder(chains: Iterable<string>): string[] {
  return [...new Set(chains)].sort((a, b) =>
    a === PLATFORM_CHAIN ? 1 : b === PLATFORM_CHAIN ? -1 : a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Appends events to their chains inside `trx`. Each chain's head row is locked first and its
 * events take their time after that lock, never before the chain's last event: so `at` never
 * goes back along a chain, whatever a caller's or another node's clock says, and follows seq.
 * Events come back in the order given.
 */
export async function appendEvents(
  store: Store,
  trx: Trx,
  origin: Origin,
  events: readonly NewEvent[],
  now = new Date(),
): Promise<EventView[]> {
  const written = new Array<EventView>(events.length);
  const chainOf = (e: NewEvent) => e.tenantId ?? PLATFORM_CHAIN;
  for (const chain of chainLockOrder(events.map(chainOf))) {
    const head = await lockChainHead(store, trx, chain);
    let { seq, hash, at: lastAt } = head;
    for (const [i, input] of events.entries()) {
      if (chainOf(input) !== chain) continue;
      const own = now.toISOString();
      const at = lastAt !== null && lastAt > own ? lastAt : own;
      const body: Omit<EventView, 'hash'> = {
        id: newId('evt', now.getTime()),
        tenantId: input.tenantId,
        at,
        type: input.type,
        actor: origin.actor,
        keyId: input.keyId ?? null,
        ip: origin.ip,
        userAgent: origin.userAgent,
        details: input.details ?? {},
        prevHash: seq === 0 ? null : hash,
      };
      const event: EventView = { ...body, hash: hashEvent(body) };
      seq++;
      await trx.insertInto('events').values({
        id: event.id, chain, seq, tenant_id: event.tenantId, at: event.at, type: event.type,
        actor_type: event.actor.type, actor_id: event.actor.id, key_id: event.keyId, ip: event.ip,
        user_agent: event.userAgent, details: JSON.stringify(event.details), prev_hash: event.prevHash, hash: event.hash,
      }).execute();
      hash = event.hash;
      lastAt = at;
      written[i] = event;
    }
    await trx.updateTable('chain_heads').set({ seq, hash, at: lastAt }).where('chain', '=', chain).execute();
  }
  return written;
}
