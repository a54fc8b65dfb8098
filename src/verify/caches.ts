// The verifier's memory: keys by hash, a short negative cache, and the per-tenant and per-member
// facts that can turn a key DISABLED. Each is dropped precisely when a change concerns it.
import type { Change, Store } from '../store/store.js';
import type { Selectable } from 'kysely';
import type { Database } from '../store/schema.js';
import { DEFAULT_SCOPES, type Scope } from '../domain/scopes.js';
import { parseSettings } from '../domain/policy.js';
import { readMembership } from '../store/reads/membership.js';
import { resourceAncestry } from '../store/reads/resource-ancestry.js';
import { keysWork } from '../domain/roles.js';
import type { CreditBalance, KeyEntry } from './decide.js';
import { KeyTable } from './key-table.js';
import { IdTexts } from './id-texts.js';
import { compileAllowedIps, type AllowedIpsMatcher } from '../domain/allowed-ips.js';
import { CreditBalances, type Unflushed } from './balances.js';
import { NamedBalances, type NamedBalance } from './named-balances.js';
import type { Charge } from './rate-limits.js';
import type { LimitDefinition } from '../domain/limits.js';
import { extrasOrNull, restrictionExtras, type KeyExtras } from './key-extras.js';

const NOTHING_UNFLUSHED: Unflushed<never> = Object.freeze({ spent: 0, flushing: false });

export const NEGATIVE_TTL_MS = 5_000;
const DEFAULT_SCOPES_TEXT = JSON.stringify(DEFAULT_SCOPES);
const MAX_ANCESTRIES_PER_TENANT = 10_000;
const MAX_KEY_READS = 3;

/** A key load under way: its answer, and whether a change of the key came while it read. */
interface KeyLoad {
  overtaken: boolean;
  /**
   * New requests may wait on this load. A change closes it: a request that comes after a change
   * must not be answered by a read that may have started before the change committed.
   */
  joinable: boolean;
  entry: Promise<KeyEntry | null>;
}

const overtake = (load: KeyLoad) => { load.overtaken = true; load.joinable = false; };

export type KeyRow = Pick<Selectable<Database['api_keys']>, typeof KEY_COLUMNS[number]>;

/** The columns a key load reads (key-preload.ts reads the same, with the hash). */
export const KEY_COLUMNS = ['id', 'tenant_id', 'owner_id', 'name', 'scopes', 'expires_at', 'revoked_at', 'management',
  'ratelimit_limit', 'ratelimit_duration_ms', 'remaining', 'credits_id', 'credits_version', 'meta', 'allowed_ips', 'limits'] as const;

export interface CacheLimits {
  maxKeys: number;
  maxNegative: number;
}

// Cache keys are the raw 32-byte HMAC as a one-byte (latin1) string: 48 bytes on the heap instead
// of 80 for the 64-character hex the database stores, and no hex encoding per request.
export const hexToCacheKey = (hex: string) => Buffer.from(hex, 'hex').toString('latin1');
export const cacheKeyToHex = (key: string) => Buffer.from(key, 'latin1').toString('hex');

/** What the verifier needs of a tenant's settings. */
export interface TenantFacts {
  enabled: boolean;
  excessiveUsePerMinute: number | null;
  autoRevokeOnExcessiveUse: boolean;
  /** The default address list of keys without their own, compiled once per load; null: any address. */
  allowedIps: AllowedIpsMatcher | null;
  /** The tenant's named limits (its plan); null when it has none. */
  limits: readonly LimitDefinition[] | null;
}

export class VerifyCaches {
  readonly keys: KeyTable;
  readonly balances: CreditBalances;
  readonly namedBalances: NamedBalances;
  // Unknown hashes until a time: a flood of bad keys costs one lookup each per TTL, bounded in size.
  readonly negative = new Map<string, number>();
  private readonly tenants = new Map<string, TenantFacts>();
  // tenant → user → active. Nested rather than keyed by `${tenant}|${user}`: no string built per request.
  private readonly members = new Map<string, Map<string, boolean>>();
  // tenant → resource → its ancestry (null: not a resource of the tenant), filled per resource asked for.
  private readonly resources = new Map<string, Map<string, readonly string[] | null>>();
  // Loads of one key under way, so a burst of requests for a cold key makes one query.
  /** The loads under way per key: the last may be joined; the others only wait for their own requests. */
  private readonly loading = new Map<string, KeyLoad[]>();
  // A key's tenant and owner ids, shared between its entries (id-texts.ts).
  private readonly idTexts = new IdTexts();
  // Bumped by every change of a kind. A tenant, member or resource load that saw a bump while its
  // query ran may have read the row before the change committed: it answers the request that made
  // it but is not cached (else it would stay stale). Key loads are shared, so they go further (KeyLoad).
  private epochs = { tenant: 0, member: 0, resource: 0 };
  /** Bumped by every key change and by `clear`: a bulk load that saw it move keeps nothing it read meanwhile. */
  keyEpoch = 0;
  // Whether the instance holds imported keys (DESIGN v1.1 "Importing keys"): only then is a value
  // not in Keywarden's format looked up at all. Read at start and again after every key change
  // (this node's right after commit, other nodes' through the change feed); a read under way is
  // read again when another change comes meanwhile, so the last answer is never older than a change.
  private holdsImported = false;
  private importedRead: Promise<boolean> | null = null;
  private importedStale = false;

  constructor(private readonly store: Store, readonly limits: CacheLimits) {
    this.keys = new KeyTable(limits.maxKeys);
    this.keyRowQuery = store.prepare(store.db.selectFrom('api_keys').select(KEY_COLUMNS).where('hash', '=', '').compile());
    this.balances = new CreditBalances(limits.maxKeys, (id, version) => this.unflushedSpent(id, version));
    this.namedBalances = new NamedBalances(store, limits.maxKeys, (id, period, version) => this.unflushedNamed(id, period, version));
  }

  /** Drops what a change concerns; run for local changes right after commit and for other nodes'. */
  apply(change: Change): void {
    switch (change.kind) {
      case 'key': {
        this.keyEpoch++;
        void this.refreshImported().catch(() => undefined); // the next change or start tries again
        if (change.keyHash) {
          const key = hexToCacheKey(change.keyHash);
          this.keys.delete(key);
          this.negative.delete(key);
          for (const load of this.loading.get(key) ?? []) overtake(load);
        } else {
          // Every key change carries its hash; without one, find the entry the slow way.
          if (change.subjectId) this.keys.deleteById(change.subjectId);
          this.overtakeLoads();
        }
        break;
      }
      case 'tenant':
        this.epochs.tenant++;
        if (change.tenantId) {
          this.tenants.delete(change.tenantId);
          // Its limits or a balance may have changed (a top-up): read them again at their next use.
          this.namedBalances.stale(change.tenantId);
        }
        break;
      case 'member':
        this.epochs.member++;
        if (change.tenantId && change.subjectId) this.members.get(change.tenantId)?.delete(change.subjectId);
        break;
      case 'user':
        this.epochs.member++;
        if (change.subjectId) for (const users of this.members.values()) users.delete(change.subjectId);
        break;
      case 'resource':
        this.epochs.resource++;
        if (change.tenantId) this.resources.delete(change.tenantId);
        break;
    }
  }

  clear(): void {
    this.keys.clear();
    this.balances.clear();
    this.namedBalances.clear();
    this.negative.clear();
    this.tenants.clear();
    this.members.clear();
    this.resources.clear();
    for (const kind of Object.keys(this.epochs) as (keyof typeof this.epochs)[]) this.epochs[kind]++;
    this.keyEpoch++;
    this.overtakeLoads();
    void this.refreshImported().catch(() => undefined);
  }

  /**
   * Whether imported keys exist: a promise only while a read is under way and the last answer was
   * "none", so the first verification after an import on this node already looks the value up.
   */
  importedKeys(): boolean | Promise<boolean> {
    if (this.holdsImported || this.importedRead === null) return this.holdsImported;
    return this.importedRead.catch(() => this.holdsImported);
  }

  /** Reads again whether the instance holds imported keys (start, and after key changes). */
  refreshImported(): Promise<boolean> {
    this.importedStale = true;
    return (this.importedRead ??= this.readImported());
  }

  /** Whether any imported key exists: one row from a partial index (migration 017). */
  async readAnyImported(): Promise<boolean> {
    const row = await this.store.db.selectFrom('api_keys').select('id').where('imported', '=', 1).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  private async readImported(): Promise<boolean> {
    try {
      for (;;) {
        this.importedStale = false;
        const found = await this.readAnyImported();
        if (!this.importedStale) return (this.holdsImported = found);
      }
    } finally {
      // Runs in the same turn as the return above: a change after it starts a read of its own.
      this.importedRead = null;
    }
  }

  private overtakeLoads(): void {
    for (const loads of this.loading.values()) loads.forEach(overtake);
  }

  isKnownMissing(key: string, nowMs: number): boolean {
    const until = this.negative.get(key);
    if (until === undefined) return false;
    if (until > nowMs) return true;
    this.negative.delete(key);
    return false;
  }

  /** Loads a key by its cache key from the database; null (and a negative entry) when there is none. */
  loadKey(key: string, nowMs: number): Promise<KeyEntry | null> {
    const loads = this.loading.get(key);
    const last = loads?.[loads.length - 1];
    if (last?.joinable) return last.entry;
    const started: KeyLoad = { overtaken: false, joinable: true, entry: null! };
    started.entry = this.readUntilCurrent(key, started, nowMs).finally(() => this.forgetLoad(key, started));
    if (loads) loads.push(started);
    else this.loading.set(key, [started]);
    return started.entry;
  }

  private forgetLoad(key: string, load: KeyLoad): void {
    const loads = this.loading.get(key);
    if (!loads) return;
    const left = loads.filter((l) => l !== load);
    if (left.length > 0) this.loading.set(key, left);
    else this.loading.delete(key);
  }

  /**
   * Reads the key until no change of it came while the read ran. A read that a change overtook may
   * have seen the row before the change committed, and every request waiting on this load (those
   * that came after the change included) would get that old answer: so it is read again, and only
   * a read that nothing overtook is cached. After a few overtaken reads in a row (a key changed
   * without pause) the last is answered uncached; it was made after the change before it committed.
   */
  private async readUntilCurrent(key: string, load: KeyLoad, nowMs: number): Promise<KeyEntry | null> {
    for (let attempt = 1; ; attempt++) {
      load.overtaken = false;
      const row = await this.readKeyRow(key);
      const current = !load.overtaken;
      if (current || attempt === MAX_KEY_READS) return this.keep(key, row, current, nowMs);
    }
  }

  /** Reads a credit balance's count from the database again (its shared count in Redis is gone). */
  async readBalance(balance: CreditBalance): Promise<void> {
    const row = await this.store.db.selectFrom('api_keys').select(['remaining', 'credits_version'])
      .where((eb) => eb.or([eb('id', '=', balance.id), eb('credits_id', '=', balance.id)]))
      .where('remaining', 'is not', null).orderBy('id').limit(1).executeTakeFirst();
    // The cached object itself, which the caller holds, even when the balance table let it go.
    if (row && row.remaining !== null) this.balances.refresh(balance, Number(row.credits_version), Number(row.remaining));
  }

  /** The same for a credits charge: a key's v1 balance, or a named limit's. */
  async readCharge(charge: Charge, nowMs: number): Promise<void> {
    if (charge.def === null || charge.name === null) return this.readBalance(charge.balance as CreditBalance);
    await this.namedBalances.readAgain(charge.balance as NamedBalance, charge.def, nowMs);
  }

  /** Credits this node spent from a balance and has not yet written; the usage buffer tells, so a load subtracts them. */
  unflushedSpent: (balanceId: string, version: number) => Unflushed<CreditBalance> = () => NOTHING_UNFLUSHED;
  /** The same for named credits balances, per refill period and version. */
  unflushedNamed: (balanceId: string, period: number, version: number) => Unflushed<NamedBalance> = () => NOTHING_UNFLUSHED;

  // Compiled once: building and compiling the query cost a miss as much as reading the row.
  private readonly keyRowQuery: (parameters: readonly unknown[]) => Promise<KeyRow[]>;

  /** The key's row as verification needs it: the one database read of a key load. */
  async readKeyRow(key: string) {
    return (await this.keyRowQuery([cacheKeyToHex(key)]))[0];
  }

  /** The entry for a row just read (cached when `fresh`), or null with a negative entry. */
  private keep(key: string, row: KeyRow | undefined, fresh: boolean, nowMs: number): KeyEntry | null {
    if (!row) {
      if (!fresh) return null;
      if (this.negative.size >= this.limits.maxNegative) this.negative.delete(this.negative.keys().next().value!);
      this.negative.set(key, nowMs + NEGATIVE_TTL_MS);
      return null;
    }
    const entry = this.entryOf(row);
    if (fresh) this.keys.set(key, entry);
    return entry;
  }

  /** The cache entry of a key's row. */
  entryOf(row: KeyRow): KeyEntry {
    // Most keys carry the default scope in the text JSON.stringify gives it: no parse for them.
    const scopes: Scope[] = row.scopes === DEFAULT_SCOPES_TEXT ? DEFAULT_SCOPES as Scope[] : JSON.parse(row.scopes);
    const hasLimits = row.remaining !== null || (row.ratelimit_limit !== null && row.ratelimit_duration_ms !== null);
    const entry: KeyEntry = {
      id: row.id,
      tenantId: this.idTexts.of(row.tenant_id),
      ownerId: this.idTexts.of(row.owner_id),
      name: row.name,
      // Most keys carry the default scope: share one frozen array instead of one per key.
      scopes: scopes.length === 1 && scopes[0].resourceId === null && scopes[0].permission === 'read' ? DEFAULT_SCOPES : scopes,
      expiresAtMs: row.expires_at ? Date.parse(row.expires_at) : Infinity,
      expiresAt: row.expires_at,
      revoked: row.revoked_at !== null,
      management: Number(row.management) === 1,
      limits: hasLimits ? {
        ratelimit: row.ratelimit_limit !== null && row.ratelimit_duration_ms !== null
          ? { limit: Number(row.ratelimit_limit), durationMs: Number(row.ratelimit_duration_ms) } : null,
        credits: row.remaining === null ? null
          : this.balances.fromRow(row.credits_id ?? row.id, Number(row.credits_version), Number(row.remaining)),
      } : null,
      // Most keys have none: extrasOrNull keeps them at `extras: null` (key-extras.ts).
      extras: extrasOf(row),
      answer: null,
      slot: -1,
    };
    return entry;
  }

  tenantEnabled(tenantId: string): boolean | undefined {
    return this.tenants.get(tenantId)?.enabled;
  }

  /** The tenant's excessive-use policy; undefined when the tenant's facts are not cached. */
  tenantFacts(tenantId: string): TenantFacts | undefined {
    return this.tenants.get(tenantId);
  }

  /** The tenant's facts, read (and cached unless a change overtook the read). */
  async loadTenant(tenantId: string): Promise<TenantFacts> {
    const epoch = this.epochs.tenant;
    const row = await this.store.db.selectFrom('tenants').select('settings').where('id', '=', tenantId).executeTakeFirst();
    const settings = row ? parseSettings(row.settings) : null;
    const facts: TenantFacts = {
      enabled: settings?.apiKeysEnabled ?? false,
      excessiveUsePerMinute: settings?.excessiveUsePerMinute ?? null,
      autoRevokeOnExcessiveUse: settings?.autoRevokeOnExcessiveUse ?? false,
      allowedIps: settings?.allowedIps ? compileAllowedIps(settings.allowedIps) : null,
      limits: settings?.limits && settings.limits.length > 0 ? settings.limits : null,
    };
    if (epoch === this.epochs.tenant) this.tenants.set(tenantId, facts);
    return facts;
  }

  ownerActive(tenantId: string, userId: string): boolean | undefined {
    return this.members.get(tenantId)?.get(userId);
  }

  async loadOwner(tenantId: string, userId: string): Promise<boolean> {
    const epoch = this.epochs.member;
    const active = keysWork(await readMembership(this.store.db, tenantId, userId));
    if (epoch === this.epochs.member) {
      let users = this.members.get(tenantId);
      if (!users) this.members.set(tenantId, (users = new Map()));
      users.set(userId, active);
    }
    return active;
  }

  /** The resource and its ancestors, or null when it is not a resource of this tenant; undefined when not loaded. */
  ancestry(tenantId: string, resourceId: string): readonly string[] | null | undefined {
    return this.resources.get(tenantId)?.get(resourceId);
  }

  async loadAncestry(tenantId: string, resourceId: string): Promise<readonly string[] | null> {
    const epoch = this.epochs.resource;
    const ancestry = await resourceAncestry(this.store.db, tenantId, resourceId);
    if (epoch === this.epochs.resource) {
      let known = this.resources.get(tenantId);
      if (!known) this.resources.set(tenantId, (known = new Map()));
      // Unknown ids are remembered too, so the map is bounded: the oldest entry goes first.
      if (known.size >= MAX_ANCESTRIES_PER_TENANT) known.delete(known.keys().next().value!);
      known.set(resourceId, ancestry);
    }
    return ancestry;
  }
}

/** The v1.1 extras of a key row: its own named limits, and its balance when it shares its predecessor's. */
function extrasOf(row: { id: string; credits_id: string | null; limits: string | null; meta: string | null; allowed_ips: string | null }): KeyExtras | null {
  if (row.limits === null && row.meta === null && row.allowed_ips === null && (row.credits_id ?? row.id) === row.id) return null;
  const own: LimitDefinition[] | null = row.limits ? JSON.parse(row.limits) : null;
  const balanceId = row.credits_id ?? row.id;
  return extrasOrNull({
    ...restrictionExtras(row),
    namedLimits: (own !== null && own.length > 0) || balanceId !== row.id ? { own: own !== null && own.length > 0 ? own : null, balanceId } : undefined,
  });
}
