// GET /tenants/:tid/members, PUT and DELETE /tenants/:tid/members/:uid (tenant admin).
import { Type } from 'typebox';
import type { App } from '../app.js';
import type { RouteDeps } from './index.js';
import { Id, ListOf, Member, PageQuery, Role, errors } from '../schemas.js';
import { originOf, requirePrincipal } from '../auth.js';
import { listMembers, putMember, withdrawMember } from '../../services/members.js';

const MemberParams = Type.Object({ tid: Id('ten'), uid: Id('usr') });

export function memberRoutes(api: App, { ctx }: RouteDeps) {
  api.get('/tenants/:tid/members', {
    schema: {
      tags: ['members'],
      params: Type.Object({ tid: Id('ten') }),
      querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), ...PageQuery }, { additionalProperties: false }),
      response: { 200: ListOf(Member), ...errors(400, 401, 403, 404) },
    },
  }, async (request) => {
    const q = request.query;
    return listMembers(ctx, requirePrincipal(request), request.params.tid, { ...q, limit: q.limit ?? 50 });
  });

  api.put('/tenants/:tid/members/:uid', {
    schema: {
      tags: ['members'],
      params: MemberParams,
      body: Type.Object({
        roles: Type.Array(Role, { uniqueItems: true, maxItems: 2 }),
        licensed: Type.Boolean(),
      }, { additionalProperties: false }),
      response: { 200: Member, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) =>
    putMember(ctx, requirePrincipal(request), request.params.tid, request.params.uid, request.body, originOf(request)));

  api.delete('/tenants/:tid/members/:uid', {
    schema: { tags: ['members'], params: MemberParams, response: { 204: Type.Null(), ...errors(401, 403, 404, 409) } },
  }, async (request, reply) => {
    await withdrawMember(ctx, requirePrincipal(request), request.params.tid, request.params.uid, originOf(request));
    return reply.status(204).send(null);
  });
}
