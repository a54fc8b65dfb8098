// What few cached keys carry beyond the packed record: v1.1's metadata, address rules and named
// limits. Kept in one optional object behind one flag (key-table.ts), so a key without any of them
// costs nothing more than it did in v1 (issue: ≤ 150 B resident per plain cached key).
//
// Each v1.1 feature adds its own optional field here; a key whose fields are all absent is
// cached with `extras: null`, never an empty object.
import { compileAllowedIps, type AllowedIpsMatcher } from '../domain/allowed-ips.js';
import { parseMeta } from '../domain/key-meta.js';
import type { LimitDefinition } from '../domain/limits.js';

export interface KeyExtras {
  /** v1.1 key metadata, parsed once at load and handed out as is in valid answers (never mutated). */
  meta?: Readonly<Record<string, unknown>>;
  /** v1.1 the key's own address list, compiled once at load: no parsing per request. */
  allowedIps?: AllowedIpsMatcher;
  /**
   * The key's own named limits, and the balance its per-key limits count in when it is not the
   * key's own id (a key made by rotation shares its predecessor's, as v1 credits do). Absent when
   * the key has neither.
   */
  namedLimits?: NamedLimitsOfKey;
}

export interface NamedLimitsOfKey {
  own: readonly LimitDefinition[] | null;
  balanceId: string;
}

/** The extras to cache, or null when the key has none (the common case). */
export function extrasOrNull(extras: KeyExtras): KeyExtras | null {
  for (const value of Object.values(extras)) if (value !== undefined && value !== null) return extras;
  return null;
}

/**
 * A key row's v1.1 metadata and own address list as cached extras: parsed and compiled once per
 * load, so a request neither parses JSON nor an address list. Empty for a key with neither.
 */
export function restrictionExtras(row: { meta: string | null; allowed_ips: string | null }): Pick<KeyExtras, 'meta' | 'allowedIps'> {
  return {
    ...(row.meta !== null && { meta: Object.freeze(parseMeta(row.meta)!) }),
    ...(row.allowed_ips !== null && { allowedIps: compileAllowedIps(JSON.parse(row.allowed_ips)) }),
  };
}
