import { describe, expect, it } from 'vitest';
import { KeywardenError } from '../errors.js';
import {
  assertMayHoldNewKey, assertUnderKeyLimit, DEFAULT_SETTINGS, graceExpiry, resolveExpiry, rotatedExpiry, type TenantSettings,
} from './policy.js';
import type { MembershipFacts } from './roles.js';

const NOW = new Date('2026-11-24T10:00:00.000Z');
const DAY = 86_400_000;
const inDays = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();
const settings = (over: Partial<TenantSettings> = {}): TenantSettings => ({ ...DEFAULT_SETTINGS, apiKeysEnabled: true, ...over });
const member = (roles: MembershipFacts['roles'], licensed: boolean): MembershipFacts => ({ roles, licensed });

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof KeywardenError) return e.code;
    throw e;
  }
}

describe('default settings', () => {
  it('start with keys off, no maximum expiry, five keys per user and reminders a week ahead', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      apiKeysEnabled: false, maxExpiryDays: null, maxActiveKeysPerUser: 5,
      excessiveUsePerMinute: null, autoRevokeOnExcessiveUse: false, expiryReminderDays: 7, leakPolicy: 'revoke',
    });
  });
});

describe('assertMayHoldNewKey', () => {
  it('passes a licensed developer in a tenant with keys switched on', () => {
    expect(codeOf(() => assertMayHoldNewKey(settings(), member(['developer'], true)))).toBeNull();
  });

  it('checks in the contract order: keys switched off, then the developer role, then the licence', () => {
    const off = settings({ apiKeysEnabled: false });
    expect(codeOf(() => assertMayHoldNewKey(off, member([], false)))).toBe('API_KEYS_DISABLED');
    expect(codeOf(() => assertMayHoldNewKey(settings(), member(['tenant_admin'], false)))).toBe('NOT_DEVELOPER');
    expect(codeOf(() => assertMayHoldNewKey(settings(), member(['developer'], false)))).toBe('NOT_LICENSED');
  });

  it('does not let a licence stand in for the developer role', () => {
    expect(codeOf(() => assertMayHoldNewKey(settings(), member(['tenant_admin'], true)))).toBe('NOT_DEVELOPER');
  });

  it('answers with 403 statuses', () => {
    try {
      assertMayHoldNewKey(settings({ apiKeysEnabled: false }), member(['developer'], true));
      expect.unreachable();
    } catch (e) {
      expect((e as KeywardenError).status).toBe(403);
    }
  });
});

describe('assertUnderKeyLimit', () => {
  it('allows keys below the limit and refuses at it with KEY_LIMIT_REACHED', () => {
    expect(codeOf(() => assertUnderKeyLimit(settings({ maxActiveKeysPerUser: 2 }), 1))).toBeNull();
    expect(codeOf(() => assertUnderKeyLimit(settings({ maxActiveKeysPerUser: 2 }), 2))).toBe('KEY_LIMIT_REACHED');
  });
});

describe('resolveExpiry', () => {
  it('gives no expiry when neither input nor maximum is set', () => {
    expect(resolveExpiry(settings(), {}, NOW)).toBeNull();
  });

  it('defaults to the maximum when there is one', () => {
    expect(resolveExpiry(settings({ maxExpiryDays: 90 }), {}, NOW)).toBe(inDays(90));
  });

  it('counts expiresInDays from now', () => {
    expect(resolveExpiry(settings(), { expiresInDays: 30 }, NOW)).toBe(inDays(30));
  });

  it('takes an explicit expiresAt as given', () => {
    expect(resolveExpiry(settings(), { expiresAt: '2027-01-01T00:00:00.000Z' }, NOW)).toBe('2027-01-01T00:00:00.000Z');
  });

  it('accepts exactly the maximum and refuses one millisecond more with EXPIRY_TOO_LONG', () => {
    const s = settings({ maxExpiryDays: 30 });
    expect(resolveExpiry(s, { expiresInDays: 30 }, NOW)).toBe(inDays(30));
    expect(resolveExpiry(s, { expiresAt: inDays(30) }, NOW)).toBe(inDays(30));
    expect(codeOf(() => resolveExpiry(s, { expiresInDays: 31 }, NOW))).toBe('EXPIRY_TOO_LONG');
    expect(codeOf(() => resolveExpiry(s, { expiresAt: new Date(NOW.getTime() + 30 * DAY + 1).toISOString() }, NOW))).toBe('EXPIRY_TOO_LONG');
  });

  it('answers EXPIRY_TOO_LONG with status 422', () => {
    try {
      resolveExpiry(settings({ maxExpiryDays: 1 }), { expiresInDays: 2 }, NOW);
      expect.unreachable();
    } catch (e) {
      expect((e as KeywardenError).status).toBe(422);
    }
  });

  it('refuses an expiresAt in the past or now as a validation error on /expiresAt', () => {
    for (const expiresAt of [NOW.toISOString(), inDays(-1)]) {
      try {
        resolveExpiry(settings(), { expiresAt }, NOW);
        expect.unreachable();
      } catch (e) {
        expect((e as KeywardenError).code).toBe('VALIDATION_FAILED');
        expect((e as KeywardenError).extra.details?.[0].field).toBe('/expiresAt');
      }
    }
  });

  it('refuses an expiresAt that is not a date', () => {
    expect(codeOf(() => resolveExpiry(settings(), { expiresAt: 'tomorrow' }, NOW))).toBe('VALIDATION_FAILED');
  });
});

describe('rotatedExpiry', () => {
  const old = { createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-31T00:00:00.000Z' }; // a 30-day lifetime

  it("gives the new key the old key's original lifetime, counted from now", () => {
    expect(rotatedExpiry(settings(), old, NOW)).toBe(inDays(30));
  });

  it('caps that lifetime at the current maximum', () => {
    expect(rotatedExpiry(settings({ maxExpiryDays: 7 }), old, NOW)).toBe(inDays(7));
    expect(rotatedExpiry(settings({ maxExpiryDays: 365 }), old, NOW)).toBe(inDays(30));
  });

  it('keeps a key without expiry without one, unless a maximum now applies', () => {
    const forever = { createdAt: old.createdAt, expiresAt: null };
    expect(rotatedExpiry(settings(), forever, NOW)).toBeNull();
    expect(rotatedExpiry(settings({ maxExpiryDays: 90 }), forever, NOW)).toBe(inDays(90));
  });
});

describe('graceExpiry', () => {
  it('ends the old key at once with no grace period', () => {
    expect(graceExpiry(inDays(10), NOW, 0)).toBe(NOW.toISOString());
  });

  it('ends the old key after the grace period', () => {
    expect(graceExpiry(inDays(10), NOW, 3600)).toBe(new Date(NOW.getTime() + 3_600_000).toISOString());
    expect(graceExpiry(null, NOW, 3600)).toBe(new Date(NOW.getTime() + 3_600_000).toISOString());
  });

  it('never extends the old key beyond its own expiry', () => {
    const soon = new Date(NOW.getTime() + 60_000).toISOString();
    expect(graceExpiry(soon, NOW, 2_592_000)).toBe(soon);
  });
});
