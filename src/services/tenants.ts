// Tenants and their settings (the key policy).
import { nameTaken } from '../errors.js';
import { newId } from '../domain/ids.js';
import { DEFAULT_SETTINGS, type TenantSettings } from '../domain/policy.js';
import { assertValidResourceTypes } from '../domain/resource-types.js';
import { appendEvents, type Origin } from '../audit/events.js';
import type { ServiceContext } from './context.js';
import {
  assertKeyPermission, assertPlatformAdmin, assertTenantAdmin, isPlatformAdmin, tenantAccess, type Principal,
} from './access.js';
import { parseRoles, parseSettings, toTenantView } from './views.js';
import { containsLc, decodeCursor, pageOf } from './paging.js';
import type { Trx } from '../store/store.js';
import { normalizeAllowedIps } from '../domain/allowed-ips.js';

/** Settings as stored: a tenant's default address list normalised (a bad entry is a 400 on /settings…/allowedIps/i). */
function normalizedSettings<T extends Partial<TenantSettings>>(patch: T, field: string): T {
  return patch.allowedIps ? { ...patch, allowedIps: normalizeAllowedIps(patch.allowedIps, field) } : patch;
}
import { forbidden } from '../errors.js';
import { assertTenantLimits } from './limits.js';
import { lockedSettings } from './tenant-lock.js';

// The check below answers the common case; the unique index settles a race between two writers.
const TENANT_NAME_UNIQUE = { tenants: () => nameTaken('tenant') };

async function assertNameFree(trx: Trx, name: string, exceptId?: string) {
  const clash = await trx.selectFrom('tenants').select('id').where('name_lc', '=', name.toLowerCase())
    .$if(exceptId !== undefined, (qb) => qb.where('id', '!=', exceptId!)).executeTakeFirst();
  if (clash) throw nameTaken('tenant');
}

export async function createTenant(
  ctx: ServiceContext, principal: Principal, input: { name: string; settings?: Partial<TenantSettings> }, origin: Origin,
) {
  assertPlatformAdmin(principal);
  assertValidResourceTypes(input.settings?.resourceTypes);
  const now = ctx.now().toISOString();
  const given = input.settings && normalizedSettings(input.settings, '/settings/allowedIps');
  return ctx.store.write(async (trx) => {
    await assertNameFree(trx, input.name);
    if (input.settings?.limits) await assertTenantLimits(trx, null, input.settings.limits);
    const settings = { ...DEFAULT_SETTINGS, ...given };
    const row = { id: newId('ten'), name: input.name, name_lc: input.name.toLowerCase(), settings: JSON.stringify(settings), created_at: now, updated_at: now };
    await trx.insertInto('tenants').values(row).execute();
    // The creator becomes the tenant's first admin.
    await trx.insertInto('memberships').values({
      tenant_id: row.id, user_id: principal.user.id, roles: JSON.stringify(['tenant_admin']), licensed: 0, created_at: now, updated_at: now,
    }).execute();
    await appendEvents(ctx.store, trx, origin, [
      { tenantId: row.id, type: 'tenant.created', details: { name: row.name, settings } },
      { tenantId: row.id, type: 'member.granted', details: { userId: principal.user.id, roles: ['tenant_admin'], licensed: false } },
    ]);
    return toTenantView(row);
  }, { onUnique: TENANT_NAME_UNIQUE });
}

const isTenantCursor = (v: unknown): v is { name: string; id: string } =>
  typeof v === 'object' && v !== null && typeof (v as any).name === 'string' && typeof (v as any).id === 'string';

/** The caller's tenants (a platform admin: all), each with the caller's roles, by name. */
export async function listTenants(ctx: ServiceContext, principal: Principal, query: { q?: string; limit: number; cursor?: string }) {
  let qb = ctx.store.db.selectFrom('tenants')
    .leftJoin('memberships', (j) => j.onRef('memberships.tenant_id', '=', 'tenants.id').on('memberships.user_id', '=', principal.user.id))
    .selectAll('tenants').select('memberships.roles as member_roles');
  if (!isPlatformAdmin(principal)) qb = qb.where('memberships.user_id', 'is not', null);
  if (principal.key) qb = qb.where('tenants.id', '=', principal.key.tenantId);
  if (query.q) qb = qb.where(containsLc('tenants.name_lc', query.q));
  const name = ctx.store.byCodePoints('tenants.name_lc');
  if (query.cursor) {
    const c = decodeCursor(query.cursor, isTenantCursor);
    qb = qb.where((eb) => eb.or([eb(name, '>', c.name), eb.and([eb('tenants.name_lc', '=', c.name), eb('tenants.id', '>', c.id)])]));
  }
  const rows = await qb.orderBy(name).orderBy('tenants.id').limit(query.limit + 1).execute();
  return pageOf(rows, query.limit,
    (r) => ({ ...toTenantView(r), roles: r.member_roles ? parseRoles(r.member_roles) : [] }),
    (r) => ({ name: r.name_lc, id: r.id }));
}

export async function getTenant(ctx: ServiceContext, principal: Principal, tenantId: string) {
  const access = await tenantAccess(ctx.store.db, principal, tenantId);
  assertKeyPermission(access, 'read');
  return toTenantView(access.tenant);
}

export async function renameTenant(ctx: ServiceContext, principal: Principal, tenantId: string, input: { name: string }, origin: Origin) {
  const access = await tenantAccess(ctx.store.db, principal, tenantId);
  assertTenantAdmin(access);
  return ctx.store.write(async (trx) => {
    await assertNameFree(trx, input.name, tenantId);
    const updatedAt = ctx.now().toISOString();
    await trx.updateTable('tenants').set({ name: input.name, name_lc: input.name.toLowerCase(), updated_at: updatedAt })
      .where('id', '=', tenantId).execute();
    await appendEvents(ctx.store, trx, origin, [{ tenantId, type: 'tenant.updated', details: { name: input.name, previousName: access.tenant.name } }]);
    return toTenantView({ ...access.tenant, name: input.name, updated_at: updatedAt });
  }, { onUnique: TENANT_NAME_UNIQUE });
}

export async function getSettings(ctx: ServiceContext, principal: Principal, tenantId: string) {
  const access = await tenantAccess(ctx.store.db, principal, tenantId);
  assertKeyPermission(access, 'read');
  return parseSettings(access.tenant.settings);
}

export async function updateSettings(
  ctx: ServiceContext, principal: Principal, tenantId: string, patch: Partial<TenantSettings>, origin: Origin,
) {
  const access = await tenantAccess(ctx.store.db, principal, tenantId);
  assertTenantAdmin(access);
  patch = normalizedSettings(patch, '/allowedIps');
  assertValidResourceTypes(patch.resourceTypes);
  // The named limits are the tenant's plan: its admins may read them, only a platform admin sets them.
  if (patch.limits !== undefined && !isPlatformAdmin(principal)) throw forbidden('Only a platform admin may change a tenant\'s limits.');
  return ctx.store.write(async (trx, changed) => {
    // Re-read inside the transaction so two concurrent patches do not undo each other; the keys'
    // limit names are read after the lock, which a key's write takes first too.
    const before = await lockedSettings(ctx, trx, tenantId);
    if (patch.limits !== undefined) await assertTenantLimits(trx, tenantId, patch.limits);
    const after = { ...before, ...patch };
    if (after.limits !== undefined && after.limits.length === 0) delete after.limits;
    await trx.updateTable('tenants').set({ settings: JSON.stringify(after), updated_at: ctx.now().toISOString() })
      .where('id', '=', tenantId).execute();
    const changes = Object.fromEntries(
      // Compared as JSON: resourceTypes is an object.
      (Object.keys(patch) as (keyof TenantSettings)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).map((k) => [k, { from: before[k], to: after[k] }]),
    );
    await appendEvents(ctx.store, trx, origin, [{ tenantId, type: 'settings.updated', details: { changes } }]);
    changed({ kind: 'tenant', tenantId, subjectId: tenantId });
    return after;
  });
}
