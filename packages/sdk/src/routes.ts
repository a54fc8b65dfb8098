// Every route the client calls, in one table: the OpenAPI test checks each against the served document.

export const ROUTES = {
  verify: ['POST', '/verify'],
  reportLeaks: ['POST', '/leaks'],
  me: ['GET', '/auth/me'],
  listTenants: ['GET', '/tenants'],
  getTenant: ['GET', '/tenants/:tid'],
  getSettings: ['GET', '/tenants/:tid/settings'],
  updateSettings: ['PATCH', '/tenants/:tid/settings'],
  listMembers: ['GET', '/tenants/:tid/members'],
  putMember: ['PUT', '/tenants/:tid/members/:uid'],
  withdrawMember: ['DELETE', '/tenants/:tid/members/:uid'],
  findUsers: ['GET', '/users'],
  listResources: ['GET', '/tenants/:tid/resources'],
  createResource: ['POST', '/tenants/:tid/resources'],
  updateResource: ['PATCH', '/tenants/:tid/resources/:rid'],
  deleteResource: ['DELETE', '/tenants/:tid/resources/:rid'],
  listKeys: ['GET', '/tenants/:tid/keys'],
  createKey: ['POST', '/tenants/:tid/keys'],
  getKey: ['GET', '/tenants/:tid/keys/:kid'],
  updateKey: ['PATCH', '/tenants/:tid/keys/:kid'],
  deleteKey: ['DELETE', '/tenants/:tid/keys/:kid'],
  deleteOwnKeys: ['DELETE', '/tenants/:tid/keys'],
  revokeKey: ['POST', '/tenants/:tid/keys/:kid/revoke'],
  revokeKeys: ['POST', '/tenants/:tid/keys/revoke'],
  importKeys: ['POST', '/tenants/:tid/keys/import'],
  rotateKey: ['POST', '/tenants/:tid/keys/:kid/rotate'],
  keyUsage: ['GET', '/tenants/:tid/keys/:kid/usage'],
  keyStats: ['GET', '/tenants/:tid/stats'],
  tenantUsage: ['GET', '/tenants/:tid/usage'],
  topKeys: ['GET', '/tenants/:tid/usage/top'],
  platformUsage: ['GET', '/usage'],
  listEvents: ['GET', '/tenants/:tid/events'],
  listWebhooks: ['GET', '/tenants/:tid/webhooks'],
  createWebhook: ['POST', '/tenants/:tid/webhooks'],
  getWebhook: ['GET', '/tenants/:tid/webhooks/:wid'],
  updateWebhook: ['PATCH', '/tenants/:tid/webhooks/:wid'],
  deleteWebhook: ['DELETE', '/tenants/:tid/webhooks/:wid'],
  listDeliveries: ['GET', '/tenants/:tid/webhooks/:wid/deliveries'],
} as const satisfies Record<string, readonly [string, string]>;

export type RouteName = keyof typeof ROUTES;

/** `/tenants/:tid/keys` with `{tid}` filled in, each value URL-encoded. */
export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(value);
  });
}
