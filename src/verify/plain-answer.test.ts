import { describe, expect, it } from 'vitest';
import { DEFAULT_SCOPES } from '../domain/scopes.js';
import type { KeyEntry } from './decide.js';
import { answerJson, PlainAnswer } from './plain-answer.js';

const entry = (over: Partial<KeyEntry> = {}): KeyEntry => ({
  id: 'key_a', tenantId: 'ten_a', ownerId: 'usr_a', name: 'a "quoted" name', scopes: DEFAULT_SCOPES,
  expiresAtMs: Infinity, expiresAt: null, revoked: false, management: false, limits: null, extras: null, answer: null, slot: -1, ...over,
});

describe('a plain answer', () => {
  it('is the valid answer\'s fields alone, in its order, as an object and as JSON text, however often it is sent', () => {
    const literal = { valid: true, keyId: 'key_a', tenantId: 'ten_a', ownerId: 'usr_a', name: 'a "quoted" name', scopes: [{ resourceId: null, permission: 'read' }], expiresAt: null };
    const answer = new PlainAnswer(entry());
    expect(answer).toEqual(literal);
    expect(Object.keys(answer)).toEqual(Object.keys(literal));
    expect(answerJson(answer)).toBe(JSON.stringify(literal));
    expect(answerJson(answer)).toBe(JSON.stringify(literal));
  });

  it('carries the key\'s metadata when it has any', () => {
    const answer = new PlainAnswer(entry({ expiresAt: '2030-01-01T00:00:00.000Z', extras: { meta: { plan: 'gold' } } as KeyEntry['extras'] }));
    expect(JSON.parse(answerJson(answer))).toEqual({
      valid: true, keyId: 'key_a', tenantId: 'ten_a', ownerId: 'usr_a', name: 'a "quoted" name',
      scopes: [{ resourceId: null, permission: 'read' }], expiresAt: '2030-01-01T00:00:00.000Z', meta: { plan: 'gold' },
    });
  });

  it('leaves any other answer to JSON.stringify', () => {
    expect(answerJson({ valid: false, code: 'NOT_FOUND' })).toBe('{"valid":false,"code":"NOT_FOUND"}');
  });
});
