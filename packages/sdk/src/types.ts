// The shapes of the Keywarden v1 API (DESIGN "HTTP API contract"). Times are ISO-8601 UTC strings.

export type Permission = 'read' | 'write' | 'admin';
export type Role = 'tenant_admin' | 'developer';
export type KeyStatus = 'active' | 'expired' | 'revoked';

/** `resourceId: null` is the whole tenant. */
export interface Scope { resourceId: string | null; permission: Permission }
export interface Ratelimit { limit: number; durationMs: number }

export interface Page<T> { items: T[]; nextCursor: string | null }
export interface PageQuery { limit?: number; cursor?: string }

export interface Key {
  id: string; name: string; description: string | null; email: string | null;
  ownerId: string; owner: { id: string; name: string; email: string };
  /** The prefix, `_` and the first 6 characters: enough to recognise a key, never the secret. */
  start: string; status: KeyStatus; management: boolean; scopes: Scope[];
  createdAt: string; updatedAt: string; expiresAt: string | null; lastUsedAt: string | null;
  usageCount: number; revokedAt: string | null; rotatedFrom: string | null; rotatedTo: string | null;
  ratelimit: Ratelimit | null; remaining: number | null;
}
/** A created or rotated key: the secret is returned this once. */
export interface KeyWithSecret { key: Key; secret: string }

export interface CreateKeyInput {
  name?: string; description?: string; email?: string;
  expiresInDays?: number; expiresAt?: string;
  scopes?: Scope[]; management?: boolean; ownerId?: string;
  ratelimit?: Ratelimit | null; remaining?: number | null;
}
export interface UpdateKeyInput {
  name?: string; description?: string | null; email?: string | null;
  scopes?: Scope[]; management?: boolean; ratelimit?: Ratelimit | null; remaining?: number | null;
}
export interface KeyListQuery extends PageQuery {
  q?: string;
  /** Comma-separated: `active,expired`. */
  status?: string;
  owner?: 'me' | string;
  sort?: string;
}
export interface KeyStats { active: number; expiringSoon: number; expired: number; revoked: number }
export interface KeyUsage { interval: string; items: { at: string; valid: number; failed: number }[] }

export interface Settings {
  apiKeysEnabled: boolean; maxExpiryDays: number | null; maxActiveKeysPerUser: number;
  excessiveUsePerMinute: number | null; autoRevokeOnExcessiveUse: boolean; expiryReminderDays: number;
}
export interface Tenant { id: string; name: string; createdAt: string; settings: Settings }
export interface User { id: string; email: string; name: string; isPlatformAdmin: boolean; disabled: boolean; createdAt: string }
/** What a tenant admin learns of a user found by email. */
export interface UserSummary { id: string; email: string; name: string }
export interface Member { userId: string; email: string; name: string; roles: Role[]; licensed: boolean }
export interface Resource { id: string; type: string; name: string; parentId: string | null; createdAt: string; updatedAt: string }

export interface Me {
  user: User;
  memberships: { tenantId: string; tenantName: string; roles: Role[]; licensed: boolean }[];
  /** Present when the caller is a management key: the tenant it belongs to. */
  key?: { id: string; tenantId: string; scopes: Scope[] };
}

export interface Event {
  id: string; tenantId: string | null; at: string; type: string;
  actor: { type: 'user' | 'key' | 'system'; id: string | null };
  keyId: string | null; ip: string | null; userAgent: string | null;
  details: Record<string, unknown>; prevHash: string | null; hash: string;
}
export interface Webhook {
  id: string; tenantId: string; url: string; description: string | null;
  /** Event types, `area.*` for every event of an area, or `*`. */
  eventTypes: string[]; enabled: boolean; createdAt: string; updatedAt: string;
}
export interface WebhookInput { url: string; eventTypes: string[]; description?: string | null }
export interface Delivery {
  id: string; eventId: string; at: string; attempt: number; status: 'succeeded' | 'failed' | 'gave_up';
  responseStatus: number | null; error: string | null; nextAttemptAt: string | null; durationMs: number;
}
export interface EventQuery extends PageQuery {
  type?: string; keyId?: string; actor?: string; since?: string; until?: string;
}

export interface VerifyRequest {
  /** Ask for a permission on this resource (alone: `read`). */
  resourceId?: string;
  /** Ask for this permission (alone: tenant-wide). */
  permission?: Permission;
  /** Credits a valid answer spends (default 1; 0 checks without spending). */
  cost?: number;
  /** The same answer, but nothing is spent, counted or recorded. */
  dryRun?: boolean;
}

export type VerifyFailureCode =
  | 'MALFORMED' | 'NOT_FOUND' | 'REVOKED' | 'EXPIRED' | 'DISABLED'
  | 'FORBIDDEN' | 'USAGE_EXCEEDED' | 'RATE_LIMITED';

export interface ValidAnswer {
  valid: true; keyId: string; tenantId: string; ownerId: string; name: string; scopes: Scope[];
  expiresAt: string | null; ratelimit?: { limit: number; remaining: number; resetAt: string }; remaining?: number;
  /** v1.1: the named limits applied to this verification. */
  limits?: { name: string; kind: 'rate' | 'credits'; per: 'key' | 'owner' | 'tenant'; limit: number; remaining: number; resetAt: string | null }[];
}
export interface InvalidAnswer { valid: false; code: VerifyFailureCode; retryAfterMs?: number }
export type VerifyAnswer = ValidAnswer | InvalidAnswer;
