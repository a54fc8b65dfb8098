// POST, GET /tenants/:tid/resources (tenant admin / member); PATCH, DELETE /tenants/:tid/resources/:rid (tenant admin).
import { Type } from 'typebox';
import type { App } from '../app.js';
import type { RouteDeps } from './index.js';
import { Id, ListOf, Name, Nullable, PageQuery, Resource, TenantParams, errors } from '../schemas.js';
import { originOf, requirePrincipal } from '../auth.js';
import { createResource, deleteResource, listResources, updateResource } from '../../services/resources.js';

/** A lowercase word: account, folder, building, database, or any other. */
const ResourceType = Type.String({ pattern: '^[a-z][a-z0-9_-]{0,31}$' });
const ResourceParams = Type.Object({ tid: Id('ten'), rid: Id('res') });
/** A resource cursor carries a path from the root (services/resource-tree.ts): room for a deep tree. */
const ResourcePageQuery = Type.Object({ ...PageQuery, cursor: Type.Optional(Type.String({ maxLength: 8000 })) }, { additionalProperties: false });

export function resourceRoutes(api: App, { ctx }: RouteDeps) {
  api.post('/tenants/:tid/resources', {
    schema: {
      tags: ['resources'],
      params: TenantParams,
      body: Type.Object({ type: ResourceType, name: Name, parentId: Type.Optional(Nullable(Id('res'))) }, { additionalProperties: false }),
      response: { 201: Resource, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const created = await createResource(ctx, requirePrincipal(request), request.params.tid, request.body, originOf(request));
    return reply.status(201).send(created);
  });

  api.get('/tenants/:tid/resources', {
    schema: {
      tags: ['resources'],
      params: TenantParams,
      querystring: ResourcePageQuery,
      response: { 200: ListOf(Resource), ...errors(400, 401, 403, 404) },
    },
  }, async (request) =>
    listResources(ctx, requirePrincipal(request), request.params.tid, { ...request.query, limit: request.query.limit ?? 50 }));

  api.patch('/tenants/:tid/resources/:rid', {
    schema: {
      tags: ['resources'],
      params: ResourceParams,
      body: Type.Object({ name: Type.Optional(Name), parentId: Type.Optional(Nullable(Id('res'))) }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: Resource, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) =>
    updateResource(ctx, requirePrincipal(request), request.params.tid, request.params.rid, request.body, originOf(request)));

  api.delete('/tenants/:tid/resources/:rid', {
    schema: { tags: ['resources'], params: ResourceParams, response: { 204: Type.Null(), ...errors(401, 403, 404, 409) } },
  }, async (request, reply) => {
    await deleteResource(ctx, requirePrincipal(request), request.params.tid, request.params.rid, originOf(request));
    return reply.status(204).send(null);
  });
}
