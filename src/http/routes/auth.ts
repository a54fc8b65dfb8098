// POST /auth/login, POST /auth/logout, GET and PATCH /auth/me.
import { Type } from 'typebox';
import type { App } from '../app.js';
import type { RouteDeps } from './index.js';
import { Me, Name, Password, errors } from '../schemas.js';
import { assertSameOrigin, originOf, requirePrincipal, SESSION_COOKIE } from '../auth.js';
import { getUser, login, logout, me, updateMe } from '../../services/users.js';

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
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/', httpOnly: true, sameSite: 'lax',
      secure: ctx.config.cookieSecure || request.protocol === 'https',
      maxAge: Math.floor(ctx.config.sessionTtlMs / 1000),
    });
    return me(ctx, { user: (await getUser(ctx, userId))!, key: null });
  });

  api.post('/auth/logout', { config: { auth: 'public' }, schema: { tags: ['auth'] } }, async (request, reply) => {
    if (request.sessionToken) await logout(ctx, request.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  api.get('/auth/me', { schema: { tags: ['auth'], response: { 200: Me, ...errors(401) } } },
    async (request) => me(ctx, requirePrincipal(request)));

  api.patch('/auth/me', {
    schema: {
      tags: ['auth'],
      body: Type.Object({ name: Type.Optional(Name), password: Type.Optional(Password), currentPassword: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      response: { 200: Me, ...errors(400, 401, 403) },
    },
  }, async (request) => updateMe(ctx, requirePrincipal(request), request.body, request.sessionToken, originOf(request)));
}
