import { describe, expect, it } from 'vitest';
import { decideUnused, rotationDueAt, unusedRevokeAt, type PolicyKeyFacts, type PolicySettings } from './key-policies.js';

const NOW = new Date('2026-11-24T10:00:00.000Z');
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
const inDays = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();

const key = (over: Partial<PolicyKeyFacts> = {}): PolicyKeyFacts => ({
  createdAt: daysAgo(100), expiresAt: null, revokedAt: null, rotatedTo: null, lastUsedAt: null, unusedWarnedAt: null, ...over,
});
const settings = (over: Partial<PolicySettings> = {}): PolicySettings => ({
  rotationReminderDays: null, revokeUnusedAfterDays: null, expiryReminderDays: 7, ...over,
});
const step = (clear: boolean, warn: boolean, revoke: boolean) => ({ clear, warn, revoke });

describe('rotationDueAt', () => {
  it('is the creation plus rotationReminderDays, due or not yet', () => {
    expect(rotationDueAt(key(), settings({ rotationReminderDays: 90 }), NOW)).toBe(daysAgo(10));
    expect(rotationDueAt(key({ createdAt: daysAgo(1) }), settings({ rotationReminderDays: 90 }), NOW)).toBe(inDays(89));
  });

  it('is null when the policy is off, or for a revoked, expired or rotated key', () => {
    const on = settings({ rotationReminderDays: 30 });
    expect(rotationDueAt(key(), settings(), NOW)).toBeNull();
    expect(rotationDueAt(key({ revokedAt: daysAgo(1) }), on, NOW)).toBeNull();
    expect(rotationDueAt(key({ expiresAt: daysAgo(1) }), on, NOW)).toBeNull();
    expect(rotationDueAt(key({ rotatedTo: 'key_next' }), on, NOW)).toBeNull();
  });
});

describe('decideUnused', () => {
  const on = settings({ revokeUnusedAfterDays: 30, expiryReminderDays: 7 });

  it('warns a key unused that long, counted from its last use or else its creation', () => {
    expect(decideUnused(key({ createdAt: daysAgo(30) }), on, NOW)).toEqual(step(false, true, false));
    expect(decideUnused(key({ createdAt: daysAgo(29) }), on, NOW)).toEqual(step(false, false, false));
    expect(decideUnused(key({ lastUsedAt: daysAgo(31) }), on, NOW)).toEqual(step(false, true, false));
    expect(decideUnused(key({ lastUsedAt: daysAgo(2) }), on, NOW)).toEqual(step(false, false, false));
  });

  it('revokes no sooner than expiryReminderDays after the warning', () => {
    expect(decideUnused(key({ unusedWarnedAt: daysAgo(6) }), on, NOW)).toEqual(step(false, false, false));
    expect(decideUnused(key({ unusedWarnedAt: daysAgo(7) }), on, NOW)).toEqual(step(false, false, true));
  });

  it('warns and revokes at once when expiryReminderDays is 0', () => {
    expect(decideUnused(key(), { ...on, expiryReminderDays: 0 }, NOW)).toEqual(step(false, true, true));
  });

  it('clears a warning when the key was used since, and starts the spell again from that use', () => {
    expect(decideUnused(key({ unusedWarnedAt: daysAgo(8), lastUsedAt: daysAgo(1) }), on, NOW)).toEqual(step(true, false, false));
    // Used after the warning but long ago again: the old warning goes, a new one is raised.
    expect(decideUnused(key({ unusedWarnedAt: daysAgo(80), lastUsedAt: daysAgo(70) }), on, NOW)).toEqual(step(true, true, false));
  });

  it('clears warnings when the policy is off, and leaves keys that are not active or were rotated alone', () => {
    expect(decideUnused(key({ unusedWarnedAt: daysAgo(8) }), settings(), NOW)).toEqual(step(true, false, false));
    expect(decideUnused(key(), settings(), NOW)).toEqual(step(false, false, false));
    expect(decideUnused(key({ revokedAt: daysAgo(1), unusedWarnedAt: daysAgo(9) }), on, NOW)).toEqual(step(false, false, false));
    expect(decideUnused(key({ expiresAt: daysAgo(1) }), on, NOW)).toEqual(step(false, false, false));
    expect(decideUnused(key({ rotatedTo: 'key_next' }), on, NOW)).toEqual(step(false, false, false));
  });
});

describe('unusedRevokeAt', () => {
  const on = settings({ revokeUnusedAfterDays: 30, expiryReminderDays: 7 });

  it('is the standing warning plus expiryReminderDays', () => {
    expect(unusedRevokeAt(key({ unusedWarnedAt: daysAgo(2) }), on, NOW)).toBe(inDays(5));
  });

  it('is the end of the unused spell plus expiryReminderDays, at the earliest now plus that', () => {
    expect(unusedRevokeAt(key({ lastUsedAt: daysAgo(10) }), on, NOW)).toBe(inDays(27));
    expect(unusedRevokeAt(key({ lastUsedAt: daysAgo(40) }), on, NOW)).toBe(inDays(7));
    // A use after the warning moves it on.
    expect(unusedRevokeAt(key({ unusedWarnedAt: daysAgo(3), lastUsedAt: daysAgo(1) }), on, NOW)).toBe(inDays(36));
  });

  it('is null when the policy is off, or the key is not active or was rotated', () => {
    expect(unusedRevokeAt(key(), settings(), NOW)).toBeNull();
    expect(unusedRevokeAt(key({ revokedAt: daysAgo(1) }), on, NOW)).toBeNull();
    expect(unusedRevokeAt(key({ rotatedTo: 'key_next' }), on, NOW)).toBeNull();
  });
});
