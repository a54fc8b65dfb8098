// The shapes of the Keywarden v1 API (DESIGN "HTTP API contract"), named for the SDK's users. They
// are aliases of the types generated from the server's OpenAPI document (`npm run generate:types`
// writes ./generated/openapi.ts), so they cannot drift from what the server validates and sends.
// Times are ISO-8601 UTC strings.
import type { components, operations } from './generated/openapi.js';

type Schemas = components['schemas'];
type JsonBody<Op extends keyof operations> = NonNullable<operations[Op]['requestBody']>['content']['application/json'];
type Query<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;

export type Permission = Schemas['Scope']['permission'];
export type Role = Schemas['Member']['roles'][number];
export type KeyStatus = Schemas['Key']['status'];

/** `resourceId: null` is the whole tenant. */
export type Scope = Schemas['Scope'];
export type Ratelimit = NonNullable<Schemas['Key']['ratelimit']>;

export interface Page<T> { items: T[]; nextCursor: string | null }
export type PageQuery = Query<'listResources'>;

/** `start` is the prefix, `_` and the first 6 characters: enough to recognise a key, never the secret. */
export type Key = Schemas['Key'];
/** A created or rotated key: the secret is returned this once. */
export type KeyWithSecret = Schemas['KeyWithSecret'];
export type CreateKeyInput = JsonBody<'createKey'>;
export type UpdateKeyInput = JsonBody<'updateKey'>;
/** Keys of another system by the SHA-256 (hex) of their secrets; `dryRun` checks without importing. */
export type ImportKeysInput = JsonBody<'importKeys'>;
/** One result per item, in request order: `{ok: true, id}` (no id in a dry run) or `{ok: false, code}`. */
export type ImportResults = Schemas['ImportResults'];
/** `status` is comma-separated: `active,expired`. */
export type KeyListQuery = Query<'listKeys'>;
export type KeyStats = Schemas['KeyStats'];
export type KeyUsage = Schemas['KeyUsage'];
export type Usage = Schemas['Usage'];
export type TopKeys = Schemas['TopKeys'];
/** GET /tenants/:tid/usage, and GET /usage (groupBy tenant only there). */
export type UsageQuery = Query<'tenantUsage'>;
export type TopKeysQuery = Query<'topKeys'>;

export type Settings = Schemas['Settings'];
export type Tenant = Schemas['Tenant'];
export type User = Schemas['User'];
/** What a tenant admin learns of a user found by email. */
export type UserSummary = Pick<User, 'id' | 'email' | 'name'>;
export type Member = Schemas['Member'];
export type Resource = Schemas['Resource'];

/** `key` is present when the caller is a management key: the tenant it belongs to. */
export type Me = Schemas['Me'];

export type Event = Schemas['Event'];
/** `eventTypes`: event types, `area.*` for every event of an area, or `*`. */
export type Webhook = Schemas['Webhook'];
export type WebhookInput = JsonBody<'createWebhook'>;
export type Delivery = Schemas['Delivery'];
export type EventQuery = Query<'listEvents'>;

/**
 * `resourceId` alone asks for `read` on it, `permission` alone asks for it tenant-wide; `cost`
 * (default 1; 0 checks without spending) is what a valid answer spends; `dryRun` gives the same
 * answer but spends, counts and records nothing.
 */
export type VerifyRequest = JsonBody<'verifyKey'>;
export type VerifyAnswer = Schemas['VerifyAnswer'];
export type ValidAnswer = Extract<VerifyAnswer, { valid: true }>;
export type InvalidAnswer = Extract<VerifyAnswer, { valid: false }>;
export type VerifyFailureCode = InvalidAnswer['code'];
/** A key's metadata: any JSON object of at most 4 KiB, in valid answers and on the Key. Never a secret. */
export type KeyMeta = NonNullable<ValidAnswer['meta']>;
/** One named limit to apply in a verification (v1.1), and its cost (default 1). */
export type LimitRequest = NonNullable<VerifyRequest['limits']>[number];
/** A named limit of a tenant's plan or of a key (v1.1). */
export type Limit = Schemas['Limit'];
/** A named limit applied in a valid answer, with what is left. */
export type AppliedLimit = NonNullable<ValidAnswer['limits']>[number];
