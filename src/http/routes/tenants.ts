// Tenants and their settings.
import { Type } from 'typebox';
import type { App } from '../app.js';
import type { RouteDeps } from './index.js';
import { ListOf, Name, PageQuery, Settings, SettingsPatch, Tenant, TenantParams, TenantWithRoles, errors } from '../schemas.js';
import { originOf, requirePrincipal } from '../auth.js';
import { createTenant, getSettings, getTenant, listTenants, renameTenant, updateSettings } from '../../services/tenants.js';
import { assertPerson } from '../../services/access.js';

export function tenantRoutes(api: App, { ctx }: RouteDeps) {
  api.post('/tenants', {
    schema: {
      tags: ['tenants'],
      body: Type.Object({ name: Name, settings: Type.Optional(SettingsPatch) }, { additionalProperties: false }),
      response: { 201: Tenant, ...errors(400, 401, 403, 409) },
    },
  }, async (request, reply) => {
    const principal = requirePrincipal(request);
    assertPerson(principal);
    return reply.status(201).send(await createTenant(ctx, principal, request.body, originOf(request)));
  });

  api.get('/tenants', {
    schema: {
      tags: ['tenants'],
      querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), ...PageQuery }, { additionalProperties: false }),
      response: { 200: ListOf(TenantWithRoles), ...errors(400, 401) },
    },
  }, async (request) => listTenants(ctx, requirePrincipal(request), { ...request.query, limit: request.query.limit ?? 50 }));

  api.get('/tenants/:tid', { schema: { tags: ['tenants'], params: TenantParams, response: { 200: Tenant, ...errors(401, 403, 404) } } },
    async (request) => getTenant(ctx, requirePrincipal(request), request.params.tid));

  api.patch('/tenants/:tid', {
    schema: {
      tags: ['tenants'], params: TenantParams,
      body: Type.Object({ name: Name }, { additionalProperties: false }),
      response: { 200: Tenant, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) => renameTenant(ctx, requirePrincipal(request), request.params.tid, request.body, originOf(request)));

  api.get('/tenants/:tid/settings', { schema: { tags: ['settings'], params: TenantParams, response: { 200: Settings, ...errors(401, 403, 404) } } },
    async (request) => getSettings(ctx, requirePrincipal(request), request.params.tid));

  api.patch('/tenants/:tid/settings', {
    schema: { tags: ['settings'], params: TenantParams, body: SettingsPatch, response: { 200: Settings, ...errors(400, 401, 403, 404) } },
  }, async (request) => updateSettings(ctx, requirePrincipal(request), request.params.tid, request.body, originOf(request)));
}
