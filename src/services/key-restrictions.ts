// A key's v1.1 metadata and address rules on its writes (DESIGN v1.1 "Key metadata", "IP
// restrictions"): who may set them, and the narrowing rule for its owner. keys.ts calls these.
import { forbidden } from '../errors.js';
import { allowedIpsWithin, effectiveAllowedIps, normalizeAllowedIps } from '../domain/allowed-ips.js';
import { serializeMeta, type KeyMeta } from '../domain/key-meta.js';
import { hasTenantWideScope } from '../domain/scopes.js';
import { isDeveloper } from '../domain/roles.js';
import type { TenantSettings } from '../domain/policy.js';
import type { ApiKeyTable } from '../store/schema.js';
import type { TenantAccess } from './access.js';

export interface RestrictionInput {
  meta?: KeyMeta | null;
  allowedIps?: string[] | null;
}

type RestrictionColumns = Partial<Pick<ApiKeyTable, 'meta' | 'allowed_ips'>>;

const listText = (list: string[] | null) => (list === null ? null : JSON.stringify(list));
export const parseAllowedIps = (text: string | null): string[] | null => (text === null ? null : JSON.parse(text));

/** The columns for the request's meta and allowedIps, checked for size and form (400s, before any policy check). */
export function restrictionColumns(input: RestrictionInput): RestrictionColumns {
  return {
    ...(input.meta !== undefined && { meta: serializeMeta(input.meta) }),
    ...(input.allowedIps !== undefined && { allowed_ips: listText(input.allowedIps && normalizeAllowedIps(input.allowedIps, '/allowedIps')) }),
  };
}

/**
 * Creation: the creator sets both, but through a key an address list needs a tenant-wide admin
 * scope (DESIGN "Creating a key"), and a creator who is no tenant admin stays within the tenant's
 * list (`settings.allowedIps`; none: any list), so a developer cannot escape the tenant's default.
 */
export function assertMaySetOnCreate(access: TenantAccess, columns: RestrictionColumns, settings: TenantSettings): void {
  if (columns.allowed_ips == null) return;
  const { key } = access.principal;
  if (key && !hasTenantWideScope(key.scopes, 'admin')) throw forbidden('Setting allowedIps with an API key needs a tenant-wide admin scope.');
  if (!access.isAdmin && !allowedIpsWithin(parseAllowedIps(columns.allowed_ips), settings.allowedIps ?? null)) {
    throw forbidden('A new key\'s allowedIps must lie within the tenant\'s; a tenant admin may set a wider list.');
  }
}

/**
 * A change: the owner (a developer) or a tenant admin. The owner may only narrow the key's effective
 * list (its own, else the tenant's, else any address); a tenant admin (through a key: with a
 * tenant-wide admin scope) sets it freely. `settings` (the tenant's) is needed only for an owner's
 * new address list.
 */
export function assertMayChange(
  access: TenantAccess, row: ApiKeyTable, isOwner: boolean, columns: RestrictionColumns, settings: TenantSettings | null,
): void {
  if (Object.keys(columns).length === 0 || access.isAdmin) return;
  if (!(isOwner && isDeveloper(access.membership))) throw forbidden('Only the key\'s owner, with the developer role, or a tenant admin may change it.');
  if (columns.allowed_ips === undefined) return;
  const tenantList = settings?.allowedIps ?? null;
  const before = effectiveAllowedIps(parseAllowedIps(row.allowed_ips), tenantList);
  const after = effectiveAllowedIps(parseAllowedIps(columns.allowed_ips), tenantList);
  if (!allowedIpsWithin(after, before)) {
    throw forbidden('A key\'s owner may only narrow its allowedIps; a tenant admin may widen them.');
  }
}
