// Tenants and their settings.
import { Type } from 'typebox';
import type { App } from '../app.js';
import type { RouteDeps } from './index.js';
import { ListOf, Name, PageQuery, Settings, SettingsPatch, Tenant, TenantParams, TenantWithRoles } from '../schemas.js';
import { describeRoute, json } from '../openapi.js';
import { originOf, requirePrincipal } from '../auth.js';
import { createTenant, getSettings, getTenant, listTenants, renameTenant, updateSettings } from '../../services/tenants.js';
import { assertPerson } from '../../services/access.js';

export function tenantRoutes(api: App, { ctx }: RouteDeps) {
  api.post('/tenants', {
    schema: describeRoute({
      operationId: 'createTenant', summary: 'Create a tenant', description: 'Platform admins; the creator becomes its tenant admin.',
      tag: 'tenants', security: 'person',
      body: Type.Object({ name: Name, settings: Type.Optional(SettingsPatch) }, { additionalProperties: false }),
      response: { 201: json('The created tenant.', Tenant) }, errors: [403, 409], codes: { 409: ['NAME_TAKEN'] },
    }),
  }, async (request, reply) => {
    const principal = requirePrincipal(request);
    assertPerson(principal);
    return reply.status(201).send(await createTenant(ctx, principal, request.body, originOf(request)));
  });

  api.get('/tenants', {
    schema: describeRoute({
      operationId: 'listTenants', summary: 'List your tenants',
      description: "The caller's tenants, each with the caller's roles; a platform admin sees all, a management key its own tenant.",
      tag: 'tenants', security: 'signedIn',
      querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), ...PageQuery }, { additionalProperties: false }),
      response: { 200: json('A page of tenants.', ListOf(TenantWithRoles)) },
    }),
  }, async (request) => listTenants(ctx, requirePrincipal(request), { ...request.query, limit: request.query.limit ?? 50 }));

  api.get('/tenants/:tid', {
    schema: describeRoute({
      operationId: 'getTenant', summary: 'Get a tenant', description: "Members; a management key reads its own tenant.", tag: 'tenants', security: 'signedIn', params: TenantParams,
      response: { 200: json('The tenant.', Tenant) }, errors: [403, 404],
    }),
  }, async (request) => getTenant(ctx, requirePrincipal(request), request.params.tid));

  api.patch('/tenants/:tid', {
    schema: describeRoute({
      operationId: 'renameTenant', summary: 'Rename a tenant', description: 'Tenant admins.', tag: 'tenants', security: 'signedIn', params: TenantParams,
      body: Type.Object({ name: Name }, { additionalProperties: false }),
      response: { 200: json('The renamed tenant.', Tenant) }, errors: [403, 404, 409], codes: { 409: ['NAME_TAKEN'] },
    }),
  }, async (request) => renameTenant(ctx, requirePrincipal(request), request.params.tid, request.body, originOf(request)));

  api.get('/tenants/:tid/settings', {
    schema: describeRoute({
      operationId: 'getSettings', summary: "Get a tenant's settings", description: 'Every member: developers need the limits for their forms.',
      tag: 'settings', security: 'signedIn', params: TenantParams,
      response: { 200: json('The settings.', Settings) }, errors: [403, 404],
    }),
  }, async (request) => getSettings(ctx, requirePrincipal(request), request.params.tid));

  api.patch('/tenants/:tid/settings', {
    schema: describeRoute({
      operationId: 'updateSettings', summary: "Change a tenant's settings",
      description: 'Tenant admins; a partial update. Policy limits apply to new keys only. The key policies (`rotationReminderDays`, '
        + '`revokeUnusedAfterDays`) are applied by a job that runs at least hourly; `resourceTypes` is checked when resources are created or moved '
        + 'and leaves existing resources as they are.',
      tag: 'settings', security: 'signedIn', params: TenantParams, body: SettingsPatch,
      response: { 200: json('The new settings.', Settings) }, errors: [403, 404],
    }),
  }, async (request) => updateSettings(ctx, requirePrincipal(request), request.params.tid, request.body, originOf(request)));
}
