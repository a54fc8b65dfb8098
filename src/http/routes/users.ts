// POST /users, GET /users, PATCH /users/:uid (platform admin; tenant admins may look up by email).
import { Type } from 'typebox';
import type { App } from '../app.js';
import type { RouteDeps } from './index.js';
import { Email, Id, ListOf, Name, PageQuery, Password, User, UserSummary } from '../schemas.js';
import { describeRoute, json } from '../openapi.js';
import { originOf, requirePrincipal } from '../auth.js';
import { createUser, listUsers, updateUser } from '../../services/users.js';
import { assertPerson } from '../../services/access.js';

export function userRoutes(api: App, { ctx }: RouteDeps) {
  api.post('/users', {
    schema: describeRoute({
      operationId: 'createUser', summary: 'Create a user', description: 'Platform admins.', tag: 'users', security: 'person',
      body: Type.Object({ email: Email, name: Name, password: Password, isPlatformAdmin: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 201: json('The created user.', User) }, errors: [403, 409], codes: { 409: ['EMAIL_TAKEN'] },
    }),
  }, async (request, reply) => {
    const principal = requirePrincipal(request);
    assertPerson(principal);
    return reply.status(201).send(await createUser(ctx, principal, request.body, originOf(request)));
  });

  api.get('/users', {
    schema: describeRoute({
      operationId: 'listUsers', summary: 'Find users',
      description: 'A platform admin lists and searches (`q`); a tenant admin finds one user by exact `email` (case-insensitive) to grant access, and gets only `id`, `email` and `name`. Always a list.',
      tag: 'users', security: 'signedIn',
      querystring: Type.Object({ email: Type.Optional(Type.String({ maxLength: 320 })), q: Type.Optional(Type.String({ maxLength: 200 })), ...PageQuery }, { additionalProperties: false }),
      // A platform admin gets whole users; a tenant admin only the summary (User first: the
      // serializer takes the first shape that fits).
      response: { 200: json('A page of users (a tenant admin gets only `{id, email, name}`).', ListOf(Type.Union([User, UserSummary]))) }, errors: [403],
    }),
  }, async (request) => {
    const principal = requirePrincipal(request);
    const q = request.query;
    return listUsers(ctx, principal, { ...q, limit: q.limit ?? 50 });
  });

  api.patch('/users/:uid', {
    schema: describeRoute({
      operationId: 'updateUser', summary: 'Change a user',
      description: "Platform admins. Disabling a user ends their sessions and switches their keys off (`DISABLED`) until it is undone.",
      tag: 'users', security: 'signedIn',
      params: Type.Object({ uid: Id('usr') }),
      body: Type.Object({ name: Type.Optional(Name), disabled: Type.Optional(Type.Boolean()), isPlatformAdmin: Type.Optional(Type.Boolean()), password: Type.Optional(Password) }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: json('The changed user.', User) }, errors: [403, 404],
    }),
  }, async (request) => updateUser(ctx, requirePrincipal(request), request.params.uid, request.body, originOf(request)));
}
