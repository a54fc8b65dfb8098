// A resource's ancestry: the resource itself, then its ancestors up to the root (domain/scopes.ts
// reads scopes against it). One recursive query walks up from the resources asked for, so a key
// write, a move or a verification reads a few rows, not the tenant's whole tree.
import { sql } from 'kysely';
import type { Db, Trx } from '../store.js';

/** Stops the walk on a cycle, which the resource service refuses to build anyway. */
const MAX_DEPTH = 1000;

/** The ancestry of each resource asked for; a resource not in this tenant has none (absent from the map). */
async function ancestries(db: Db | Trx, tenantId: string, resourceIds: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  const ids = [...new Set(resourceIds)];
  if (ids.length === 0) return found;
  const { rows } = await sql<{ origin: string; id: string }>`
    with recursive chain (origin, id, parent_id, depth) as (
      select id, id, parent_id, 0 from resources where tenant_id = ${tenantId} and id in (${sql.join(ids)})
      union all
      select chain.origin, r.id, r.parent_id, chain.depth + 1 from resources r join chain on r.id = chain.parent_id
      where r.tenant_id = ${tenantId} and chain.depth < ${MAX_DEPTH}
    )
    select origin, id from chain order by origin, depth`.execute(db);
  for (const { origin, id } of rows) {
    const chain = found.get(origin) ?? [];
    if (!chain.includes(id)) chain.push(id);
    found.set(origin, chain);
  }
  return found;
}

/** The resource and its ancestors, nearest first; null when it is not a resource of this tenant. */
export async function resourceAncestry(db: Db | Trx, tenantId: string, resourceId: string): Promise<string[] | null> {
  return (await ancestries(db, tenantId, [resourceId])).get(resourceId) ?? null;
}

/** An ancestry lookup over the given resources, for checks that ask about several at once (a key's scopes). */
export async function ancestryLookup(
  db: Db | Trx, tenantId: string, resourceIds: readonly (string | null)[],
): Promise<(resourceId: string) => string[] | null> {
  const found = await ancestries(db, tenantId, resourceIds.filter((id): id is string => id !== null));
  return (resourceId) => found.get(resourceId) ?? null;
}

/** How many levels lie below a resource (0 for a leaf), up to MAX_DEPTH. */
export async function subtreeHeight(db: Db | Trx, tenantId: string, resourceId: string): Promise<number> {
  const { rows } = await sql<{ height: number | string | null }>`
    with recursive below (id, depth) as (
      select id, 0 from resources where tenant_id = ${tenantId} and id = ${resourceId}
      union all
      select r.id, below.depth + 1 from resources r join below on r.parent_key = below.id
      where r.tenant_id = ${tenantId} and below.depth < ${MAX_DEPTH}
    )
    select max(depth) as height from below`.execute(db);
  return Number(rows[0]?.height ?? 0);
}
