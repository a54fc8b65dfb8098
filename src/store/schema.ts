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
  /** v1.1 key metadata: a JSON object (at most 4 KiB), null when unset. */
  meta: string | null;
  /** v1.1: the key's own JSON array of normalised addresses and CIDRs; null: the tenant's, else any. */
  allowed_ips: string | null;
  /** Tenant policies (migration 015): `key.rotation_due` raised; `key.unused` raised for the current unused spell. */
  rotation_reminded_at: string | null;
  unused_warned_at: string | null;
  // Leak reports (migration 016). Optional in this type only so that code writing whole rows need not
  // name them: the database defaults them (null, 0), and every read has them.
  /** The first leak report of this key; null: never reported. */
  leaked_at?: string | null;
  /** What the latest report that said so gave as its source and (http/https) URL. */
  leak_source?: string | null;
  leak_url?: string | null;
  /** How often the key was reported while not revoked. */
  leak_count?: number;
  /** 1 for a key imported from another system (v1.1): its hash is HMAC(secret, the SHA-256 hex of the old secret). */
  imported: number;
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
  /** The key's owner ('' for rows of keys deleted before migration 013), kept for grouping after a deletion. */
  owner_id: string;
  bucket: string; // the start of a UTC hour (key_usage) or day (key_usage_daily)
  valid: number;
  failed: number;
  /** key_usage only: the most valid verifications in one minute of the hour, as one node counted them. */
  peak?: number;
}

/** Credits spent per key, bucket and credits name (`remaining` for v1 credits). */
export interface KeyUsageSpentTable {
  key_id: string;
  tenant_id: string;
  owner_id: string;
  bucket: string; // the start of a UTC hour (key_usage_spent) or day (key_usage_daily_spent)
  name: string;
  amount: number;
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

/** A lease on a job (migration 015): one node at a time holds it until `expires_at`. */
export interface JobLeaseTable {
  name: string;
  holder: string | null;
  expires_at: string;
  /** When the job last ran to its end, on any node. */
  ran_at: string | null;
}

/** A GitHub secret-scanning delivery already handled, by the SHA-256 of its raw body. */
export interface LeakDeliveryTable {
  digest: string;
  received_at: string;
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
  key_usage_daily: KeyUsageTable;
  key_usage_spent: KeyUsageSpentTable;
  key_usage_daily_spent: KeyUsageSpentTable;
  changes: ChangeTable;
  verify_failures: VerifyFailureTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  job_leases: JobLeaseTable;
  leak_deliveries: LeakDeliveryTable;
  limit_balances: LimitBalanceTable;
  limit_refusals: LimitRefusalTable;
}
