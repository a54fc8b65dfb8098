// Kysely table types. Times are ISO-8601 UTC text (fixed width, so they sort as text on both
// databases), booleans are 0/1 integers and structured values are JSON text: one query serves both.
import type { Generated } from 'kysely';

export interface MetaTable {
  key: string;
  value: string;
}

export interface UserTable {
  id: string;
  email: string;
  email_lc: string;
  name: string;
  name_lc: string;
  password_hash: string;
  is_platform_admin: number;
  disabled: number;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  /** When a request last used the session (to the minute); null: not since it was made. */
  last_seen_at: string | null;
}

export interface TenantTable {
  id: string;
  name: string;
  name_lc: string;
  settings: string;
  created_at: string;
  updated_at: string;
}

export interface MembershipTable {
  tenant_id: string;
  user_id: string;
  roles: string; // JSON array of Role
  licensed: number;
  created_at: string;
  updated_at: string;
}

export interface ResourceTable {
  id: string;
  tenant_id: string;
  type: string;
  name: string;
  name_lc: string;
  parent_id: string | null;
  parent_key: string; // parent_id or '' for a root, so one unique index covers roots too
  created_at: string;
  updated_at: string;
}

export interface ApiKeyTable {
  id: string;
  tenant_id: string;
  owner_id: string;
  name: string;
  name_lc: string;
  description: string | null;
  email: string | null;
  search_lc: string; // lower-cased name, description and id, written by the application
  start: string;
  hash: string;
  management: number;
  scopes: string; // JSON array of Scope
  created_at: string;
  updated_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
  last_used_at: string | null;
  usage_count: number;
  rotated_from: string | null;
  rotated_to: string | null;
  ratelimit_limit: number | null;
  ratelimit_duration_ms: number | null;
  remaining: number | null;
  expiry_reminded_at: string | null;
  /** The credit balance this key spends from (null: its own id, for rows written without one). */
  credits_id: string | null;
  /** Changed only when the balance is set (a top-up), so spends made before it are not charged to it. */
  credits_version: number;
  /** The key's own named limits (JSON array of LimitDefinition); null: none. */
  limits: string | null;
}

/** A named credits limit's balance for one subject: the key's balance id, the owner or the tenant. */
export interface LimitBalanceTable {
  tenant_id: string;
  name: string;
  subject_id: string;
  per: string;
  remaining: number;
  period_ms: number;
  version: number;
  low_period_ms: number | null;
  updated_at: string;
}

/** Refusals by a named limit not yet reported by `tenant.limit_reached` (at most hourly). */
export interface LimitRefusalTable {
  tenant_id: string;
  name: string;
  count: number;
  reported_at: string | null;
}

export interface EventTable {
  id: string;
  chain: string; // tenant id, or 'platform'
  seq: number;
  tenant_id: string | null;
  at: string;
  type: string;
  actor_type: string;
  actor_id: string | null;
  key_id: string | null;
  ip: string | null;
  user_agent: string | null;
  details: string;
  prev_hash: string | null;
  hash: string;
}

export interface ChainHeadTable {
  chain: string;
  seq: number;
  hash: string;
  at: string | null; // the last event's time (null: an empty chain, opened by a writer)
}

export interface KeyUsageTable {
  key_id: string;
  tenant_id: string;
  bucket: string; // the start of a UTC hour
  valid: number;
  failed: number;
}

/** The change feed: every change that can alter a verify answer, polled by other nodes as a safety net. */
export interface ChangeTable {
  id: Generated<number>;
  at: string;
  kind: string; // key | tenant | member | user | resource
  tenant_id: string | null;
  subject_id: string | null;
  key_hash: string | null;
}

/** A webhook endpoint; `cursor_seq` is the last seq of its tenant's chain it is done with (the outbox cursor). */
export interface WebhookTable {
  id: string;
  tenant_id: string;
  url: string;
  description: string | null;
  event_types: string; // JSON array of event types (`key.revoked`, `key.*`, `*`)
  secret: string; // the signing secret, encrypted under a key derived from the server secret
  enabled: number;
  cursor_seq: number;
  attempt: number; // attempts made so far on the event after the cursor
  first_attempt_at: string | null;
  next_attempt_at: string | null;
  claimed_by: string | null; // the node delivering to it, until claimed_until (a lease)
  claimed_until: string | null;
  created_at: string;
  updated_at: string;
}

/** One delivery attempt of one event to one endpoint. */
export interface WebhookDeliveryTable {
  id: string;
  webhook_id: string;
  tenant_id: string;
  event_id: string;
  attempt: number;
  at: string;
  status: string; // succeeded | failed (retried at next_attempt_at) | gave_up
  response_status: number | null;
  error: string | null;
  next_attempt_at: string | null;
  duration_ms: number;
}

export interface VerifyFailureTable {
  key_id: string;
  tenant_id: string;
  minute: string; // the start of a UTC minute
  code: string;
  count: number;
}

export interface Database {
  meta: MetaTable;
  users: UserTable;
  sessions: SessionTable;
  tenants: TenantTable;
  memberships: MembershipTable;
  resources: ResourceTable;
  api_keys: ApiKeyTable;
  events: EventTable;
  chain_heads: ChainHeadTable;
  key_usage: KeyUsageTable;
  changes: ChangeTable;
  verify_failures: VerifyFailureTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  limit_balances: LimitBalanceTable;
  limit_refusals: LimitRefusalTable;
}
