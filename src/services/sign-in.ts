// Signing in with an e-mail address and password, and checking a password again (PATCH /auth/me).
// Attempts are throttled per account and per client address, and the throttle holds under
// concurrency: an attempt is counted before its password is checked and given back when it succeeds
// (DESIGN "Authentication"), so of many parallel guesses at most the limit are ever checked.
import { fieldInvalid, invalidCredentials, rateLimited } from '../errors.js';
import { appendEvents, type Origin } from '../audit/events.js';
import { throttleKeyOf } from '../domain/client-address.js';
import { isEmailAddress } from '../domain/email.js';
import type { UserTable } from '../store/schema.js';
import type { Selectable } from 'kysely';
import type { ServiceContext } from './context.js';
import { SharedWindows, type SharedRedis } from '../throttle/shared-windows.js';
import { startSession } from './sessions.js';
import type { Attempt } from '../throttle/windows.js';

export class LoginThrottle {
  readonly accounts: SharedWindows;
  readonly addresses: SharedWindows;

  /**
   * DESIGN: `KEYWARDEN_LOGIN_FAILURES` a minute per account and per client address alike.
   * `shared`: the nodes' Redis, so that every node counts the same attempts; null counts per node.
   */
  constructor(limit: number, shared: SharedRedis | null = null) {
    this.accounts = new SharedWindows('login-account', limit, shared);
    this.addresses = new SharedWindows('login-ip', limit, shared);
  }
}

type User = Selectable<UserTable>;

/** A typed e-mail is recorded only when it is an address: a password typed there must not live on in the audit chain. */
const typedEmail = (account: string) => (isEmailAddress(account) ? { email: account } : {});

async function recordThrottled(ctx: ServiceContext, origin: Origin, details: Record<string, unknown>): Promise<void> {
  await ctx.store.write(async (trx) => {
    await appendEvents(ctx.store, trx, origin, [{ tenantId: null, type: 'auth.throttled', details }]);
  });
}

async function refuse(ctx: ServiceContext, origin: Origin, attempt: Attempt, details: Record<string, unknown>): Promise<never> {
  // Throttling is a platform event once per window, not once per refused attempt.
  if (attempt.firstRefusal) await recordThrottled(ctx, origin, details);
  throw rateLimited(Math.ceil(attempt.waitMs / 1000), 'Too many sign-in attempts; try again later.');
}

/**
 * Counts an attempt for the address and the account, or refuses it (429) when either is at its
 * limit. The address first: a throttled address's attempts, at no hash's cost, then count toward
 * no account, so they cannot crowd accounts' counts out of the table (throttle/windows.ts).
 */
async function takeAttempt(ctx: ServiceContext, throttle: LoginThrottle, account: string, address: string | null, origin: Origin) {
  const nowMs = ctx.now().getTime();
  if (address !== null) {
    const byAddress = await throttle.addresses.take(address, nowMs);
    if (byAddress.waitMs > 0) await refuse(ctx, origin, byAddress, { by: 'ip', ip: origin.ip });
  }
  const byAccount = await throttle.accounts.take(account, nowMs);
  if (byAccount.waitMs > 0) {
    if (address !== null) await throttle.addresses.giveBack(address, nowMs);
    await refuse(ctx, origin, byAccount, { by: 'account', ...typedEmail(account) });
  }
}

async function giveBack(ctx: ServiceContext, throttle: LoginThrottle, account: string, address: string | null) {
  const nowMs = ctx.now().getTime();
  await Promise.all([throttle.accounts.giveBack(account, nowMs), address === null ? null : throttle.addresses.giveBack(address, nowMs)]);
}

/**
 * Checks a password under the throttle: a success (or a check that never ran) gives its attempt back.
 * A right password of a disabled user stays counted, like a wrong one: the throttle must not tell them apart.
 */
async function checkThrottled(
  ctx: ServiceContext, throttle: LoginThrottle, account: string, address: string | null, origin: Origin,
  password: string, stored: string, mayPass = true,
) {
  await takeAttempt(ctx, throttle, account, address, origin);
  try {
    const check = await ctx.passwords.check(password, stored);
    if (check.ok && mayPass) await giveBack(ctx, throttle, account, address);
    return check;
  } catch (err) {
    await giveBack(ctx, throttle, account, address);
    throw err;
  }
}

/** A new hash with today's parameters for a password that matched an older, weaker one; skipped when busy. */
const rehash = (ctx: ServiceContext, password: string): Promise<string | null> => ctx.passwords.hash(password).catch(() => null);

export async function login(
  ctx: ServiceContext,
  throttle: LoginThrottle,
  input: { email: string; password: string },
  origin: Origin,
): Promise<{ token: string; userId: string }> {
  const account = input.email.toLowerCase();
  const address = throttleKeyOf(origin.ip ?? 'unknown');
  const user = await ctx.store.db.selectFrom('users').selectAll().where('email_lc', '=', account).executeTakeFirst();
  // An unknown address costs a hash too, so the answer's timing does not tell whether it exists.
  const check = await checkThrottled(ctx, throttle, account, address, origin, input.password,
    user?.password_hash ?? ctx.passwords.dummyHash, user?.disabled === 0);
  const failed = async (): Promise<never> => {
    await ctx.store.write(async (trx) => {
      await appendEvents(ctx.store, trx, { ...origin, actor: user ? { type: 'user', id: user.id } : origin.actor }, [
        { tenantId: null, type: 'auth.login_failed', details: typedEmail(account) },
      ]);
    });
    throw invalidCredentials();
  };
  if (!user || !check.ok || user.disabled === 1) return failed();
  const signedIn = user;
  let checked = user.password_hash;
  let newHash = check.needsRehash ? await rehash(ctx, input.password) : null;
  // Bounded: each round follows a change of the hash made while the round before was checked.
  for (let round = 0; round < 3; round++) {
    const outcome = await ctx.store.write(async (trx) => {
      // The password may have changed, or the user been disabled, while it was checked: that change
      // ended the user's sessions, and must not miss this one. The row lock orders the two.
      const current = await ctx.store.forUpdate(trx.selectFrom('users').select(['password_hash', 'disabled'])
        .where('id', '=', signedIn.id)).executeTakeFirst();
      if (!current || current.disabled === 1) return { kind: 'refused' } as const;
      if (current.password_hash !== checked) return { kind: 'changed', hash: current.password_hash } as const;
      if (newHash !== null) await trx.updateTable('users').set({ password_hash: newHash }).where('id', '=', signedIn.id).execute();
      const token = await startSession(ctx, trx, signedIn.id, ctx.now());
      await appendEvents(ctx.store, trx, { ...origin, actor: { type: 'user', id: signedIn.id } }, [
        { tenantId: null, type: 'auth.login', details: {} },
      ]);
      return { kind: 'started', token } as const;
    });
    if (outcome.kind === 'started') return { token: outcome.token, userId: user.id };
    if (outcome.kind === 'refused') return failed();
    // A new hash: a password change (the password no longer matches it), or another sign-in's
    // rehash of the same password (it still does, and needs no rehash of its own).
    if (!(await ctx.passwords.check(input.password, outcome.hash)).ok) return failed();
    checked = outcome.hash;
    newHash = null;
  }
  return failed();
}

/**
 * Checks a signed-in person's current password (PATCH /auth/me): a wrong one counts toward the same
 * per-account throttle as sign-in, and is 400 on /currentPassword.
 */
export async function assertCurrentPassword(ctx: ServiceContext, throttle: LoginThrottle, user: User, password: string, origin: Origin) {
  const check = await checkThrottled(ctx, throttle, user.email_lc, null, origin, password, user.password_hash);
  if (!check.ok) throw fieldInvalid('/currentPassword', 'is not your current password');
}
