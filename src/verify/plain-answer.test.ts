import { describe, expect, it } from 'vitest';
import { DEFAULT_SCOPES } from '../domain/scopes.js';
import type { KeyEntry } from './decide.js';
import { answerJson, LimitedAnswer, PlainAnswer, type LimitText } from './plain-answer.js';
import { limitText, type AnsweredLimit } from './named-limits.js';

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

describe('an answer with named limits', () => {
  // Each limit's head as the verifier makes it, from the limit's definition.
  const headOf = (l: AnsweredLimit): LimitText => limitText({ name: l.name, kind: l.kind, per: l.per, limit: l.limit, autoApply: true });
  const limit = (remaining: number, resetAt: string | null, name = 'calls'): AnsweredLimit =>
    ({ name, kind: 'rate', per: 'tenant', limit: 1e21, remaining, resetAt });

  it('is sent as the text JSON.stringify makes of it, whatever its counts and reset times', () => {
    const limits = [
      limit(0, null, 'tokens'), limit(-0, '2026-12-03T10:01:00.000Z'), limit(123456789012, '+010000-01-01T00:00:00.000Z', 'far'),
      limit(0.5, null, 'half'), limit(Number.NaN, null, 'unread'), limit(Infinity, null, 'endless'),
    ];
    for (const e of [entry(), entry({ expiresAt: '2030-01-01T00:00:00.000Z', extras: { meta: { plan: 'gold', note: '"\\\u2028' } } as KeyEntry['extras'] })]) {
      const answer = new LimitedAnswer(new PlainAnswer(e), limits, limits.map(headOf));
      expect(answerJson(answer)).toBe(JSON.stringify(answer));
      expect(JSON.parse(answerJson(answer))).toEqual(JSON.parse(JSON.stringify({ ...new PlainAnswer(e), limits })));
    }
  });

  it('has the plain answer\'s fields in its order, then limits', () => {
    const limits = [limit(1, null)];
    const answer = new LimitedAnswer(new PlainAnswer(entry({ extras: { meta: { a: 1 } } as KeyEntry['extras'] })), limits, limits.map(headOf));
    expect(Object.keys(answer)).toEqual(['valid', 'keyId', 'tenantId', 'ownerId', 'name', 'scopes', 'expiresAt', 'meta', 'limits']);
  });
});
