import { describe, expect, it } from 'vitest';
import { DEFAULT_SCOPES, type Scope } from '../domain/scopes.js';
import { decide, keyStatus, type Facts, type KeyEntry, type VerifyRequest } from './decide.js';
import { compileAllowedIps } from '../domain/allowed-ips.js';

const NOW = 1_800_000_000_000;

function key(over: Partial<KeyEntry> = {}): KeyEntry {
  return {
    id: 'key_a', tenantId: 'ten_a', ownerId: 'usr_a', name: 'a', scopes: DEFAULT_SCOPES,
    expiresAtMs: Infinity, expiresAt: null, revoked: false, management: false, limits: null, extras: null, answer: null, slot: -1, ...over,
  };
}

// The tree: building ⊃ floor ⊃ room.
const ROOM = ['res_room', 'res_floor', 'res_building'];
const facts = (over: Partial<Facts> = {}): Facts => ({ nowMs: NOW, tenantEnabled: true, ownerActive: true, ancestry: ROOM, ip: '198.51.100.7', tenantAllowedIps: null, tenantLimits: null, ...over });

describe('keyStatus', () => {
  it('answers REVOKED before EXPIRED, and nothing for a working key', () => {
    expect(keyStatus(key({ revoked: true, expiresAtMs: NOW - 1 }), NOW)).toBe('REVOKED');
    expect(keyStatus(key({ expiresAtMs: NOW }), NOW)).toBe('EXPIRED');
    expect(keyStatus(key({ expiresAtMs: NOW + 1 }), NOW)).toBeNull();
    expect(keyStatus(key(), NOW)).toBeNull();
  });
});

describe('decide', () => {
  // Each case breaks one more rule than the next: the code is the first that applies, in DESIGN's order.
  const everythingWrong = { revoked: true, expiresAtMs: NOW - 1 };
  const write: Scope[] = [{ resourceId: 'res_floor', permission: 'write' }];
  const request: VerifyRequest = { resourceId: 'res_room', permission: 'admin' };

  it('answers in the contract\'s order: REVOKED, EXPIRED, DISABLED, FORBIDDEN, then nothing', () => {
    expect(decide(key({ ...everythingWrong, scopes: write }), facts({ tenantEnabled: false, ownerActive: false }), request)).toBe('REVOKED');
    expect(decide(key({ expiresAtMs: NOW - 1, scopes: write }), facts({ tenantEnabled: false }), request)).toBe('EXPIRED');
    expect(decide(key({ scopes: write }), facts({ tenantEnabled: false }), request)).toBe('DISABLED');
    expect(decide(key({ scopes: write }), facts({ ownerActive: false }), request)).toBe('DISABLED');
    expect(decide(key({ scopes: write }), facts(), request)).toBe('FORBIDDEN');
    expect(decide(key({ scopes: write }), facts(), { resourceId: 'res_room', permission: 'write' })).toBeNull();
  });

  it('asks only that the key works when neither resourceId nor permission is given', () => {
    expect(decide(key({ scopes: [{ resourceId: 'res_other', permission: 'read' }] }), facts({ ancestry: null }), {})).toBeNull();
  });

  it('asks for read on a resource given alone, covered by a scope on an ancestor', () => {
    expect(decide(key({ scopes: [{ resourceId: 'res_building', permission: 'read' }] }), facts(), { resourceId: 'res_room' })).toBeNull();
    expect(decide(key({ scopes: [{ resourceId: 'res_elsewhere', permission: 'admin' }] }), facts(), { resourceId: 'res_room' })).toBe('FORBIDDEN');
  });

  it('asks for a permission given alone tenant-wide', () => {
    expect(decide(key({ scopes: [{ resourceId: null, permission: 'write' }] }), facts(), { permission: 'write' })).toBeNull();
    expect(decide(key({ scopes: [{ resourceId: null, permission: 'write' }] }), facts(), { permission: 'admin' })).toBe('FORBIDDEN');
    expect(decide(key({ scopes: [{ resourceId: 'res_building', permission: 'admin' }] }), facts(), { permission: 'read' })).toBe('FORBIDDEN');
  });

  it('answers FORBIDDEN for a resource unknown in the tenant, even to a tenant-wide admin key', () => {
    expect(decide(key({ scopes: [{ resourceId: null, permission: 'admin' }] }), facts({ ancestry: null }), { resourceId: 'res_unknown' })).toBe('FORBIDDEN');
  });

  it('leaves credits and rate limits to the limits: a key with none left still passes here', () => {
    const limits = { ratelimit: { limit: 1, durationMs: 1000 }, credits: { id: 'key_a', version: 0, remaining: 0 } };
    expect(decide(key({ limits }), facts(), { cost: 5 })).toBeNull();
  });

  describe('IP_NOT_ALLOWED', () => {
    const only = (...list: string[]) => compileAllowedIps(list);
    const listed = (...list: string[]) => key({ extras: { allowedIps: only(...list) } });

    it('comes after DISABLED and before FORBIDDEN', () => {
      const scoped = { scopes: [{ resourceId: 'res_other', permission: 'read' as const }], extras: { allowedIps: only('10.0.0.0/8') } };
      expect(decide(key(scoped), facts({ tenantEnabled: false }), request)).toBe('DISABLED');
      expect(decide(key(scoped), facts(), request)).toBe('IP_NOT_ALLOWED');
      expect(decide(key(scoped), facts({ ip: '10.1.2.3' }), request)).toBe('FORBIDDEN');
    });

    it('judges the key\'s own list before its tenant\'s, and allows any address when neither has one', () => {
      expect(decide(listed('198.51.100.0/24'), facts({ tenantAllowedIps: only('10.0.0.0/8') }), {})).toBeNull();
      expect(decide(listed('10.0.0.0/8'), facts({ tenantAllowedIps: only('198.51.100.0/24') }), {})).toBe('IP_NOT_ALLOWED');
      expect(decide(key(), facts({ tenantAllowedIps: only('10.0.0.0/8') }), {})).toBe('IP_NOT_ALLOWED');
      expect(decide(key(), facts({ tenantAllowedIps: only('198.51.100.7') }), {})).toBeNull();
      expect(decide(key(), facts(), {})).toBeNull();
    });

    it('matches an IPv4-mapped client address as its IPv4 address', () => {
      expect(decide(listed('1.2.3.0/24'), facts({ ip: '::ffff:1.2.3.4' }), {})).toBeNull();
      expect(decide(listed('1.2.3.0/24'), facts({ ip: '::ffff:1.2.4.4' }), {})).toBe('IP_NOT_ALLOWED');
    });
  });
});
