// The contract's objects as JSON Schemas (TypeBox): they validate requests, shape responses
// (fields not listed here never leave the server) and feed the OpenAPI document.
import { Type, type TSchema } from 'typebox';

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const DateTime = Type.String({ format: 'date-time' });
export const Id = (prefix: string) => Type.String({ pattern: `^${prefix}_[0-9a-z]{1,64}$`, maxLength: 80 });

/** A string from a fixed list: one clear error ("must be one of …") instead of one per literal. */
export const StringEnum = <const T extends readonly string[]>(values: T, options: object = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    reason: Type.Optional(Type.String()),
    // A validation error's fields, or for QUOTA_REACHED which quota and its limit.
    details: Type.Optional(Type.Union([
      Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
      Type.Object({ quota: StringEnum(['resources', 'webhooks']), limit: Type.Integer() }),
    ])),
  }),
});

export const Role = StringEnum(['tenant_admin', 'developer']);
export const Permission = StringEnum(['read', 'write', 'admin']);
export const Scope = Type.Object(
  { resourceId: Nullable(Id('res')), permission: Permission },
  { additionalProperties: false },
);

export const User = Type.Object({
  id: Type.String(), email: Type.String(), name: Type.String(),
  isPlatformAdmin: Type.Boolean(), disabled: Type.Boolean(), createdAt: DateTime,
});

export const Settings = Type.Object({
  apiKeysEnabled: Type.Boolean(),
  maxExpiryDays: Nullable(Type.Integer({ minimum: 1, maximum: 3650 })),
  maxActiveKeysPerUser: Type.Integer({ minimum: 1, maximum: 1000 }),
  excessiveUsePerMinute: Nullable(Type.Integer({ minimum: 1, maximum: 10_000_000 })),
  autoRevokeOnExcessiveUse: Type.Boolean(),
  expiryReminderDays: Type.Integer({ minimum: 0, maximum: 365 }),
});
export const SettingsPatch = Type.Partial(Settings, { additionalProperties: false, minProperties: 1 });

export const Tenant = Type.Object({ id: Type.String(), name: Type.String(), createdAt: DateTime, settings: Settings });
export const TenantWithRoles = Type.Object({ ...Tenant.properties, roles: Type.Array(Role) });

export const Member = Type.Object({
  userId: Type.String(), email: Type.String(), name: Type.String(), roles: Type.Array(Role), licensed: Type.Boolean(),
});

export const Resource = Type.Object({
  id: Type.String(), type: Type.String(), name: Type.String(), parentId: Nullable(Type.String()),
  createdAt: DateTime, updatedAt: DateTime,
});

export const Ratelimit = Type.Object(
  { limit: Type.Integer({ minimum: 1, maximum: 1_000_000_000 }), durationMs: Type.Integer({ minimum: 1000, maximum: 86_400_000 }) },
  { additionalProperties: false },
);

export const KeyStatus = StringEnum(['active', 'expired', 'revoked']);
export const Key = Type.Object({
  id: Type.String(), name: Type.String(), description: Nullable(Type.String()), email: Nullable(Type.String()),
  ownerId: Type.String(), owner: Type.Object({ id: Type.String(), name: Type.String(), email: Type.String() }),
  start: Type.String(), status: KeyStatus, management: Type.Boolean(),
  scopes: Type.Array(Type.Object({ resourceId: Nullable(Type.String()), permission: Permission })),
  createdAt: DateTime, updatedAt: DateTime, expiresAt: Nullable(DateTime), lastUsedAt: Nullable(DateTime),
  usageCount: Type.Integer(), revokedAt: Nullable(DateTime), rotatedFrom: Nullable(Type.String()),
  rotatedTo: Nullable(Type.String()), ratelimit: Nullable(Ratelimit), remaining: Nullable(Type.Integer()),
});
export const KeyWithSecret = Type.Object({ key: Key, secret: Type.String() });

export const Event = Type.Object({
  id: Type.String(), tenantId: Nullable(Type.String()), at: DateTime, type: Type.String(),
  actor: Type.Object({ type: Type.String(), id: Nullable(Type.String()) }),
  keyId: Nullable(Type.String()), ip: Nullable(Type.String()), userAgent: Nullable(Type.String()),
  details: Type.Object({}, { additionalProperties: true }), prevHash: Nullable(Type.String()), hash: Type.String(),
});

export const Me = Type.Object({
  user: User,
  memberships: Type.Array(Type.Object({ tenantId: Type.String(), tenantName: Type.String(), roles: Type.Array(Role), licensed: Type.Boolean() })),
  key: Type.Optional(Type.Object({ id: Type.String(), tenantId: Type.String(), scopes: Type.Array(Type.Object({ resourceId: Nullable(Type.String()), permission: Permission })) })),
});

export const ListOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 2000 })),
};

export const TenantParams = Type.Object({ tid: Id('ten') });
export const Name = Type.String({ minLength: 1, maxLength: 200 });
export const Email = Type.String({ format: 'email', maxLength: 320 });
export const Password = Type.String({ minLength: 8, maxLength: 200 });

/** Standard error responses for the OpenAPI document. */
export const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, ErrorBody]));
