// Members of a tenant: list, grant or change roles and licence, withdraw access.
import { lastAdmin, notFound } from '../errors.js';
import { isTenantAdmin, ROLES, type Role } from '../domain/roles.js';
import { appendEvents, type Origin } from '../audit/events.js';
import type { ServiceContext } from './context.js';
import { lockedSettings } from './tenant-lock.js';
import { markRevoked } from './revocation.js';
import { assertTenantAdmin, tenantAccess, type Principal } from './access.js';
import { parseRoles, toMemberView } from './views.js';
import { containsLc, decodeCursor, pageOf } from './paging.js';
import type { Trx } from '../store/store.js';

export interface MemberInput {
  roles: readonly Role[];
  licensed: boolean;
}

const isMemberCursor = (v: unknown): v is { email: string; id: string } =>
  typeof v === 'object' && v !== null && typeof (v as any).email === 'string' && typeof (v as any).id === 'string';

/** The tenant's members by email (then user id), with `q` over email and name. */
export async function listMembers(
  ctx: ServiceContext, principal: Principal, tenantId: string, query: { q?: string; limit: number; cursor?: string },
) {
  assertTenantAdmin(await tenantAccess(ctx.store.db, principal, tenantId));
  let qb = ctx.store.db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id')
    .selectAll('memberships').select(['users.email', 'users.name', 'users.email_lc'])
    .where('memberships.tenant_id', '=', tenantId);
  if (query.q) qb = qb.where((eb) => eb.or([containsLc('users.email_lc', query.q!), containsLc('users.name_lc', query.q!)]));
  const email = ctx.store.byCodePoints('users.email_lc');
  if (query.cursor) {
    const c = decodeCursor(query.cursor, isMemberCursor);
    qb = qb.where((eb) => eb.or([
      eb(email, '>', c.email),
      eb.and([eb('users.email_lc', '=', c.email), eb('memberships.user_id', '>', c.id)]),
    ]));
  }
  const rows = await qb.orderBy(email).orderBy('memberships.user_id').limit(query.limit + 1).execute();
  return pageOf(rows, query.limit, (r) => toMemberView(r, r), (r) => ({ email: r.email_lc, id: r.user_id }));
}

/**
 * Reads the tenant's memberships with a row lock (PostgreSQL), so two concurrent demotions or
 * withdrawals cannot each see the other admin and together leave the tenant without one.
 */
async function lockMemberships(ctx: ServiceContext, trx: Trx, tenantId: string) {
  const rows = await ctx.store.forUpdate(
    trx.selectFrom('memberships').selectAll().where('tenant_id', '=', tenantId),
  ).execute();
  return rows.map((r) => ({ row: r, roles: parseRoles(r.roles) }));
}

function assertKeepsAnAdmin(members: { row: { user_id: string }; roles: Role[] }[], userId: string, rolesAfter: readonly Role[] | null) {
  const target = members.find((m) => m.row.user_id === userId);
  if (!target || !target.roles.includes('tenant_admin')) return;
  if (rolesAfter?.includes('tenant_admin')) return;
  const others = members.some((m) => m.row.user_id !== userId && isTenantAdmin({ roles: m.roles, licensed: false }));
  if (!others) throw lastAdmin();
}

/** Canonical role list: each role once, in the catalogue's order. */
const normalizeRoles = (roles: readonly Role[]): Role[] => ROLES.filter((r) => roles.includes(r));

/** PUT: grants access (member.granted) or changes roles and licence (member.changed). */
export async function putMember(
  ctx: ServiceContext, principal: Principal, tenantId: string, userId: string, input: MemberInput, origin: Origin,
) {
  assertTenantAdmin(await tenantAccess(ctx.store.db, principal, tenantId));
  const roles = normalizeRoles(input.roles);
  // Two grants of one new membership at once: the loser's insert meets the winner's row, and its
  // write runs again and finds the member (then a change, or nothing to do).
  return ctx.store.write(async (trx, changed) => {
    const user = await trx.selectFrom('users').select(['id', 'email', 'name']).where('id', '=', userId).executeTakeFirst();
    if (!user) throw notFound('user');
    const members = await lockMemberships(ctx, trx, tenantId);
    const current = members.find((m) => m.row.user_id === userId);
    const now = ctx.now().toISOString();
    const row = { tenant_id: tenantId, user_id: userId, roles: JSON.stringify(roles), licensed: input.licensed ? 1 : 0, updated_at: now };
    if (!current) {
      const inserted = { ...row, created_at: now };
      await trx.insertInto('memberships').values(inserted).execute();
      await appendEvents(ctx.store, trx, origin, [
        { tenantId, type: 'member.granted', details: { userId, roles, licensed: input.licensed } },
      ]);
      changed({ kind: 'member', tenantId, subjectId: userId });
      return toMemberView(inserted, user);
    }
    assertKeepsAnAdmin(members, userId, roles);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (JSON.stringify(current.roles) !== JSON.stringify(roles)) changes.roles = { from: current.roles, to: roles };
    const wasLicensed = current.row.licensed === 1;
    if (wasLicensed !== input.licensed) changes.licensed = { from: wasLicensed, to: input.licensed };
    // PUT is idempotent: repeating the same state writes and records nothing.
    if (Object.keys(changes).length === 0) return toMemberView(current.row, user);
    await trx.updateTable('memberships').set({ roles: row.roles, licensed: row.licensed, updated_at: now })
      .where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
    await appendEvents(ctx.store, trx, origin, [{ tenantId, type: 'member.changed', details: { userId, changes } }]);
    // Losing the developer role or the licence makes the member's keys answer DISABLED.
    changed({ kind: 'member', tenantId, subjectId: userId });
    return toMemberView({ ...current.row, ...row }, user);
  }, { onUnique: { memberships: 'retry' } });
}

/** DELETE: withdraws access and revokes, for good, every key the member holds in the tenant. */
export async function withdrawMember(
  ctx: ServiceContext, principal: Principal, tenantId: string, userId: string, origin: Origin,
): Promise<void> {
  assertTenantAdmin(await tenantAccess(ctx.store.db, principal, tenantId));
  await ctx.store.write(async (trx, changed) => {
    // The tenant first, as a key's creation and rotation take it: one of those under way commits its
    // key before the member's keys are read here, so none escapes the revocation.
    await lockedSettings(ctx, trx, tenantId);
    const members = await lockMemberships(ctx, trx, tenantId);
    if (!members.some((m) => m.row.user_id === userId)) throw notFound('member');
    assertKeepsAnAdmin(members, userId, null);
    await trx.deleteFrom('memberships').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
    const keys = await ctx.store.forUpdate(trx.selectFrom('api_keys').select(['id', 'tenant_id', 'hash'])
      .where('tenant_id', '=', tenantId).where('owner_id', '=', userId).where('revoked_at', 'is', null).orderBy('id')).execute();
    const now = ctx.now();
    await appendEvents(ctx.store, trx, origin, [{ tenantId, type: 'member.withdrawn', details: { userId, revokedKeys: keys.length } }], now);
    await markRevoked(ctx.store, trx, keys, origin, now, { reason: 'withdrawn', ownerId: userId }, changed);
    changed({ kind: 'member', tenantId, subjectId: userId });
  });
}
