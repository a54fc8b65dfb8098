// Shapes of the v1 HTTP API (see the design's contract). Times are ISO-8601 UTC strings.

export type Role = 'tenant_admin' | 'developer';
export type KeyStatus = 'active' | 'expired' | 'revoked';
export type Permission = 'read' | 'write' | 'admin';

export interface User {
  id: string;
  email: string;
  name: string;
  isPlatformAdmin: boolean;
  disabled: boolean;
  createdAt: string;
}

export interface Membership {
  tenantId: string;
  tenantName: string;
  roles: Role[];
  licensed: boolean;
}

export interface Me {
  user: User;
  memberships: Membership[];
}

export interface TenantSettings {
  apiKeysEnabled: boolean;
  maxExpiryDays: number | null;
  maxActiveKeysPerUser: number;
  excessiveUsePerMinute?: number | null;
  autoRevokeOnExcessiveUse?: boolean;
  expiryReminderDays?: number;
}

export interface Tenant {
  id: string;
  name: string;
  createdAt: string;
  settings: TenantSettings;
  roles?: Role[];
}

export interface Scope {
  resourceId: string | null;
  permission: Permission;
}

export interface ApiKey {
  id: string;
  name: string;
  description: string | null;
  email: string | null;
  ownerId: string;
  owner: { id: string; name: string; email: string };
  start: string;
  status: KeyStatus;
  management: boolean;
  scopes: Scope[];
  createdAt: string;
  updatedAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  usageCount: number;
  revokedAt: string | null;
  rotatedFrom: string | null;
  rotatedTo: string | null;
  ratelimit: { limit: number; durationMs: number } | null;
  remaining: number | null;
}

export interface KeyWithSecret {
  key: ApiKey;
  secret: string;
}

export interface Resource {
  id: string;
  type: string;
  name: string;
  parentId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  roles: Role[];
  licensed: boolean;
}

export interface KeywardenEvent {
  id: string;
  tenantId: string | null;
  at: string;
  type: string;
  actor: { type: 'user' | 'key' | 'system'; id: string | null };
  keyId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown> | null;
  prevHash: string | null;
  hash: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Usage {
  interval: 'hour' | 'day';
  items: { at: string; valid: number; failed: number }[];
}

export interface Stats {
  active: number;
  expiringSoon: number;
  expired: number;
  revoked: number;
}

export interface BulkRevokeResult {
  results: { id: string; ok: boolean; code?: string }[];
}

export interface CreateKeyInput {
  name?: string;
  description?: string;
  expiresInDays?: number;
  scopes?: Scope[];
}

export interface KeyListQuery {
  q?: string;
  status?: string;
  owner?: string;
  sort?: string;
  limit?: number;
  cursor?: string;
}

export interface EventQuery {
  type?: string;
  keyId?: string;
  actor?: string;
  since?: string;
  until?: string;
  limit?: number;
  cursor?: string;
}

export interface Webhook {
  id: string;
  tenantId: string;
  url: string;
  description: string | null;
  /** Event types, `area.*` for every event of an area, or `*` for all. */
  eventTypes: string[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookWithSecret {
  webhook: Webhook;
  /** The endpoint's signing secret, shown once. */
  secret: string;
}

export interface WebhookInput {
  url: string;
  eventTypes: string[];
  description?: string | null;
}

export type DeliveryStatus = 'succeeded' | 'failed' | 'gave_up';

export interface Delivery {
  id: string;
  eventId: string;
  at: string;
  attempt: number;
  status: DeliveryStatus;
  responseStatus: number | null;
  error: string | null;
  nextAttemptAt: string | null;
  durationMs: number;
}
