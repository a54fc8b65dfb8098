// The key policies of a tenant (DESIGN v1.1 "Tenant policies"), decided here once for the policy job
// (services/key-policies.ts) and for the facts key reads show (rotationDueAt, unusedRevokeAt).
import { deriveStatus } from './status.js';
import type { TenantSettings } from './policy.js';

const DAY_MS = 86_400_000;

/** What the policies look at in a key, as stored (ISO-8601 times). */
export interface PolicyKeyFacts {
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  rotatedTo: string | null;
  lastUsedAt: string | null;
  /** When the job raised `key.unused` for the current unused spell; null: no warning stands. */
  unusedWarnedAt: string | null;
}

export type PolicySettings = Pick<TenantSettings, 'rotationReminderDays' | 'revokeUnusedAfterDays' | 'expiryReminderDays'>;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Policies act on keys that work and carry on: active, and not rotated (a rotated key's successor
 * carries on, and the old one ends with its grace period anyway).
 */
export const isPolicySubject = (key: PolicyKeyFacts, now: Date) =>
  key.rotatedTo === null && deriveStatus(key, now) === 'active';

/** When a key is due for rotation (createdAt + rotationReminderDays); null when the policy is off or the key is not a subject. */
export function rotationDueAt(key: PolicyKeyFacts, settings: PolicySettings, now: Date): string | null {
  if (settings.rotationReminderDays === null || !isPolicySubject(key, now)) return null;
  return iso(Date.parse(key.createdAt) + settings.rotationReminderDays * DAY_MS);
}

/** The start of a key's current unused spell: its last use, or its creation. */
export const unusedSince = (key: PolicyKeyFacts) => key.lastUsedAt ?? key.createdAt;

/** A warning stands while the key has not been used since it was raised. */
const standingWarning = (key: PolicyKeyFacts): string | null =>
  key.unusedWarnedAt !== null && (key.lastUsedAt === null || key.lastUsedAt <= key.unusedWarnedAt) ? key.unusedWarnedAt : null;

/** What the policy job does to one key for `revokeUnusedAfterDays`. */
export interface UnusedStep {
  /** Drop a warning: the key was used since, or the policy is off (the cycle restarts). */
  clear: boolean;
  /** Raise `key.unused` now. */
  warn: boolean;
  /** Revoke the key now (`details.reason: "unused"`). */
  revoke: boolean;
}

const NOTHING: UnusedStep = Object.freeze({ clear: false, warn: false, revoke: false });

/**
 * A key unused for `revokeUnusedAfterDays` is warned; `expiryReminderDays` after the warning, still
 * unused, it is revoked (with 0 days, in the same pass as the warning). A use in between clears
 * the warning, and the spell counts from that use.
 */
export function decideUnused(key: PolicyKeyFacts, settings: PolicySettings, now: Date): UnusedStep {
  if (!isPolicySubject(key, now)) return NOTHING;
  const days = settings.revokeUnusedAfterDays;
  if (days === null) return key.unusedWarnedAt === null ? NOTHING : { ...NOTHING, clear: true };
  const warnedAt = standingWarning(key);
  const graceMs = settings.expiryReminderDays * DAY_MS;
  if (warnedAt !== null) {
    return Date.parse(warnedAt) + graceMs <= now.getTime() ? { ...NOTHING, revoke: true } : NOTHING;
  }
  const clear = key.unusedWarnedAt !== null;
  if (Date.parse(unusedSince(key)) + days * DAY_MS > now.getTime()) return { ...NOTHING, clear };
  return { clear, warn: true, revoke: graceMs === 0 };
}

/**
 * When a key will be revoked if it stays unused: its standing warning plus `expiryReminderDays`, or
 * else the end of its unused spell (at the earliest now, as the job warns at its next pass) plus
 * that grace. Null when the policy is off or the key is not a subject.
 */
export function unusedRevokeAt(key: PolicyKeyFacts, settings: PolicySettings, now: Date): string | null {
  const days = settings.revokeUnusedAfterDays;
  if (days === null || !isPolicySubject(key, now)) return null;
  const graceMs = settings.expiryReminderDays * DAY_MS;
  const warnedAt = standingWarning(key);
  if (warnedAt !== null) return iso(Date.parse(warnedAt) + graceMs);
  const warnAt = Math.max(Date.parse(unusedSince(key)) + days * DAY_MS, now.getTime());
  return iso(warnAt + graceMs);
}
