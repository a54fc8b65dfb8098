// Authentication for the management API: an X-API-Key (programs) or the session cookie (people),
// the key winning when both come; plus the CSRF rule for cookie-authenticated writes.
import '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfFailed, forbidden, rateLimited, unauthenticated } from '../errors.js';
import type { Principal } from '../services/access.js';
import type { Origin } from '../audit/events.js';
import type { ServiceContext } from '../services/context.js';
import { getUser } from '../services/users.js';
import { sessionUser } from '../services/sessions.js';
import type { Config } from '../config.js';
import type { Verifier } from '../verify/verifier.js';

/**
 * The session cookie's name. A Secure cookie takes the `__Host-` prefix, which browsers accept only
 * with Secure, Path=/ and no Domain: a sibling subdomain or a plain-HTTP page cannot set or shadow it.
 */
export const SESSION_COOKIE = 'keywarden_session';
export const SECURE_SESSION_COOKIE = '__Host-keywarden_session';

/** Whether this request's session cookie is Secure: over HTTPS, or KEYWARDEN_COOKIE_SECURE=true. */
export const isSecureCookie = (config: Readonly<Config>, request: FastifyRequest) =>
  config.cookieSecure || request.protocol === 'https';

export const sessionCookieName = (config: Readonly<Config>, request: FastifyRequest) =>
  isSecureCookie(config, request) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    sessionToken: string | null;
  }
  interface FastifyContextConfig {
    /**
     * 'public' routes need no credentials; the rest answer 401 without them. 'none' skips this hook
     * (verify, which checks the key itself and answers 200 whatever it is).
     */
    auth?: 'none' | 'public' | 'required';
  }
}

export function originOf(request: FastifyRequest): Origin {
  const p = request.principal;
  return {
    actor: p ? (p.key ? { type: 'key', id: p.key.id } : { type: 'user', id: p.user.id }) : { type: 'system', id: null },
    ip: request.ip ?? null,
    userAgent: (request.headers['user-agent'] ?? '').slice(0, 512) || null,
  };
}

/** Refuses a cookie-authenticated write (and every login) sent from another origin. */
export function assertSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `${request.protocol}://${request.host}`) throw csrfFailed();
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') throw csrfFailed();
}

async function principalFromKey(ctx: ServiceContext, verifier: Verifier, presented: string, ip: string): Promise<Principal> {
  const result = await verifier.authenticate(presented, ip);
  if (!result.ok) {
    if (result.code === 'RATE_LIMITED') throw rateLimited(Math.ceil((result.retryAfterMs ?? 1000) / 1000));
    throw unauthenticated(result.code);
  }
  if (!result.key.management) {
    throw forbidden('This API key is not a management key; create one with management: true to call this API.');
  }
  const user = await getUser(ctx, result.key.ownerId);
  if (!user) throw unauthenticated('NOT_FOUND');
  return { user, key: { id: result.key.id, tenantId: result.key.tenantId, scopes: result.key.scopes, management: true } };
}

export function makeAuthHook(ctx: ServiceContext, verifier: Verifier) {
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    request.principal = null;
    request.sessionToken = null;
    const mode = request.routeOptions.config?.auth ?? 'required';
    if (request.is404 || mode === 'none') return;
    const presented = request.headers['x-api-key'];
    if (typeof presented === 'string') {
      request.principal = await principalFromKey(ctx, verifier, presented, request.ip);
      return;
    }
    // Only the name this request would be given: where cookies are Secure, a plain one is not trusted.
    const token = request.cookies?.[sessionCookieName(ctx.config, request)];
    if (token) {
      const user = await sessionUser(ctx, token);
      if (user) {
        request.principal = { user, key: null };
        request.sessionToken = token;
        if (WRITE_METHODS.has(request.method)) assertSameOrigin(request);
      }
    }
    if (!request.principal && mode === 'required') throw unauthenticated();
  };
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated();
  return request.principal;
}
