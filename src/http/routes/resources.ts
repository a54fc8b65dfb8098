// POST, GET /tenants/:tid/resources (tenant admin / member); PATCH, DELETE /tenants/:tid/resources/:rid (tenant admin).
import { Type } from 'typebox';
import type { App } from '../app.js';
import type { RouteDeps } from './index.js';
import { Id, ListOf, Name, Nullable, PageQuery, Resource, ResourceType, TenantParams } from '../schemas.js';
import { describeRoute, json } from '../openapi.js';
import { originOf, requirePrincipal } from '../auth.js';
import { createResource, deleteResource, listResources, updateResource } from '../../services/resources.js';

const ResourceParams = Type.Object({ tid: Id('ten'), rid: Id('res') });
/** A resource cursor carries a path from the root (services/resource-tree.ts): room for a deep tree. */
const ResourcePageQuery = Type.Object({ ...PageQuery, cursor: Type.Optional(Type.String({ maxLength: 8000 })) }, { additionalProperties: false });

export function resourceRoutes(api: App, { ctx }: RouteDeps) {
  api.post('/tenants/:tid/resources', {
    schema: describeRoute({
      operationId: 'createResource', summary: 'Create a resource',
      description: 'Tenant admins. `name` is unique, case-insensitively, among its siblings.',
      tag: 'resources', security: 'signedIn',
      params: TenantParams,
      body: Type.Object({ type: ResourceType, name: Name, parentId: Type.Optional(Nullable(Id('res'))) }, { additionalProperties: false }),
      response: { 201: json('The created resource.', Resource) }, errors: [403, 404, 409], codes: { 409: ['NAME_TAKEN'] },
    }),
  }, async (request, reply) => {
    const created = await createResource(ctx, requirePrincipal(request), request.params.tid, request.body, originOf(request));
    return reply.status(201).send(created);
  });

  api.get('/tenants/:tid/resources', {
    schema: describeRoute({
      operationId: 'listResources', summary: "List a tenant's resources",
      description: 'A flat list with `parentId`, in tree order: depth-first, siblings by name.',
      tag: 'resources', security: 'signedIn',
      params: TenantParams,
      querystring: ResourcePageQuery,
      response: { 200: json('A page of resources, in tree order.', ListOf(Resource)) }, errors: [403, 404],
    }),
  }, async (request) =>
    listResources(ctx, requirePrincipal(request), request.params.tid, { ...request.query, limit: request.query.limit ?? 50 }));

  api.patch('/tenants/:tid/resources/:rid', {
    schema: describeRoute({
      operationId: 'updateResource', summary: 'Rename or move a resource', description: 'Tenant admins. A move under its own descendant is a 400.',
      tag: 'resources', security: 'signedIn',
      params: ResourceParams,
      body: Type.Object({ name: Type.Optional(Name), parentId: Type.Optional(Nullable(Id('res'))) }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: json('The changed resource.', Resource) }, errors: [403, 404, 409], codes: { 409: ['NAME_TAKEN'] },
    }),
  }, async (request) =>
    updateResource(ctx, requirePrincipal(request), request.params.tid, request.params.rid, request.body, originOf(request)));

  api.delete('/tenants/:tid/resources/:rid', {
    schema: describeRoute({
      operationId: 'deleteResource', summary: 'Delete a resource', description: "Tenant admins. 409 `IN_USE` while it has children or is in a key's scope.",
      tag: 'resources', security: 'signedIn', params: ResourceParams,
      response: { 204: Type.Null({ description: 'Deleted.' }) }, errors: [403, 404, 409], codes: { 409: ['IN_USE'] },
    }),
  }, async (request, reply) => {
    await deleteResource(ctx, requirePrincipal(request), request.params.tid, request.params.rid, originOf(request));
    return reply.status(204).send(null);
  });
}
