// Sessions of people signed in through the console: a random token in a cookie, stored only as its
// SHA-256. A session ends at KEYWARDEN_SESSION_TTL after sign-in, after KEYWARDEN_SESSION_IDLE
// without a request, at logout, when its user is disabled, or (the others) when the password changes.
// Ended and expired sessions are deleted at least hourly by the SessionSweep.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { PeriodicJob, type PeriodicOptions } from './periodic-job.js';

export const sessionHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** `last_seen_at` is written at most this often, so a busy console does not write on every request. */
const SEEN_GRANULARITY_MS = 60_000;

/** Starts a session for the user inside the sign-in's transaction; answers its token. */
export async function startSession(ctx: ServiceContext, trx: Transaction<Database>, userId: string, now: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await trx.insertInto('sessions').values({
    token_hash: sessionHash(token), user_id: userId, created_at: now.toISOString(), last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + ctx.config.sessionTtlMs).toISOString(),
  }).execute();
  return token;
}

/** The user of a live session, or null; a request through it counts as activity. */
export async function sessionUser(ctx: ServiceContext, token: string) {
  const now = ctx.now();
  const hash = sessionHash(token);
  const row = await ctx.store.db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users').select(['sessions.expires_at', 'sessions.created_at as session_created_at', 'sessions.last_seen_at'])
    .where('sessions.token_hash', '=', hash).executeTakeFirst();
  if (!row || row.disabled === 1) return null;
  const { expires_at: expiresAt, session_created_at: createdAt, last_seen_at: lastSeenAt, ...user } = row;
  const seenMs = Date.parse(lastSeenAt ?? createdAt);
  if (expiresAt <= now.toISOString() || seenMs + ctx.config.sessionIdleMs <= now.getTime()) return null;
  if (now.getTime() - seenMs >= SEEN_GRANULARITY_MS) {
    await ctx.store.db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('token_hash', '=', hash).execute();
  }
  return user;
}

export async function endSession(ctx: ServiceContext, token: string): Promise<void> {
  await ctx.store.db.deleteFrom('sessions').where('token_hash', '=', sessionHash(token)).execute();
}

/** Ends every session of a user, but the one whose token is given (a password change keeps its own). */
export async function endSessionsOf(db: Kysely<Database>, userId: string, except: string | null = null): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId)
    .$if(except !== null, (qb) => qb.where('token_hash', '!=', sessionHash(except!))).execute();
}

/** Deletes the sessions that have ended by `now` (past their lifetime, or idle too long); answers how many. */
export async function sweepSessions(ctx: ServiceContext, now = ctx.now()): Promise<number> {
  const idleSince = new Date(now.getTime() - ctx.config.sessionIdleMs).toISOString();
  const result = await ctx.store.db.deleteFrom('sessions').where((eb) => eb.or([
    eb('expires_at', '<=', now.toISOString()),
    eb.and([eb('last_seen_at', 'is', null), eb('created_at', '<=', idleSince)]),
    eb('last_seen_at', '<=', idleSince),
  ])).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Runs the sweep at start and then every `intervalMs` (default hourly), with the injected clock; `run()` sweeps now. */
export class SessionSweep extends PeriodicJob {
  constructor(ctx: ServiceContext, options: PeriodicOptions = {}) {
    super('session sweep', options.intervalMs ?? 3_600_000, () => sweepSessions(ctx), options.onError);
  }
}
