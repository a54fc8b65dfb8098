// Users: creating, finding and changing them, and a person's own profile (`/auth/me`).
// Signing in is sign-in.ts; sessions are sessions.ts.
import { KeywardenError, emailTaken, forbidden, notFound } from '../errors.js';
import { newId } from '../domain/ids.js';
import { appendEvents, SYSTEM_ORIGIN, type Origin } from '../audit/events.js';
import type { ServiceContext } from './context.js';
import { assertPerson, assertPlatformAdmin, isPlatformAdmin, tenantAccess, type Principal } from './access.js';
import { toUserView, parseRoles } from './views.js';
import { assertCurrentPassword, type LoginThrottle } from './sign-in.js';
import { endSessionsOf } from './sessions.js';
import { containsLc, decodeCursor, isIdCursor, pageOf } from './paging.js';
import { isTenantAdmin } from '../domain/roles.js';
import type { UserTable } from '../store/schema.js';

export interface NewUser {
  email: string;
  name: string;
  password: string;
  isPlatformAdmin?: boolean;
}

export async function createUser(ctx: ServiceContext, principal: Principal | null, input: NewUser, origin: Origin) {
  if (principal) assertPlatformAdmin(principal);
  const now = ctx.now().toISOString();
  const passwordHash = await ctx.passwords.hash(input.password);
  return ctx.store.write(async (trx, changed) => {
    const taken = await trx.selectFrom('users').select('id').where('email_lc', '=', input.email.toLowerCase()).executeTakeFirst();
    if (taken) throw emailTaken();
    const row = {
      id: newId('usr'), email: input.email, email_lc: input.email.toLowerCase(), name: input.name,
      name_lc: input.name.toLowerCase(), password_hash: passwordHash, is_platform_admin: input.isPlatformAdmin ? 1 : 0,
      disabled: 0, created_at: now, updated_at: now,
    };
    await trx.insertInto('users').values(row).execute();
    await appendEvents(ctx.store, trx, origin, [{ tenantId: null, type: 'user.created', details: { userId: row.id, email: row.email } }]);
    changed({ kind: 'user', tenantId: null, subjectId: row.id });
    return toUserView(row);
  }, { onUnique: { users: emailTaken } });
}

/** First start: creates the platform admin from the environment when the database has no users. */
export async function ensureFirstAdmin(ctx: ServiceContext): Promise<boolean> {
  const { adminEmail, adminPassword } = ctx.config;
  if (!adminEmail || !adminPassword) return false;
  const any = await ctx.store.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  try {
    await createUser(ctx, null, { email: adminEmail, name: 'Administrator', password: adminPassword, isPlatformAdmin: true }, SYSTEM_ORIGIN);
    return true;
  } catch (err) {
    // Another node starting on the same database made the admin first: that is all we wanted.
    if (err instanceof KeywardenError && err.code === 'EMAIL_TAKEN') return false;
    throw err;
  }
}

export async function getUser(ctx: ServiceContext, userId: string) {
  return ctx.store.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
}

export async function listUsers(
  ctx: ServiceContext,
  principal: Principal,
  query: { email?: string; q?: string; limit: number; cursor?: string },
) {
  let qb = ctx.store.db.selectFrom('users').selectAll();
  if (!isPlatformAdmin(principal)) {
    // A tenant admin may look up one user by exact email, to grant access.
    if (query.email === undefined || query.q !== undefined) throw forbidden('Only a platform admin may list users.');
    const memberships = await ctx.store.db.selectFrom('memberships').select(['tenant_id', 'roles'])
      .where('user_id', '=', principal.user.id).execute();
    const adminSomewhere = await anyAsync(memberships, async (m) => {
      if (!isTenantAdmin({ roles: parseRoles(m.roles), licensed: false })) return false;
      return (await tenantAccess(ctx.store.db, principal, m.tenant_id).catch(() => null))?.isAdmin ?? false;
    });
    if (!adminSomewhere) throw forbidden('Only a tenant admin may look up users.');
  }
  if (query.email !== undefined) qb = qb.where('email_lc', '=', query.email.toLowerCase());
  if (query.q) qb = qb.where((eb) => eb.or([containsLc('email_lc', query.q!), containsLc('name_lc', query.q!)]));
  if (query.cursor) qb = qb.where('id', '>', decodeCursor(query.cursor, isIdCursor).id);
  const rows = await qb.orderBy('id').limit(query.limit + 1).execute();
  // A tenant admin learns only what granting access needs, not the user's standing elsewhere.
  const view = isPlatformAdmin(principal) ? toUserView : (u: UserTable) => ({ id: u.id, email: u.email, name: u.name });
  return pageOf(rows, query.limit, view, (u) => ({ id: u.id }));
}

async function anyAsync<T>(items: T[], test: (item: T) => Promise<boolean>): Promise<boolean> {
  for (const item of items) if (await test(item)) return true;
  return false;
}

export interface UserPatch {
  name?: string;
  disabled?: boolean;
  isPlatformAdmin?: boolean;
  password?: string;
}

export async function updateUser(ctx: ServiceContext, principal: Principal, userId: string, patch: UserPatch, origin: Origin) {
  assertPlatformAdmin(principal);
  const passwordHash = patch.password !== undefined ? await ctx.passwords.hash(patch.password) : undefined;
  return ctx.store.write(async (trx, changed) => {
    const user = await trx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
    if (!user) throw notFound('user');
    const now = ctx.now().toISOString();
    const set = {
      ...(patch.name !== undefined && { name: patch.name, name_lc: patch.name.toLowerCase() }),
      ...(patch.disabled !== undefined && { disabled: patch.disabled ? 1 : 0 }),
      ...(patch.isPlatformAdmin !== undefined && { is_platform_admin: patch.isPlatformAdmin ? 1 : 0 }),
      ...(passwordHash !== undefined && { password_hash: passwordHash }),
      updated_at: now,
    };
    await trx.updateTable('users').set(set).where('id', '=', userId).execute();
    // A disabled user's sessions end; a new password ends the old sessions too.
    if (patch.disabled || passwordHash !== undefined) await endSessionsOf(trx, userId);
    const fields = Object.keys(patch).filter((k) => k !== 'password');
    await appendEvents(ctx.store, trx, origin, [{
      tenantId: null, type: 'user.updated',
      details: { userId, fields, ...(passwordHash !== undefined && { passwordChanged: true }) },
    }]);
    changed({ kind: 'user', tenantId: null, subjectId: userId });
    return toUserView({ ...user, ...set });
  });
}

export async function me(ctx: ServiceContext, principal: Principal) {
  const memberships = await ctx.store.db.selectFrom('memberships').innerJoin('tenants', 'tenants.id', 'memberships.tenant_id')
    .select(['memberships.tenant_id', 'tenants.name', 'memberships.roles', 'memberships.licensed'])
    .where('memberships.user_id', '=', principal.user.id)
    .$if(principal.key !== null, (qb) => qb.where('memberships.tenant_id', '=', principal.key!.tenantId))
    .orderBy(ctx.store.byCodePoints('tenants.name_lc')).orderBy('tenants.id').execute();
  return {
    user: toUserView(principal.user),
    memberships: memberships.map((m) => ({
      tenantId: m.tenant_id, tenantName: m.name, roles: parseRoles(m.roles), licensed: m.licensed === 1,
    })),
    ...(principal.key && { key: { id: principal.key.id, tenantId: principal.key.tenantId, scopes: [...principal.key.scopes] } }),
  };
}

export async function updateMe(
  ctx: ServiceContext,
  throttle: LoginThrottle,
  principal: Principal,
  input: { name?: string; password?: string; currentPassword: string },
  currentToken: string | null,
  origin: Origin,
) {
  assertPerson(principal);
  await assertCurrentPassword(ctx, throttle, principal.user, input.currentPassword, origin);
  const passwordHash = input.password !== undefined ? await ctx.passwords.hash(input.password) : undefined;
  await ctx.store.write(async (trx, changed) => {
    await trx.updateTable('users').set({
      ...(input.name !== undefined && { name: input.name, name_lc: input.name.toLowerCase() }),
      ...(passwordHash !== undefined && { password_hash: passwordHash }),
      updated_at: ctx.now().toISOString(),
    }).where('id', '=', principal.user.id).execute();
    if (passwordHash !== undefined) {
      // Other sessions end on a password change; this one stays.
      await endSessionsOf(trx, principal.user.id, currentToken);
    }
    await appendEvents(ctx.store, trx, origin, [{
      tenantId: null, type: 'user.updated',
      details: { userId: principal.user.id, fields: Object.keys(input).filter((k) => k !== 'currentPassword' && k !== 'password'), ...(passwordHash && { passwordChanged: true }) },
    }]);
    changed({ kind: 'user', tenantId: null, subjectId: principal.user.id });
  });
  const user = (await getUser(ctx, principal.user.id))!;
  return me(ctx, { user, key: null });
}
