import { describe, expect, it } from 'vitest';
import { deriveStatus, KEY_STATUSES, OTHERWISE, STATUS_RULES, statusOf } from './status.js';

const NOW = new Date('2026-11-24T10:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();

describe('deriveStatus', () => {
  it('is active without a revocation and without an expiry', () => {
    expect(deriveStatus({ revokedAt: null, expiresAt: null }, NOW)).toBe('active');
  });

  it('is active while the expiry lies in the future, even by one millisecond', () => {
    expect(deriveStatus({ revokedAt: null, expiresAt: at(1) }, NOW)).toBe('active');
  });

  it('is expired at the very moment of expiry', () => {
    expect(deriveStatus({ revokedAt: null, expiresAt: NOW.toISOString() }, NOW)).toBe('expired');
  });

  it('is expired after the expiry', () => {
    expect(deriveStatus({ revokedAt: null, expiresAt: at(-86_400_000) }, NOW)).toBe('expired');
  });

  it('is revoked whenever revokedAt is set, before expiry is considered', () => {
    expect(deriveStatus({ revokedAt: at(-1000), expiresAt: at(-1) }, NOW)).toBe('revoked');
    expect(deriveStatus({ revokedAt: at(-1000), expiresAt: at(86_400_000) }, NOW)).toBe('revoked');
    expect(deriveStatus({ revokedAt: at(-1000), expiresAt: null }, NOW)).toBe('revoked');
  });

  it('follows the clock it is given, not the wall clock', () => {
    const key = { revokedAt: null, expiresAt: '2000-01-01T00:00:00.000Z' };
    expect(deriveStatus(key, new Date('1999-12-31T23:59:59.999Z'))).toBe('active');
    expect(deriveStatus(key, new Date('2000-01-01T00:00:00.000Z'))).toBe('expired');
  });

  it('lists exactly the three contract statuses', () => {
    expect([...KEY_STATUSES].sort()).toEqual(['active', 'expired', 'revoked']);
  });
});

describe('statusOf', () => {
  it('reads the verifier\'s form of the dates by the same rules', () => {
    const nowMs = NOW.getTime();
    expect(statusOf({ revoked: false, expiresAtMs: Infinity }, nowMs)).toBe('active');
    expect(statusOf({ revoked: false, expiresAtMs: nowMs }, nowMs)).toBe('expired');
    expect(statusOf({ revoked: true, expiresAtMs: nowMs + 1 }, nowMs)).toBe('revoked');
  });

  it('has a rule for every status but the one a key has when no rule holds', () => {
    expect([...STATUS_RULES.map((r) => r.status), OTHERWISE].sort()).toEqual([...KEY_STATUSES].sort());
  });
});
