// Named limits (v1.1) through the same typed client: a tenant's plan is its settings' `limits`, a
// key's own are on the key; these read and set their balances.
import { request } from './client';
import type { components } from './generated/openapi';

type Schemas = components['schemas'];
export type LimitDefinition = Schemas['Limit'];
export type LimitState = Schemas['LimitState'];

const t = (tenantId: string) => `/tenants/${encodeURIComponent(tenantId)}`;

export const limitsApi = {
  listBalances: (tenantId: string, query: { keyId?: string; ownerId?: string } = {}) =>
    request<{ items: LimitState[]; nextCursor: string | null }>('GET', `${t(tenantId)}/limits`, undefined, { ...query, limit: 200 }),
  setBalance: (tenantId: string, name: string, body: { remaining: number; ownerId?: string; keyId?: string }) =>
    request<LimitState>('PATCH', `${t(tenantId)}/limits/${encodeURIComponent(name)}`, body),
  setPlan: (tenantId: string, limits: LimitDefinition[]) => request<unknown>('PATCH', `${t(tenantId)}/settings`, { limits }),
  getPlan: (tenantId: string) => request<{ limits?: LimitDefinition[] }>('GET', `${t(tenantId)}/settings`).then((s) => s.limits ?? []),
  setKeyLimits: (tenantId: string, keyId: string, body: { limits?: LimitDefinition[]; limitBalances?: { name: string; remaining: number }[] }) =>
    request<Schemas['Key']>('PATCH', `${t(tenantId)}/keys/${encodeURIComponent(keyId)}`, body),
};
