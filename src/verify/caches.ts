// The verifier's memory: keys by hash, a short negative cache, and the per-tenant and per-member
// facts that can turn a key DISABLED. Each is dropped precisely when a change concerns it.
import type { Change, Store } from '../store/store.js';
import { DEFAULT_SCOPES, type Scope } from '../domain/scopes.js';
import { parseRoles, parseSettings } from '../services/views.js';
import type { KeyEntry } from './decide.js';

const NEGATIVE_TTL_MS = 5_000;

export interface CacheLimits {
  maxKeys: number;
  maxNegative: number;
}

export class VerifyCaches {
  readonly keys = new Map<string, KeyEntry>();
  private readonly keyHashById = new Map<string, string>();
  // Unknown hashes until a time: a flood of bad keys costs one lookup each per TTL, bounded in size.
  readonly negative = new Map<string, number>();
  private readonly tenants = new Map<string, { enabled: boolean }>();
  private readonly members = new Map<string, boolean>();
  private readonly resources = new Map<string, Map<string, string | null>>();

  constructor(private readonly store: Store, private readonly limits: CacheLimits) {}

  /** Drops what a change concerns; run for local changes right after commit and for other nodes'. */
  apply(change: Change): void {
    switch (change.kind) {
      case 'key': {
        const hash = change.keyHash ?? (change.subjectId ? this.keyHashById.get(change.subjectId) : undefined);
        if (hash) {
          this.keys.delete(hash);
          this.negative.delete(hash);
        }
        if (change.subjectId) this.keyHashById.delete(change.subjectId);
        break;
      }
      case 'tenant':
        if (change.tenantId) this.tenants.delete(change.tenantId);
        break;
      case 'member':
        this.members.delete(`${change.tenantId}|${change.subjectId}`);
        break;
      case 'user':
        for (const k of this.members.keys()) if (k.endsWith(`|${change.subjectId}`)) this.members.delete(k);
        break;
      case 'resource':
        if (change.tenantId) this.resources.delete(change.tenantId);
        break;
    }
  }

  clear(): void {
    this.keys.clear();
    this.keyHashById.clear();
    this.negative.clear();
    this.tenants.clear();
    this.members.clear();
    this.resources.clear();
  }

  isKnownMissing(hash: string, nowMs: number): boolean {
    const until = this.negative.get(hash);
    if (until === undefined) return false;
    if (until > nowMs) return true;
    this.negative.delete(hash);
    return false;
  }

  /** Loads a key by hash from the database; null (and a negative entry) when there is none. */
  async loadKey(hash: string, nowMs: number): Promise<KeyEntry | null> {
    const row = await this.store.db.selectFrom('api_keys')
      .select(['id', 'tenant_id', 'owner_id', 'name', 'scopes', 'expires_at', 'revoked_at', 'management',
        'ratelimit_limit', 'ratelimit_duration_ms', 'remaining'])
      .where('hash', '=', hash).executeTakeFirst();
    if (!row) {
      if (this.negative.size >= this.limits.maxNegative) this.negative.delete(this.negative.keys().next().value!);
      this.negative.set(hash, nowMs + NEGATIVE_TTL_MS);
      return null;
    }
    const scopes: Scope[] = JSON.parse(row.scopes);
    const entry: KeyEntry = {
      id: row.id,
      tenantId: row.tenant_id,
      ownerId: row.owner_id,
      name: row.name,
      hash,
      // Most keys carry the default scope: share one frozen array instead of one per key.
      scopes: scopes.length === 1 && scopes[0].resourceId === null && scopes[0].permission === 'read' ? DEFAULT_SCOPES : scopes,
      expiresAt: row.expires_at,
      expiresAtMs: row.expires_at ? Date.parse(row.expires_at) : Infinity,
      revoked: row.revoked_at !== null,
      management: row.management === 1,
      ratelimit: row.ratelimit_limit !== null && row.ratelimit_duration_ms !== null
        ? { limit: row.ratelimit_limit, durationMs: Number(row.ratelimit_duration_ms) } : null,
      remaining: row.remaining === null ? null : Number(row.remaining),
    };
    if (this.keys.size >= this.limits.maxKeys) {
      const oldest = this.keys.keys().next().value!;
      const evicted = this.keys.get(oldest);
      this.keys.delete(oldest);
      if (evicted) this.keyHashById.delete(evicted.id);
    }
    this.keys.set(hash, entry);
    this.keyHashById.set(entry.id, hash);
    return entry;
  }

  tenantEnabled(tenantId: string): boolean | undefined {
    return this.tenants.get(tenantId)?.enabled;
  }

  async loadTenant(tenantId: string): Promise<boolean> {
    const row = await this.store.db.selectFrom('tenants').select('settings').where('id', '=', tenantId).executeTakeFirst();
    const enabled = row ? parseSettings(row.settings).apiKeysEnabled : false;
    this.tenants.set(tenantId, { enabled });
    return enabled;
  }

  ownerActive(tenantId: string, userId: string): boolean | undefined {
    return this.members.get(`${tenantId}|${userId}`);
  }

  async loadOwner(tenantId: string, userId: string): Promise<boolean> {
    const row = await this.store.db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['memberships.roles', 'memberships.licensed', 'users.disabled'])
      .where('memberships.tenant_id', '=', tenantId).where('memberships.user_id', '=', userId).executeTakeFirst();
    const active = !!row && row.disabled === 0 && row.licensed === 1 && parseRoles(row.roles).includes('developer');
    this.members.set(`${tenantId}|${userId}`, active);
    return active;
  }

  /** The resource and its ancestors, or null when it is not a resource of this tenant. */
  ancestry(tenantId: string, resourceId: string): readonly string[] | null | undefined {
    const tree = this.resources.get(tenantId);
    if (!tree) return undefined;
    const chain: string[] = [];
    let current: string | null | undefined = resourceId;
    while (current) {
      if (!tree.has(current) || chain.includes(current)) return chain.length === 0 ? null : chain;
      chain.push(current);
      current = tree.get(current);
    }
    return chain;
  }

  async loadResources(tenantId: string): Promise<void> {
    const rows = await this.store.db.selectFrom('resources').select(['id', 'parent_id']).where('tenant_id', '=', tenantId).execute();
    this.resources.set(tenantId, new Map(rows.map((r) => [r.id, r.parent_id])));
  }
}
