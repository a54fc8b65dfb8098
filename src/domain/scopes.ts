// Permissions are ordered admin ⊇ write ⊇ read; a scope covers its resource and every descendant,
// and `resourceId: null` covers the whole tenant.
export type Permission = 'read' | 'write' | 'admin';
export const PERMISSIONS: readonly Permission[] = ['read', 'write', 'admin'];
const RANK: Record<Permission, number> = { read: 1, write: 2, admin: 3 };

export interface Scope {
  resourceId: string | null;
  permission: Permission;
}

export const DEFAULT_SCOPES: readonly Scope[] = Object.freeze([{ resourceId: null, permission: 'read' as const }]);

export function includesPermission(granted: Permission, wanted: Permission): boolean {
  return RANK[granted] >= RANK[wanted];
}

/**
 * The `resourceId`s a scope may name to cover a resource: the whole tenant (null), the resource
 * itself or one of its ancestors. `ancestry` lists the resource and then its ancestors up to the
 * root (null: no resource asked about, so only a tenant-wide scope covers). The one definition of
 * coverage: checks in code and the key list's `resource` filter in SQL are both built from it.
 */
export function coveringTargets(ancestry: readonly string[] | null): (string | null)[] {
  return [null, ...(ancestry ?? [])];
}

export function scopeCovers(scope: Scope, ancestry: readonly string[] | null): boolean {
  return coveringTargets(ancestry).includes(scope.resourceId);
}

/** `ancestry` lists the resource itself and then its ancestors up to the root. */
export function scopesCover(scopes: readonly Scope[], ancestry: readonly string[] | null, wanted: Permission): boolean {
  return scopes.some((scope) => includesPermission(scope.permission, wanted) && scopeCovers(scope, ancestry));
}

/** Does every scope of `inner` fall within some scope of `outer`? `ancestryOf` gives a resource's chain. */
export function scopesWithin(
  inner: readonly Scope[],
  outer: readonly Scope[],
  ancestryOf: (resourceId: string) => readonly string[] | null,
): boolean {
  return inner.every((scope) =>
    scopesCover(outer, scope.resourceId === null ? null : ancestryOf(scope.resourceId), scope.permission),
  );
}

export function hasTenantWideScope(scopes: readonly Scope[], wanted: Permission): boolean {
  return scopes.some((s) => s.resourceId === null && includesPermission(s.permission, wanted));
}

/** Canonical form: no duplicate (resource, permission) pairs, stable order. */
export function normalizeScopes(scopes: readonly Scope[]): Scope[] {
  const seen = new Map<string, Scope>();
  for (const s of scopes) {
    const key = `${s.resourceId ?? ''}|${s.permission}`;
    if (!seen.has(key)) seen.set(key, { resourceId: s.resourceId, permission: s.permission });
  }
  return [...seen.values()];
}
