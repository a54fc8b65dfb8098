// Tenant policy decisions for creating and rotating keys; pure, so every branch is unit-tested.
import { apiKeysDisabled, expiryTooLong, fieldInvalid, keyLimitReached, notDeveloper, notLicensed } from '../errors.js';
import { isDeveloper, type MembershipFacts } from './roles.js';
import type { ResourceTypeRules } from './resource-types.js';
import type { LimitDefinition } from './limits.js';

export interface TenantSettings {
  apiKeysEnabled: boolean;
  maxExpiryDays: number | null;
  maxActiveKeysPerUser: number;
  excessiveUsePerMinute: number | null;
  autoRevokeOnExcessiveUse: boolean;
  expiryReminderDays: number;
  /** v1.1: the address list for keys without their own (normalised, domain/allowed-ips.ts); null = any. */
  allowedIps: string[] | null;
  /** v1.1 tenant policies (key-policies.ts): null switches each off. */
  rotationReminderDays: number | null;
  revokeUnusedAfterDays: number | null;
  leakPolicy: LeakPolicy;
  resourceTypes: ResourceTypeRules | null;
  /** The tenant's plan: named limits (v1.1), set by a platform admin only; absent when none. */
  limits?: LimitDefinition[];
}

/** What a reported leak does to a key (DESIGN v1.1 "Leak reports"). */
export const LEAK_POLICIES = ['revoke', 'notify'] as const;
export type LeakPolicy = (typeof LEAK_POLICIES)[number];

export const DEFAULT_SETTINGS: Readonly<TenantSettings> = Object.freeze({
  apiKeysEnabled: false,
  maxExpiryDays: null,
  maxActiveKeysPerUser: 5,
  excessiveUsePerMinute: null,
  autoRevokeOnExcessiveUse: false,
  expiryReminderDays: 7,
  allowedIps: null,
  rotationReminderDays: null,
  revokeUnusedAfterDays: null,
  leakPolicy: 'revoke',
  resourceTypes: null,
});

/** A tenant's stored settings, with the defaults of settings added since it was written. */
export const parseSettings = (json: string): TenantSettings => ({ ...DEFAULT_SETTINGS, ...JSON.parse(json) });

const DAY_MS = 86_400_000;

/** The checks shared by creation and rotation, in the contract's order. */
export function assertMayHoldNewKey(settings: TenantSettings, owner: MembershipFacts): void {
  if (!settings.apiKeysEnabled) throw apiKeysDisabled();
  if (!isDeveloper(owner)) throw notDeveloper();
  if (!owner.licensed) throw notLicensed();
}

export function assertUnderKeyLimit(settings: TenantSettings, activeKeys: number): void {
  if (activeKeys >= settings.maxActiveKeysPerUser) throw keyLimitReached(settings.maxActiveKeysPerUser);
}

/**
 * Decides a new key's expiresAt. With neither input the key gets the tenant's maximum, or none.
 * An explicit expiresAt must lie in the future; either input must stay within the maximum.
 */
export function resolveExpiry(
  settings: TenantSettings,
  input: { expiresInDays?: number; expiresAt?: string },
  now: Date,
): string | null {
  const max = settings.maxExpiryDays;
  let expires: number;
  if (input.expiresInDays !== undefined) {
    expires = now.getTime() + input.expiresInDays * DAY_MS;
  } else if (input.expiresAt !== undefined) {
    expires = Date.parse(input.expiresAt);
    if (Number.isNaN(expires)) throw fieldInvalid('/expiresAt', 'must be an ISO-8601 date-time');
    if (expires <= now.getTime()) throw fieldInvalid('/expiresAt', 'must lie in the future');
  } else {
    return max === null ? null : new Date(now.getTime() + max * DAY_MS).toISOString();
  }
  if (max !== null && expires > now.getTime() + max * DAY_MS) throw expiryTooLong(max);
  return new Date(expires).toISOString();
}

/** A rotated key keeps the old key's original lifetime, capped by the current maximum. */
export function rotatedExpiry(
  settings: TenantSettings,
  old: { createdAt: string; expiresAt: string | null },
  now: Date,
): string | null {
  const maxMs = settings.maxExpiryDays === null ? null : settings.maxExpiryDays * DAY_MS;
  const lifetime = old.expiresAt === null ? null : Date.parse(old.expiresAt) - Date.parse(old.createdAt);
  const chosen = lifetime === null ? maxMs : maxMs === null ? lifetime : Math.min(lifetime, maxMs);
  return chosen === null ? null : new Date(now.getTime() + chosen).toISOString();
}

/** After rotation the old key lives until min(its expiry, now + grace). */
export function graceExpiry(oldExpiresAt: string | null, now: Date, graceSeconds: number): string {
  const graceEnd = now.getTime() + graceSeconds * 1000;
  const end = oldExpiresAt === null ? graceEnd : Math.min(Date.parse(oldExpiresAt), graceEnd);
  return new Date(end).toISOString();
}
