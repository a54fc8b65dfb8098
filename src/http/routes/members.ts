// GET /tenants/:tid/members, PUT and DELETE /tenants/:tid/members/:uid (tenant admin).
import { Type } from 'typebox';
import type { App } from '../app.js';
import type { RouteDeps } from './index.js';
import { Id, ListOf, Member, PageQuery, Role } from '../schemas.js';
import { describeRoute, json } from '../openapi.js';
import { originOf, requirePrincipal } from '../auth.js';
import { listMembers, putMember, withdrawMember } from '../../services/members.js';

const MemberParams = Type.Object({ tid: Id('ten'), uid: Id('usr') });

export function memberRoutes(api: App, { ctx }: RouteDeps) {
  api.get('/tenants/:tid/members', {
    schema: describeRoute({
      operationId: 'listMembers', summary: "List a tenant's members", description: 'Tenant admins; `q` matches email and name.',
      tag: 'members', security: 'signedIn',
      params: Type.Object({ tid: Id('ten') }),
      querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), ...PageQuery }, { additionalProperties: false }),
      response: { 200: json('A page of members.', ListOf(Member)) }, errors: [403, 404],
    }),
  }, async (request) => {
    const q = request.query;
    return listMembers(ctx, requirePrincipal(request), request.params.tid, { ...q, limit: q.limit ?? 50 });
  });

  api.put('/tenants/:tid/members/:uid', {
    schema: describeRoute({
      operationId: 'putMember', summary: 'Grant access to a user, or change their roles and licence',
      description: 'Tenant admins. Taking away the last tenant admin is 409 `LAST_ADMIN`; losing the developer role or the licence switches the member\'s keys off (`DISABLED`) until it is given back.',
      tag: 'members', security: 'signedIn',
      params: MemberParams,
      body: Type.Object({
        roles: Type.Array(Role, { uniqueItems: true, maxItems: 2 }),
        licensed: Type.Boolean(),
      }, { additionalProperties: false }),
      response: { 200: json('The member.', Member) }, errors: [403, 404, 409], codes: { 409: ['LAST_ADMIN'] },
    }),
  }, async (request) =>
    putMember(ctx, requirePrincipal(request), request.params.tid, request.params.uid, request.body, originOf(request)));

  api.delete('/tenants/:tid/members/:uid', {
    schema: describeRoute({
      operationId: 'withdrawMember', summary: "Withdraw a member's access",
      description: "Tenant admins. Revokes the member's keys in this tenant for good (they answer `REVOKED`).",
      tag: 'members', security: 'signedIn', params: MemberParams,
      response: { 204: Type.Null({ description: 'Access withdrawn.' }) }, errors: [403, 404, 409], codes: { 409: ['LAST_ADMIN'] },
    }),
  }, async (request, reply) => {
    await withdrawMember(ctx, requirePrincipal(request), request.params.tid, request.params.uid, originOf(request));
    return reply.status(204).send(null);
  });
}
