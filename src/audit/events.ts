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
async function lockChainHead(store: Store, trx: Trx, chain: string): Promise<{ seq: number; hash: string }> {
  const select = () => store.forUpdate(trx.selectFrom('chain_heads').select(['seq', 'hash']).where('chain', '=', chain)).executeTakeFirst();
  const head = await select();
  if (head) return { seq: Number(head.seq), hash: head.hash };
  await trx.insertInto('chain_heads').values({ chain, seq: 0, hash: '' }).onConflict((oc) => oc.column('chain').doNothing()).execute();
  const created = (await select())!;
  return { seq: Number(created.seq), hash: created.hash };
}

/** Appends events to their chains inside `trx`; the chain head row lock orders concurrent writers. */
export async function appendEvents(
  store: Store,
  trx: Trx,
  origin: Origin,
  events: readonly NewEvent[],
  now = new Date(),
): Promise<EventView[]> {
  const written: EventView[] = [];
  for (const input of events) {
    const chain = input.tenantId ?? PLATFORM_CHAIN;
    const head = await lockChainHead(store, trx, chain);
    const seq = head.seq + 1;
    const body: Omit<EventView, 'hash'> = {
      id: newId('evt', now.getTime()),
      tenantId: input.tenantId,
      at: now.toISOString(),
      type: input.type,
      actor: origin.actor,
      keyId: input.keyId ?? null,
      ip: origin.ip,
      userAgent: origin.userAgent,
      details: input.details ?? {},
      prevHash: head.seq === 0 ? null : head.hash,
    };
    const event: EventView = { ...body, hash: hashEvent(body) };
    await trx.insertInto('events').values({
      id: event.id, chain, seq, tenant_id: event.tenantId, at: event.at, type: event.type,
      actor_type: event.actor.type, actor_id: event.actor.id, key_id: event.keyId, ip: event.ip,
      user_agent: event.userAgent, details: JSON.stringify(event.details), prev_hash: event.prevHash, hash: event.hash,
    }).execute();
    await trx.updateTable('chain_heads').set({ seq, hash: event.hash }).where('chain', '=', chain).execute();
    written.push(event);
  }
  return written;
}
