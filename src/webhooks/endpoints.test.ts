import { describe, expect, it } from 'vitest';
import { matchesEventType } from './endpoints.js';

describe('event type patterns', () => {
  it('matches exact types, areas and everything', () => {
    expect(matchesEventType(['key.revoked'], 'key.revoked')).toBe(true);
    expect(matchesEventType(['key.revoked'], 'key.rotated')).toBe(false);
    expect(matchesEventType(['key.*'], 'key.expiring')).toBe(true);
    expect(matchesEventType(['key.*'], 'keys.x')).toBe(false);
    expect(matchesEventType(['*'], 'tenant.updated')).toBe(true);
    expect(matchesEventType([], 'tenant.updated')).toBe(false);
  });
});
