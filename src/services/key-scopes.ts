// The resource tree of a tenant as an ancestry lookup, for scope checks on key writes.
import type { Db, Trx } from '../store/store.js';

/** Returns a function giving a resource and its ancestors (nearest first), or null when it is not in this tenant. */
export async function loadAncestry(db: Db | Trx, tenantId: string): Promise<(resourceId: string) => string[] | null> {
  const rows = await db.selectFrom('resources').select(['id', 'parent_id']).where('tenant_id', '=', tenantId).execute();
  const parent = new Map(rows.map((r) => [r.id, r.parent_id]));
  return (resourceId) => {
    if (!parent.has(resourceId)) return null;
    const chain: string[] = [];
    for (let id: string | null | undefined = resourceId; id && !chain.includes(id); id = parent.get(id)) chain.push(id);
    return chain;
  };
}
