// Who may do what in a tenant. Every service asks here, so the rules of DESIGN.md
// ("Keys on the management API", "Visibility", "Platform admin") live in one place.
import { forbidden, notFound } from '../errors.js';
import { hasTenantWideScope, type Permission, type Scope } from '../domain/scopes.js';
import { isDeveloper, isTenantAdmin, type MembershipFacts } from '../domain/roles.js';
import type { Db } from '../store/store.js';
import type { TenantTable, UserTable } from '../store/schema.js';
import { readMembership } from '../store/reads/membership.js';
import type { Actor } from '../audit/events.js';

export interface PrincipalKey {
  id: string;
  tenantId: string;
  scopes: readonly Scope[];
  management: boolean;
}

/** The authenticated caller: a person, or a management key acting as its owner. */
export interface Principal {
  user: UserTable;
  key: PrincipalKey | null;
}

export const actorOf = (p: Principal): Actor => (p.key ? { type: 'key', id: p.key.id } : { type: 'user', id: p.user.id });

/** Platform-admin rights never pass to a key. */
export const isPlatformAdmin = (p: Principal) => p.key === null && p.user.is_platform_admin === 1;

export function assertPerson(p: Principal): void {
  if (p.key) throw forbidden('This needs a signed-in person, not an API key.');
}

export function assertPlatformAdmin(p: Principal): void {
  if (!isPlatformAdmin(p)) throw forbidden('Only a platform admin may do this.');
}

export interface TenantAccess {
  principal: Principal;
  tenant: TenantTable;
  membership: (MembershipFacts & { userId: string }) | null;
  /** Tenant-admin rights (a tenant admin, or a platform admin signed in as a person). */
  isAdmin: boolean;
}

/** Loads the tenant as the caller sees it: 404 when the caller may not see it at all. */
export async function tenantAccess(db: Db, principal: Principal, tenantId: string): Promise<TenantAccess> {
  if (principal.key && principal.key.tenantId !== tenantId) throw notFound('tenant');
  const tenant = await db.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirst();
  if (!tenant) throw notFound('tenant');
  const facts = await readMembership(db, tenantId, principal.user.id);
  const membership = facts ? { userId: principal.user.id, roles: facts.roles, licensed: facts.licensed } : null;
  if (!membership && !isPlatformAdmin(principal)) throw notFound('tenant');
  const isAdmin = isPlatformAdmin(principal) ||
    (isTenantAdmin(membership) && (!principal.key || hasTenantWideScope(principal.key.scopes, 'admin')));
  return { principal, tenant, membership, isAdmin };
}

/** For routes whose "who" is tenant admin. */
export function assertTenantAdmin(access: TenantAccess): void {
  if (!access.isAdmin) throw forbidden('Only a tenant admin may do this.');
}

/** A key needs a tenant-wide scope of at least `permission` for this kind of call. */
export function assertKeyPermission(access: TenantAccess, permission: Permission): void {
  const key = access.principal.key;
  if (key && !hasTenantWideScope(key.scopes, permission)) {
    throw forbidden(`This API key needs a tenant-wide ${permission} scope for this.`);
  }
}

export function assertDeveloper(access: TenantAccess): void {
  if (!isDeveloper(access.membership)) throw forbidden('Only members with the developer role may do this.');
}
