// The contract's objects as JSON Schemas (TypeBox): they validate requests, shape responses
// (fields not listed here never leave the server) and feed the OpenAPI document.
import { Type, type Static, type TSchema, type TUnsafe } from 'typebox';
import { RESOURCE_TYPE_PATTERN, type ResourceTypeRules } from '../domain/resource-types.js';
import { LEAK_POLICIES } from '../domain/policy.js';

export const Nullable = <T extends TSchema>(t: T, options: { description?: string } = {}) => Type.Union([t, Type.Null()], options);
export const DateTime = Type.String({ format: 'date-time' });
export const Id = (prefix: string) => Type.String({ pattern: `^${prefix}_[0-9a-z]{1,64}$`, maxLength: 80 });

const components = new Map<string, TSchema>();

/**
 * A named object of the document (`#/components/schemas/<name>`), which answers refer to instead of
 * repeating it, and which client generators turn into one named type. The reference resolves
 * through Fastify's shared schemas, so use it in answers only: request parts are validated inline.
 */
export function component<T extends TSchema>(name: string, schema: T): TUnsafe<Static<T>> {
  if (components.has(name)) throw new Error(`The OpenAPI component ${name} is declared twice.`);
  components.set(name, schema);
  return Type.Unsafe<Static<T>>({ $ref: `${name}#` });
}

/** Every component, as a shared schema for Fastify (`app.addSchema`). */
export const componentSchemas = () => [...components].map(([name, schema]) => ({ ...schema, $id: name }));

const EXAMPLE_TIME = '2026-11-24T10:00:00.000Z';

/** A string from a fixed list: one clear error ("must be one of …") instead of one per literal. */
export const StringEnum = <const T extends readonly string[]>(values: T, options: object = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

export const ErrorBody = component('Error', Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'A stable SNAKE_CASE code from the catalogue (`NOT_FOUND`, `KEY_LIMIT_REACHED`, …).' }),
    message: Type.String({ description: 'For people; never echoes a secret.' }),
    reason: Type.Optional(Type.String({ description: 'With `UNAUTHENTICATED` for an `X-API-Key` that does not verify: its verify code.' })),
    // A validation error's fields, or for QUOTA_REACHED which quota and its limit.
    details: Type.Optional(Type.Union([
      Type.Array(Type.Object({
        field: Type.String({ description: 'A JSON Pointer into the request (`/scopes/0/permission`).' }),
        message: Type.String(),
      })),
      Type.Object({ quota: StringEnum(['resources', 'webhooks']), limit: Type.Integer() }, { description: 'With `QUOTA_REACHED`: which quota, and its limit.' }),
    ])),
  }),
}, {
  description: 'Every failure answers in this shape.',
  example: { error: { code: 'VALIDATION_FAILED', message: 'Invalid request body: /scopes/0/permission must be one of read, write, admin.', details: [{ field: '/scopes/0/permission', message: 'must be one of read, write, admin' }] } },
}));

export const Role = StringEnum(['tenant_admin', 'developer']);
export const Permission = StringEnum(['read', 'write', 'admin']);
export const Scope = Type.Object(
  { resourceId: Nullable(Id('res')), permission: Permission },
  { additionalProperties: false },
);

const UserFields = Type.Object({
  id: Type.String(), email: Type.String(), name: Type.String(),
  isPlatformAdmin: Type.Boolean(), disabled: Type.Boolean(), createdAt: DateTime,
});
const EXAMPLE_USER = { id: 'usr_01jdx3k9q2w8e7r6t5y4u3i2o1', email: 'ada@example.com', name: 'Ada Lovelace', isPlatformAdmin: false, disabled: false, createdAt: EXAMPLE_TIME };
export const User = component('User', Type.Object(UserFields.properties, { example: EXAMPLE_USER }));
/** What a tenant admin learns of a user found by email (GET /users?email=): enough to grant access. */
export const UserSummary = Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() }, { additionalProperties: false });

/** v1.1 "IP restrictions": an address or CIDR, checked and normalised by domain/allowed-ips.ts. */
export const AllowedIps = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
  minItems: 1, maxItems: 100,
  description: 'IPv4/IPv6 addresses or CIDRs (`203.0.113.0/24`, `2001:db8::/32`), stored normalised; null: any address.',
});
/** v1.1 "Key metadata": any JSON object, at most 4 KiB as JSON text. Never put a secret in it. */
export const KeyMeta = Type.Unsafe<Record<string, unknown>>({
  type: 'object', additionalProperties: true,
  description: 'Your own data about the key (a customer id, a plan): any JSON object of at most 4 KiB. Never a secret.',
});
/** A resource type: a lowercase word (account, folder, building, database, or any other). */
export const ResourceType = Type.String({ pattern: RESOURCE_TYPE_PATTERN });

const PolicyDays = (what: string) => Nullable(Type.Integer({ minimum: 1, maximum: 3650, description: what }));
/**
 * settings.resourceTypes: a map from a type (`""`: the root) to the types allowed right under it.
 * OpenAPI 3.0 has no `propertyNames`: the names are checked by assertValidResourceTypes (domain).
 */
const ResourceTypeRulesSchema = Type.Unsafe<ResourceTypeRules>({
  type: 'object',
  additionalProperties: { type: 'array', items: { type: 'string', pattern: RESOURCE_TYPE_PATTERN }, uniqueItems: true, maxItems: 100 },
  maxProperties: 100,
  description: 'Which resource types may stand at the root (`""`) and under each type; a type not listed as a key may have no children. '
    + 'Checked when a resource is created or moved (400 `VALIDATION_FAILED`); existing resources are left as they are. Null: any type anywhere.',
  example: { '': ['account'], account: ['folder'], folder: ['building'], building: ['database'] },
});
/** A named limit (DESIGN v1.1 "Named limits"); the rules beyond the schema are in domain/limits.ts. */
const LimitFields = Type.Object({
  name: Type.String({ pattern: '^[a-z0-9_-]{1,32}$', description: '1..32 of `a-z0-9_-`, unique across the tenant\'s limits and its keys\' limits; `remaining`, `__proto__`, `constructor` and `prototype` are reserved.' }),
  kind: StringEnum(['rate', 'credits'], { description: '`rate`: a fixed window of `limit` tokens per `durationMs`; `credits`: a balance that verifications spend, starting at `limit`.' }),
  per: StringEnum(['key', 'owner', 'tenant'], { description: 'Counted for the key, for all keys of its owner in the tenant, or for all keys of the tenant. A key\'s own limits are `key` only.' }),
  limit: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 }),
  durationMs: Type.Optional(Type.Integer({ minimum: 1000, maximum: 2_592_000_000, description: 'A rate\'s window: 1 s to 30 days.' })),
  refill: Type.Optional(Type.Object({
    amount: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 }),
    interval: StringEnum(['day', 'month']),
    dayOfMonth: Type.Optional(Type.Integer({ minimum: 1, maximum: 28 })),
  }, { additionalProperties: false, description: 'Credits: sets (not adds) the balance to `amount` at 00:00 UTC of each day, or of `dayOfMonth` (default 1) of each month.' })),
  autoApply: Type.Boolean({ description: 'Applied to every verification of the keys it covers (credits at the request\'s `cost`, a rate at 1 token); otherwise only when a verification names it.' }),
  lowThreshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000_000, description: 'Credits: `key.credits_low` once per refill period when a balance first falls below it.' })),
}, { additionalProperties: false });
export const LimitInput = LimitFields;
export const Limit = component('Limit', Type.Object(LimitFields.properties, {
  example: { name: 'tokens', kind: 'credits', per: 'tenant', limit: 100000, refill: { amount: 100000, interval: 'month', dayOfMonth: 1 }, autoApply: false, lowThreshold: 10000 },
}));
export const TenantLimits = Type.Array(LimitFields, { maxItems: 20 });
export const KeyLimits = Type.Array(LimitFields, { maxItems: 10 });

const SettingsFields = Type.Object({
  apiKeysEnabled: Type.Boolean(),
  maxExpiryDays: Nullable(Type.Integer({ minimum: 1, maximum: 3650 })),
  maxActiveKeysPerUser: Type.Integer({ minimum: 1, maximum: 1000 }),
  excessiveUsePerMinute: Nullable(Type.Integer({ minimum: 1, maximum: 10_000_000 })),
  autoRevokeOnExcessiveUse: Type.Boolean(),
  expiryReminderDays: Type.Integer({ minimum: 0, maximum: 365 }),
  allowedIps: Nullable(AllowedIps),
  rotationReminderDays: PolicyDays('A key this many days old raises `key.rotation_due` once. Null: off.'),
  revokeUnusedAfterDays: PolicyDays('An active key unused this many days (since its last use, or its creation) raises `key.unused`, '
    + 'and is revoked by the system (`details.reason: "unused"`) `expiryReminderDays` after that warning unless it is used meanwhile. Null: off.'),
  leakPolicy: StringEnum(LEAK_POLICIES, { description: 'What a leak report of a key does: `revoke` it (the default) or only `notify` (mark it and record `key.leaked`).' }),
  resourceTypes: Nullable(ResourceTypeRulesSchema),
  limits: Type.Optional(Type.Array(LimitFields, { maxItems: 20, description: 'The tenant\'s plan: named limits (at most 20). Only a platform admin may change them.' })),
});
const EXAMPLE_SETTINGS = {
  apiKeysEnabled: true, maxExpiryDays: 365, maxActiveKeysPerUser: 5, excessiveUsePerMinute: null, autoRevokeOnExcessiveUse: false, expiryReminderDays: 7,
  allowedIps: null, rotationReminderDays: 90, revokeUnusedAfterDays: null, leakPolicy: 'revoke', resourceTypes: null,
};
export const Settings = component('Settings', Type.Object(SettingsFields.properties, { example: EXAMPLE_SETTINGS }));
export const SettingsPatch = Type.Partial(SettingsFields, { additionalProperties: false, minProperties: 1 });

const TenantFields = { id: Type.String(), name: Type.String(), createdAt: DateTime, settings: Settings };
const EXAMPLE_TENANT = { id: 'ten_01jdx3k2m4n6p8r0t2v4x6z8b0', name: 'Acme', createdAt: EXAMPLE_TIME, settings: EXAMPLE_SETTINGS };
export const Tenant = component('Tenant', Type.Object(TenantFields, { example: EXAMPLE_TENANT }));
export const TenantWithRoles = component('TenantWithRoles', Type.Object({ ...TenantFields, roles: Type.Array(Role, { description: "The caller's roles in this tenant." }) }, {
  example: { ...EXAMPLE_TENANT, roles: ['tenant_admin', 'developer'] },
}));

export const Member = component('Member', Type.Object({
  userId: Type.String(), email: Type.String(), name: Type.String(), roles: Type.Array(Role), licensed: Type.Boolean(),
}, { example: { userId: EXAMPLE_USER.id, email: EXAMPLE_USER.email, name: EXAMPLE_USER.name, roles: ['developer'], licensed: true } }));

export const Resource = component('Resource', Type.Object({
  id: Type.String(), type: Type.String(), name: Type.String(), parentId: Nullable(Type.String()),
  createdAt: DateTime, updatedAt: DateTime,
}, { example: { id: 'res_01jdx3n5b7c9d1f3g5h7j9k1l3', type: 'building', name: 'Head office', parentId: null, createdAt: EXAMPLE_TIME, updatedAt: EXAMPLE_TIME } }));

export const Ratelimit = Type.Object(
  { limit: Type.Integer({ minimum: 1, maximum: 1_000_000_000 }), durationMs: Type.Integer({ minimum: 1000, maximum: 86_400_000 }) },
  { additionalProperties: false },
);

export const KeyStatus = StringEnum(['active', 'expired', 'revoked']);
/** A scope as answers show it (`resourceId: null` is the whole tenant). */
export const GrantedScope = component('Scope', Type.Object({ resourceId: Nullable(Type.String()), permission: Permission }, {
  description: 'A permission on a resource and its descendants; `resourceId: null` is the whole tenant.',
  example: { resourceId: null, permission: 'read' },
}));

/** What leak reports said of a key (DESIGN v1.1 "Leak reports"). */
const LeakReportFacts = Type.Object({
  source: Nullable(Type.String({ description: 'Where the latest report that named one found the key.' })),
  url: Nullable(Type.String({ description: 'The `http`/`https` address the latest report that gave one pointed to.' })),
  count: Type.Integer({ description: 'How often the key was reported while not revoked.' }),
}, { description: 'Present once the key was reported as leaked.' });

const EXAMPLE_KEY = {
  id: 'key_01jdx3p8s0u2w4y6a8c0e2g4i6', name: 'Billing export', description: 'Nightly export to the billing system', email: 'ops@example.com',
  ownerId: EXAMPLE_USER.id, owner: { id: EXAMPLE_USER.id, name: EXAMPLE_USER.name, email: EXAMPLE_USER.email },
  start: 'kw_Ab3dE9', status: 'active', management: false, scopes: [{ resourceId: null, permission: 'read' }],
  createdAt: EXAMPLE_TIME, updatedAt: EXAMPLE_TIME, expiresAt: '2027-11-24T10:00:00.000Z', lastUsedAt: null,
  usageCount: 0, revokedAt: null, rotatedFrom: null, rotatedTo: null, ratelimit: { limit: 100, durationMs: 60000 }, remaining: null,
  meta: { customerId: 'cus_1234', plan: 'gold' }, allowedIps: ['203.0.113.0/24'],
  rotationDueAt: '2027-02-22T10:00:00.000Z', unusedRevokeAt: null,
  leakedAt: null, leak: null,
  imported: false,
  usage24h: 0,
  limits: [],
};
export const Key = component('Key', Type.Object({
  id: Type.String(), name: Type.String(), description: Nullable(Type.String()), email: Nullable(Type.String()),
  ownerId: Type.String(), owner: Type.Object({ id: Type.String(), name: Type.String(), email: Type.String() }),
  start: Type.String({ description: 'The prefix, `_` and the first 6 characters: enough to recognise a key, never the secret.' }),
  status: KeyStatus, management: Type.Boolean(),
  scopes: Type.Array(GrantedScope),
  createdAt: DateTime, updatedAt: DateTime, expiresAt: Nullable(DateTime), lastUsedAt: Nullable(DateTime),
  usageCount: Type.Integer(), revokedAt: Nullable(DateTime), rotatedFrom: Nullable(Type.String()),
  rotatedTo: Nullable(Type.String()), ratelimit: Nullable(Ratelimit), remaining: Nullable(Type.Integer()),
  meta: Nullable(KeyMeta), allowedIps: Nullable(AllowedIps),
  rotationDueAt: Nullable(DateTime, {
    description: "Under the tenant's `rotationReminderDays`: when this key is due for rotation (past: due now). Null when the policy is off, or the key is not active or already rotated.",
  }),
  unusedRevokeAt: Nullable(DateTime, {
    description: "Under the tenant's `revokeUnusedAfterDays`: when the system will revoke this key if it stays unused (any use moves it on). "
      + 'Null when the policy is off, or the key is not active or already rotated.',
  }),
  leakedAt: Nullable(Type.String({ format: 'date-time', description: 'When the key was first reported as leaked (POST /leaks); null: never.' })),
  leak: Nullable(LeakReportFacts),
  imported: Type.Boolean({ description: 'Imported from another system by the SHA-256 of its secret (v1.1); `start` is then what the import gave.' }),
  usage24h: Type.Integer({ description: 'Valid verifications in the last 24 hours: the current UTC hour and the 23 before it.' }),
  limits: Type.Array(Limit, { description: 'The key\'s own named limits (`per: "key"`); its tenant\'s apply too.' }),
}, { description: 'An API key; never its secret or hash.', example: EXAMPLE_KEY }));
export const KeyWithSecret = component('KeyWithSecret', Type.Object({
  key: Key,
  secret: Type.String({ description: 'The key itself, returned this once: store it now.' }),
}, { example: { key: EXAMPLE_KEY, secret: 'kw_Ab3dE9-example-not-a-real-key' } }));

export const Event = component('Event', Type.Object({
  id: Type.String(), tenantId: Nullable(Type.String()), at: DateTime, type: Type.String(),
  actor: Type.Object({ type: StringEnum(['user', 'key', 'system']), id: Nullable(Type.String()) }),
  keyId: Nullable(Type.String()), ip: Nullable(Type.String()), userAgent: Nullable(Type.String()),
  details: Type.Object({}, { additionalProperties: true }), prevHash: Nullable(Type.String()), hash: Type.String(),
}, {
  example: {
    id: 'evt_01jdx3q1w3e5r7t9y1u3i5o7p9', tenantId: EXAMPLE_TENANT.id, at: EXAMPLE_TIME, type: 'key.created',
    actor: { type: 'user', id: EXAMPLE_USER.id }, keyId: EXAMPLE_KEY.id, ip: '203.0.113.7', userAgent: 'curl/8.5.0',
    details: { name: EXAMPLE_KEY.name }, prevHash: 'b1946ac92492d2347c6235b4d2611184', hash: '591785b794601e212b260e25925636fd',
  },
}));

export const Membership = component('Membership', Type.Object({ tenantId: Type.String(), tenantName: Type.String(), roles: Type.Array(Role), licensed: Type.Boolean() }));
export const Me = component('Me', Type.Object({
  user: User,
  memberships: Type.Array(Membership),
  key: Type.Optional(Type.Object({ id: Type.String(), tenantId: Type.String(), scopes: Type.Array(GrantedScope) }, {
    description: 'Present when the caller is a management key: the key and its tenant.',
  })),
}, { example: { user: EXAMPLE_USER, memberships: [{ tenantId: EXAMPLE_TENANT.id, tenantName: EXAMPLE_TENANT.name, roles: ['developer'], licensed: true }] } }));

export const ListOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 2000 })),
};

export const TenantParams = Type.Object({ tid: Id('ten') });
export const Name = Type.String({ minLength: 1, maxLength: 200 });
export const Email = Type.String({ format: 'email', maxLength: 320 });
export const Password = Type.String({ minLength: 8, maxLength: 200 });
