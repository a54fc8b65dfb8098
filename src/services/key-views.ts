// The Key object of the contract, built from a key row joined with its owner. Never the secret or hash.
import { deriveStatus } from '../domain/status.js';
import type { Scope } from '../domain/scopes.js';
import { parseMeta } from '../domain/key-meta.js';
import type { LimitDefinition } from '../domain/limits.js';
import type { ApiKeyTable } from '../store/schema.js';
import type { Db, Trx } from '../store/store.js';
import { rotationDueAt, unusedRevokeAt, type PolicyKeyFacts, type PolicySettings } from '../domain/key-policies.js';

export type KeyRow = ApiKeyTable & { owner_name: string; owner_email: string };

/** The tenant policies' facts about a key, for the console's "rotation due" and "will be revoked on … if unused". */
export function keyPolicyFacts(row: ApiKeyTable, settings: PolicySettings, now: Date) {
  const facts: PolicyKeyFacts = {
    createdAt: row.created_at, expiresAt: row.expires_at, revokedAt: row.revoked_at, rotatedTo: row.rotated_to,
    lastUsedAt: row.last_used_at, unusedWarnedAt: row.unused_warned_at,
  };
  return { rotationDueAt: rotationDueAt(facts, settings, now), unusedRevokeAt: unusedRevokeAt(facts, settings, now) };
}

/** `usage24h`: the key's valid verifications in the last 24 hours (usage-24h.ts). */
export function toKeyView(row: KeyRow, now: Date, settings: PolicySettings, usage24h: number) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    email: row.email,
    ownerId: row.owner_id,
    owner: { id: row.owner_id, name: row.owner_name, email: row.owner_email },
    start: row.start,
    status: deriveStatus({ revokedAt: row.revoked_at, expiresAt: row.expires_at }, now),
    management: row.management === 1,
    scopes: JSON.parse(row.scopes) as Scope[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    usageCount: Number(row.usage_count),
    revokedAt: row.revoked_at,
    rotatedFrom: row.rotated_from,
    rotatedTo: row.rotated_to,
    ratelimit: row.ratelimit_limit !== null && row.ratelimit_duration_ms !== null
      ? { limit: row.ratelimit_limit, durationMs: Number(row.ratelimit_duration_ms) } : null,
    remaining: row.remaining === null ? null : Number(row.remaining),
    meta: parseMeta(row.meta),
    allowedIps: row.allowed_ips === null ? null : JSON.parse(row.allowed_ips) as string[],
    ...keyPolicyFacts(row, settings, now),
    leakedAt: row.leaked_at ?? null,
    leak: row.leaked_at ? { source: row.leak_source ?? null, url: row.leak_url ?? null, count: Number(row.leak_count ?? 0) } : null,
    imported: Number(row.imported) === 1,
    usage24h,
    limits: row.limits ? (JSON.parse(row.limits) as LimitDefinition[]) : [],
  };
}

export type KeyView = ReturnType<typeof toKeyView>;

/** Keys joined with their owners: the base of every key read. */
export function selectKeys(db: Db | Trx) {
  return db.selectFrom('api_keys').innerJoin('users', 'users.id', 'api_keys.owner_id')
    .selectAll('api_keys').select(['users.name as owner_name', 'users.email as owner_email']);
}

export const searchText = (k: { name: string; description: string | null; id: string }) =>
  [k.name, k.description ?? '', k.id].join('\n').toLowerCase();
