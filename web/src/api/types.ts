// Shapes of the v1 HTTP API (see the design's contract), named for the console. They are aliases of
// the types generated from the server's OpenAPI document (`npm run generate:types` writes
// ./generated/openapi.ts), so they cannot drift from what the server sends. Times are ISO-8601 UTC strings.
import type { components, operations } from './generated/openapi';

type Schemas = components['schemas'];
type JsonBody<Op extends keyof operations> = NonNullable<operations[Op]['requestBody']>['content']['application/json'];
type Query<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;

export type Role = Schemas['Member']['roles'][number];
export type KeyStatus = Schemas['Key']['status'];
export type Permission = Schemas['Scope']['permission'];

export type User = Schemas['User'];
export type Membership = Schemas['Membership'];
export type Me = Schemas['Me'];
export type TenantSettings = Schemas['Settings'];
/** A tenant; in the tenant list it also carries the caller's `roles`. */
export type Tenant = Schemas['Tenant'] & Partial<Pick<Schemas['TenantWithRoles'], 'roles'>>;
export type Scope = Schemas['Scope'];
export type ApiKey = Schemas['Key'];
export type KeyWithSecret = Schemas['KeyWithSecret'];
export type Resource = Schemas['Resource'];
export type ResourceInput = JsonBody<'createResource'>;
export type ResourcePatch = JsonBody<'updateResource'>;
export type Member = Schemas['Member'];
export type KeywardenEvent = Schemas['Event'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Usage = Schemas['KeyUsage'];
export type Stats = Schemas['KeyStats'];
/** A tenant's (or every tenant's) usage in UTC buckets, per tenant, owner or key. */
export type TenantUsage = Schemas['Usage'];
export type TenantUsageQuery = Query<'tenantUsage'>;
export type TopKeys = Schemas['TopKeys'];
export type TopKeysQuery = Query<'topKeys'>;
export type BulkRevokeResult = Schemas['BulkRevokeResult'];
export type CreateKeyInput = JsonBody<'createKey'>;
/** A body of POST /tenants/:tid/keys/import: keys of another system by the SHA-256 of their secrets. */
export type ImportKeysInput = JsonBody<'importKeys'>;
export type ImportItem = ImportKeysInput['keys'][number];
export type ImportResults = Schemas['ImportResults'];
/** A key's change: scopes only narrower, management only off (the owner); limits by a tenant admin. */
export type KeyPatch = JsonBody<'updateKey'>;
export type KeyListQuery = Query<'listKeys'>;
export type EventQuery = Query<'listEvents'>;

/** `eventTypes`: event types, `area.*` for every event of an area, or `*` for all. */
export type Webhook = Schemas['Webhook'];
/** The endpoint and its signing secret, shown once. */
export type WebhookWithSecret = Schemas['WebhookWithSecret'];
export type WebhookInput = JsonBody<'createWebhook'>;
export type DeliveryStatus = Schemas['Delivery']['status'];
export type Delivery = Schemas['Delivery'];
