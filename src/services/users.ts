// Users, sign-in and sessions.
import { createHash, randomBytes } from 'node:crypto';
import { emailTaken, fieldInvalid, forbidden, invalidCredentials, notFound, rateLimited } from '../errors.js';
import { newId } from '../domain/ids.js';
import { appendEvents, SYSTEM_ORIGIN, type Origin } from '../audit/events.js';
import type { ServiceContext } from './context.js';
import { assertPerson, assertPlatformAdmin, isPlatformAdmin, tenantAccess, type Principal } from './access.js';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './passwords.js';
import { toUserView, parseRoles } from './views.js';
import { FailureWindows } from './throttle.js';
import { containsLc, decodeCursor, isIdCursor, pageOf } from './paging.js';
import { isTenantAdmin } from '../domain/roles.js';

export interface NewUser {
  email: string;
  name: string;
  password: string;
  isPlatformAdmin?: boolean;
}

const sessionHash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createUser(ctx: ServiceContext, principal: Principal | null, input: NewUser, origin: Origin) {
  if (principal) assertPlatformAdmin(principal);
  const now = ctx.now().toISOString();
  const passwordHash = await hashPassword(input.password);
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
  });
}

/** First start: creates the platform admin from the environment when the database has no users. */
export async function ensureFirstAdmin(ctx: ServiceContext): Promise<boolean> {
  const { adminEmail, adminPassword } = ctx.config;
  if (!adminEmail || !adminPassword) return false;
  const any = await ctx.store.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  await createUser(ctx, null, { email: adminEmail, name: 'Administrator', password: adminPassword, isPlatformAdmin: true }, SYSTEM_ORIGIN);
  return true;
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
  return pageOf(rows, query.limit, toUserView, (u) => ({ id: u.id }));
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
  const passwordHash = patch.password !== undefined ? await hashPassword(patch.password) : undefined;
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
    if (patch.disabled || passwordHash !== undefined) await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    const fields = Object.keys(patch).filter((k) => k !== 'password');
    await appendEvents(ctx.store, trx, origin, [{
      tenantId: null, type: 'user.updated',
      details: { userId, fields, ...(passwordHash !== undefined && { passwordChanged: true }) },
    }]);
    changed({ kind: 'user', tenantId: null, subjectId: userId });
    return toUserView({ ...user, ...set });
  });
}

export class LoginThrottle {
  readonly accounts: FailureWindows;
  readonly ips: FailureWindows;
  constructor(limitPerAccount: number) {
    this.accounts = new FailureWindows(limitPerAccount);
    // One address may try several accounts (an office behind NAT), but not unboundedly many.
    this.ips = new FailureWindows(limitPerAccount * 5);
  }
}

export async function login(
  ctx: ServiceContext,
  throttle: LoginThrottle,
  input: { email: string; password: string },
  origin: Origin,
): Promise<{ token: string; userId: string }> {
  const account = input.email.toLowerCase();
  const ip = origin.ip ?? 'unknown';
  const nowMs = ctx.now().getTime();
  const wait = Math.max(throttle.accounts.blockedFor(account, nowMs), throttle.ips.blockedFor(ip, nowMs));
  if (wait > 0) throw rateLimited(Math.ceil(wait / 1000), 'Too many sign-in attempts; try again later.');
  const user = await ctx.store.db.selectFrom('users').selectAll().where('email_lc', '=', account).executeTakeFirst();
  const passwordOk = await verifyPassword(input.password, user?.password_hash ?? DUMMY_PASSWORD_HASH);
  if (!user || !passwordOk || user.disabled === 1) {
    const newlyThrottled = [throttle.accounts.fail(account, nowMs) && 'account', throttle.ips.fail(ip, nowMs) && 'ip']
      .filter((x): x is string => typeof x === 'string');
    await ctx.store.write(async (trx) => {
      await appendEvents(ctx.store, trx, { ...origin, actor: user ? { type: 'user', id: user.id } : origin.actor }, [
        { tenantId: null, type: 'auth.login_failed', details: { email: account } },
        ...newlyThrottled.map((by) => ({ tenantId: null, type: 'auth.throttled', details: { by, ...(by === 'account' ? { email: account } : { ip }) } })),
      ]);
    });
    throw invalidCredentials();
  }
  throttle.accounts.clear(account);
  const token = randomBytes(32).toString('base64url');
  const now = ctx.now();
  await ctx.store.write(async (trx) => {
    await trx.insertInto('sessions').values({
      token_hash: sessionHash(token), user_id: user.id, created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + ctx.config.sessionTtlMs).toISOString(),
    }).execute();
    await appendEvents(ctx.store, trx, { ...origin, actor: { type: 'user', id: user.id } }, [
      { tenantId: null, type: 'auth.login', details: {} },
    ]);
  });
  return { token, userId: user.id };
}

export async function sessionUser(ctx: ServiceContext, token: string) {
  const row = await ctx.store.db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users').select('sessions.expires_at')
    .where('sessions.token_hash', '=', sessionHash(token)).executeTakeFirst();
  if (!row || row.disabled === 1 || row.expires_at <= ctx.now().toISOString()) return null;
  const { expires_at: _expires, ...user } = row;
  return user;
}

export async function logout(ctx: ServiceContext, token: string): Promise<void> {
  await ctx.store.db.deleteFrom('sessions').where('token_hash', '=', sessionHash(token)).execute();
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
  principal: Principal,
  input: { name?: string; password?: string; currentPassword: string },
  currentToken: string | null,
  origin: Origin,
) {
  assertPerson(principal);
  if (!(await verifyPassword(input.currentPassword, principal.user.password_hash))) {
    throw fieldInvalid('/currentPassword', 'is not your current password');
  }
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
  await ctx.store.write(async (trx, changed) => {
    await trx.updateTable('users').set({
      ...(input.name !== undefined && { name: input.name, name_lc: input.name.toLowerCase() }),
      ...(passwordHash !== undefined && { password_hash: passwordHash }),
      updated_at: ctx.now().toISOString(),
    }).where('id', '=', principal.user.id).execute();
    if (passwordHash !== undefined) {
      // Other sessions end on a password change; this one stays.
      await trx.deleteFrom('sessions').where('user_id', '=', principal.user.id)
        .$if(currentToken !== null, (qb) => qb.where('token_hash', '!=', sessionHash(currentToken!))).execute();
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
