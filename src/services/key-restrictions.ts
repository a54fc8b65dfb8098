// A key's v1.1 metadata and address rules on its writes (DESIGN v1.1 "Key metadata", "IP
// restrictions"): who may set them, and the narrowing rule for its owner. keys.ts calls these.
import { forbidden } from '../errors.js';
import { allowedIpsWithin, effectiveAllowedIps, normalizeAllowedIps } from '../domain/allowed-ips.js';
import { serializeMeta, type KeyMeta } from '../domain/key-meta.js';
import { hasTenantWideScope } from '../domain/scopes.js';
import { isDeveloper } from '../domain/roles.js';
import type { TenantSettings } from '../domain/policy.js';
import type { ApiKeyTable } from '../store/schema.js';
import type { Trx } from '../store/store.js';
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

/**
 * The addresses a calling management key holds the keys it reaches to: where it works from, its own
 * list else the tenant's default, unless its owner acts as a tenant admin through it (a tenant
 * admin's key with a tenant-wide `admin` scope sets lists freely, as the admin does). Else whoever
 * holds a key pinned to, say, a CI runner's address could create or rotate a key that works from
 * anywhere, and keep it past the first key's revocation. `own`: the key's own list, which a key it
 * creates takes over. null: no hold.
 */
async function callerKeyHold(trx: Trx, access: TenantAccess, settings: TenantSettings): Promise<{ own: string[] | null; hold: readonly string[] } | null> {
  const { key } = access.principal;
  if (!key || access.isAdmin) return null;
  const row = await trx.selectFrom('api_keys').select('allowed_ips').where('id', '=', key.id).executeTakeFirst();
  const own = parseAllowedIps(row?.allowed_ips ?? null);
  const hold = effectiveAllowedIps(own, settings.allowedIps ?? null);
  return hold === null ? null : { own, hold };
}

/** Whether a key's own list keeps it within a hold, measured as it applies (the tenant's list by default). */
const isWithinHold = (own: string[] | null, hold: readonly string[], settings: TenantSettings) =>
  allowedIpsWithin(effectiveAllowedIps(own, settings.allowedIps ?? null), hold);

/**
 * A new key created through a key held to addresses takes that key's own list (without one, both
 * follow the tenant's default), or names a list within the hold (403 otherwise).
 */
export async function columnsOfNewKey(trx: Trx, access: TenantAccess, columns: RestrictionColumns, settings: TenantSettings): Promise<RestrictionColumns> {
  const held = await callerKeyHold(trx, access, settings);
  if (held === null) return columns;
  if (columns.allowed_ips == null) return { ...columns, allowed_ips: listText(held.own) };
  if (!isWithinHold(parseAllowedIps(columns.allowed_ips), held.hold, settings)) {
    throw forbidden('A key restricted to addresses may only create keys that work only from within them.');
  }
  return columns;
}

/** A key rotated through a key held to addresses must itself work only from within them (403 otherwise). */
export async function assertRotatableByCaller(trx: Trx, access: TenantAccess, row: ApiKeyTable, settings: TenantSettings): Promise<void> {
  const held = await callerKeyHold(trx, access, settings);
  if (held !== null && !isWithinHold(parseAllowedIps(row.allowed_ips), held.hold, settings)) {
    throw forbidden('A key restricted to addresses may only rotate keys that work only from within them.');
  }
}
