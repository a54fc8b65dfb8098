// POST /auth/login, POST /auth/logout, GET and PATCH /auth/me.
import { Type } from 'typebox';
import type { App } from '../app.js';
import type { RouteDeps } from './index.js';
import { Email, Me, Name, Password, errors } from '../schemas.js';
import { assertSameOrigin, isSecureCookie, originOf, requirePrincipal, sessionCookieName } from '../auth.js';
import { getUser, me, updateMe } from '../../services/users.js';
import { login } from '../../services/sign-in.js';
import { endSession } from '../../services/sessions.js';

export function authRoutes(api: App, { ctx, loginThrottle }: RouteDeps) {
  api.post('/auth/login', {
    config: { auth: 'public' },
    schema: {
      tags: ['auth'],
      body: Type.Object({ email: Type.String({ minLength: 1, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      response: { 200: Me, ...errors(400, 401, 403, 429) },
    },
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

  api.post('/auth/logout', { config: { auth: 'public' }, schema: { tags: ['auth'] } }, async (request, reply) => {
    if (request.sessionToken) await endSession(ctx, request.sessionToken);
    reply.clearCookie(sessionCookieName(ctx.config, request), { path: '/', secure: isSecureCookie(ctx.config, request) });
    return reply.status(204).send();
  });

  api.get('/auth/me', { schema: { tags: ['auth'], response: { 200: Me, ...errors(401) } } },
    async (request) => me(ctx, requirePrincipal(request)));

  api.patch('/auth/me', {
    schema: {
      tags: ['auth'],
      body: Type.Object({ name: Type.Optional(Name), password: Type.Optional(Password), currentPassword: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      response: { 200: Me, ...errors(400, 401, 403, 429) },
    },
  }, async (request) => updateMe(ctx, loginThrottle, requirePrincipal(request), request.body, request.sessionToken, originOf(request)));
  void Email;
}
