// The one typed client of the v1 API. The console uses the same routes as every other client;
// the session cookie is sent by the browser (same origin), so no credentials live in script.
import type {
  ApiKey,
  BulkRevokeResult,
  CreateKeyInput,
  EventQuery,
  KeyListQuery,
  KeyWithSecret,
  KeywardenEvent,
  Me,
  Member,
  Page,
  Resource,
  Role,
  Stats,
  Tenant,
  TenantSettings,
  Usage,
  User,
  Webhook,
  WebhookInput,
  WebhookWithSecret,
  Delivery,
} from './types';

export interface FieldError {
  field: string;
  message: string;
}

/** An error answer of the API: `{error: {code, message, details?}}`, or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | undefined | null>;

const BASE = '/api/v1';
let onUnauthenticated: (() => void) | null = null;

/** Called when a request answers 401 UNAUTHENTICATED: the session has ended. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  let response: Response;
  try {
    response = await fetch(BASE + withQuery(path, query), {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The server could not be reached.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; details?: FieldError[] } } | null)?.error;
    const failure = new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? response.statusText,
      error?.details ?? [],
    );
    if (failure.code === 'UNAUTHENTICATED' && path !== '/auth/me') onUnauthenticated?.();
    throw failure;
  }
  return data as T;
}

const t = (tenantId: string) => `/tenants/${encodeURIComponent(tenantId)}`;
const k = (tenantId: string, keyId: string) => `${t(tenantId)}/keys/${encodeURIComponent(keyId)}`;
const w = (tenantId: string, webhookId: string) => `${t(tenantId)}/webhooks/${encodeURIComponent(webhookId)}`;

export const api = {
  login: (email: string, password: string) => request<Me>('POST', '/auth/login', { email, password }),
  logout: () => request<void>('POST', '/auth/logout'),
  me: () => request<Me>('GET', '/auth/me'),

  listTenants: () => request<Page<Tenant>>('GET', '/tenants'),
  getSettings: (tenantId: string) => request<TenantSettings>('GET', `${t(tenantId)}/settings`),
  updateSettings: (tenantId: string, patch: Partial<TenantSettings>) =>
    request<TenantSettings>('PATCH', `${t(tenantId)}/settings`, patch),
  getStats: (tenantId: string) => request<Stats>('GET', `${t(tenantId)}/stats`),
  listResources: (tenantId: string) =>
    request<Page<Resource>>('GET', `${t(tenantId)}/resources`, undefined, { limit: 200 }),

  listKeys: (tenantId: string, query: KeyListQuery) =>
    request<Page<ApiKey>>('GET', `${t(tenantId)}/keys`, undefined, { ...query }),
  getKey: (tenantId: string, keyId: string) => request<ApiKey>('GET', k(tenantId, keyId)),
  createKey: (tenantId: string, input: CreateKeyInput) =>
    request<KeyWithSecret>('POST', `${t(tenantId)}/keys`, input),
  updateKey: (tenantId: string, keyId: string, patch: { name?: string; description?: string; meta?: Record<string, unknown> | null; allowedIps?: string[] | null }) =>
    request<ApiKey>('PATCH', k(tenantId, keyId), patch),
  rotateKey: (tenantId: string, keyId: string, gracePeriodSeconds: number) =>
    request<KeyWithSecret>('POST', `${k(tenantId, keyId)}/rotate`, { gracePeriodSeconds }),
  deleteKey: (tenantId: string, keyId: string) => request<void>('DELETE', k(tenantId, keyId)),
  deleteOwnKeys: (tenantId: string) =>
    request<void>('DELETE', `${t(tenantId)}/keys`, undefined, { owner: 'me' }),
  revokeKey: (tenantId: string, keyId: string) => request<ApiKey>('POST', `${k(tenantId, keyId)}/revoke`),
  revokeKeys: (tenantId: string, keyIds: string[]) =>
    request<BulkRevokeResult>('POST', `${t(tenantId)}/keys/revoke`, { keyIds }),
  // The server's defaults fit the chart: the last 24 hours by hour, or 30 days by day.
  getUsage: (tenantId: string, keyId: string, interval: 'hour' | 'day') =>
    request<Usage>('GET', `${k(tenantId, keyId)}/usage`, undefined, { interval }),

  listEvents: (tenantId: string, query: EventQuery) =>
    request<Page<KeywardenEvent>>('GET', `${t(tenantId)}/events`, undefined, { ...query }),

  listWebhooks: (tenantId: string) => request<Page<Webhook>>('GET', `${t(tenantId)}/webhooks`, undefined, { limit: 200 }),
  createWebhook: (tenantId: string, input: WebhookInput) => request<WebhookWithSecret>('POST', `${t(tenantId)}/webhooks`, input),
  updateWebhook: (tenantId: string, webhookId: string, patch: Partial<WebhookInput> & { enabled?: boolean }) =>
    request<Webhook>('PATCH', w(tenantId, webhookId), patch),
  deleteWebhook: (tenantId: string, webhookId: string) => request<void>('DELETE', w(tenantId, webhookId)),
  listDeliveries: (tenantId: string, webhookId: string) =>
    request<Page<Delivery>>('GET', `${w(tenantId, webhookId)}/deliveries`, undefined, { limit: 50 }),

  listMembers: (tenantId: string, q?: string, cursor?: string) =>
    request<Page<Member>>('GET', `${t(tenantId)}/members`, undefined, { q, cursor, limit: 200 }),
  putMember: (tenantId: string, userId: string, roles: Role[], licensed: boolean) =>
    request<Member>('PUT', `${t(tenantId)}/members/${encodeURIComponent(userId)}`, { roles, licensed }),
  removeMember: (tenantId: string, userId: string) =>
    request<void>('DELETE', `${t(tenantId)}/members/${encodeURIComponent(userId)}`),
  // A tenant admin gets only {id, email, name} of the user found (a platform admin the whole user).
  findUserByEmail: (email: string) => request<Page<Pick<User, 'id' | 'email' | 'name'>>>('GET', '/users', undefined, { email }),
  // Platform admin only.
  listUsers: (q?: string, cursor?: string) => request<Page<User>>('GET', '/users', undefined, { q, cursor, limit: 50 }),
  createUser: (input: { email: string; name: string; password: string; isPlatformAdmin?: boolean }) =>
    request<User>('POST', '/users', input),
  createTenant: (name: string) => request<Tenant>('POST', '/tenants', { name }),
};
