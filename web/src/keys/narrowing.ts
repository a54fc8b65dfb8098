// Which changes of a key's scopes only narrow them (DESIGN "Rules": a PATCH may narrow, never widen).
// Each scope row keeps the scope it came from and offers only that resource or one below it, and
// that permission or a lower one; rows may be removed but not added, and one must stay.
import type { Permission, Resource, Scope } from '../api/types';

const ORDER: Permission[] = ['read', 'write', 'admin'];

/** The permissions at or below `granted`, lowest first. */
export function permissionChoices(granted: Permission): Permission[] {
  return ORDER.slice(0, ORDER.indexOf(granted) + 1);
}

/**
 * The resources a scope on `resourceId` may be narrowed to, in tree order: the resource itself and
 * its descendants (null, the whole tenant, first when it is the origin; then every resource).
 */
export function resourceChoices(resourceId: string | null, resources: readonly Resource[]): (string | null)[] {
  if (resourceId === null) return [null, ...resources.map((r) => r.id)];
  // A resource the loaded list lacks (a very large tree) still offers itself: keeping it is no widening.
  if (!resources.some((r) => r.id === resourceId)) return [resourceId];
  const inside = new Set([resourceId]);
  // The list comes in tree order: a parent is always listed before its children.
  for (const r of resources) if (r.parentId && inside.has(r.parentId)) inside.add(r.id);
  return resources.filter((r) => inside.has(r.id)).map((r) => r.id);
}

export interface NarrowRow {
  origin: Scope;
  scope: Scope;
}

export const rowsOf = (scopes: readonly Scope[]): NarrowRow[] => scopes.map((scope) => ({ origin: scope, scope: { ...scope } }));

/** Did the rows change the key's scopes (a row removed, or one narrowed)? */
export function scopesChanged(rows: readonly NarrowRow[], original: readonly Scope[]): boolean {
  return rows.length !== original.length || rows.some((r) => r.scope.resourceId !== r.origin.resourceId || r.scope.permission !== r.origin.permission);
}
