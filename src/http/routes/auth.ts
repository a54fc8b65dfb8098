// POST /auth/login, POST /auth/logout, GET and PATCH /auth/me.
import { Type } from 'typebox';
import type { App } from '../app.js';
import type { RouteDeps } from './index.js';
import { Me, Name, Password } from '../schemas.js';
import { describeRoute, json } from '../openapi.js';
import { assertSameOrigin, isSecureCookie, originOf, requirePrincipal, sessionCookieName } from '../auth.js';
import { getUser, me, updateMe } from '../../services/users.js';
import { login } from '../../services/sign-in.js';
import { endSession } from '../../services/sessions.js';

export function authRoutes(api: App, { ctx, loginThrottle }: RouteDeps) {
  api.post('/auth/login', {
    config: { auth: 'public' },
    schema: describeRoute({
      operationId: 'login', summary: 'Sign in with email and password',
      description: 'Sets the session cookie and answers the body of `GET /auth/me`. Attempts are throttled per account and per client IP (429), and a login from another origin is refused (403 `CSRF_FAILED`).',
      tag: 'auth', security: 'public',
      body: Type.Object({ email: Type.String({ minLength: 1, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      response: { 200: json('Signed in; the `Set-Cookie` header carries the session.', Me) },
      errors: [401, 403, 429], codes: { 401: ['INVALID_CREDENTIALS'], 403: ['CSRF_FAILED'] },
    }),
  }, async (request, reply) => {
    assertSameOrigin(request);
    const { token, userId } = await login(ctx, loginThrottle, request.body, originOf(request));
    // Path=/ and no Domain, as the __Host- prefix of a Secure cookie requires.
    reply.setCookie(sessionCookieName(ctx.config, request), token, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: isSecureCookie(ctx.config, request),
      maxAge: Math.floor(ctx.config.sessionTtlMs / 1000),
    });
    return me(ctx, { user: (await getUser(ctx, userId))!, key: null });
  });

  api.post('/auth/logout', {
    config: { auth: 'public' },
    schema: describeRoute({
      operationId: 'logout', summary: 'Sign out', description: 'Ends the session whose cookie comes, if any, and clears the cookie.',
      tag: 'auth', security: 'optionalSession',
      response: { 204: Type.Null({ description: 'Signed out.' }) }, errors: [403], codes: { 403: ['CSRF_FAILED'] },
    }),
  }, async (request, reply) => {
    if (request.sessionToken) await endSession(ctx, request.sessionToken);
    reply.clearCookie(sessionCookieName(ctx.config, request), { path: '/', secure: isSecureCookie(ctx.config, request) });
    return reply.status(204).send(null);
  });

  api.get('/auth/me', {
    schema: describeRoute({
      operationId: 'getMe', summary: 'Get the signed-in user and their tenants',
      description: 'With a management key, `key` names the key and its tenant.',
      tag: 'auth', security: 'signedIn', response: { 200: json('The caller.', Me) },
    }),
  }, async (request) => me(ctx, requirePrincipal(request)));

  api.patch('/auth/me', {
    schema: describeRoute({
      operationId: 'updateMe', summary: 'Change your own name or password',
      description: 'Needs `currentPassword` (a wrong one is 400 on `/currentPassword`, and counts toward the login throttle); a password change ends your other sessions.',
      tag: 'auth', security: 'person',
      body: Type.Object({ name: Type.Optional(Name), password: Type.Optional(Password), currentPassword: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      response: { 200: json('The caller, changed.', Me) },
      errors: [403, 429],
    }),
  }, async (request) => updateMe(ctx, loginThrottle, requirePrincipal(request), request.body, request.sessionToken, originOf(request)));
}
