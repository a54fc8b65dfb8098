import { describe, expect, it } from 'vitest';
import { DEFAULT_SCOPES } from '../domain/scopes.js';
import type { KeyEntry } from './decide.js';
import type { LimitDefinition } from '../domain/limits.js';
import { answerJson, LimitedAnswer, PlainAnswer } from './plain-answer.js';
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
  const rate = { name: 'calls', kind: 'rate', per: 'tenant', limit: 1e21, durationMs: 60_000, autoApply: true } as const;
  const lifetime = { name: 'tokens', kind: 'credits', per: 'owner', limit: 5, autoApply: true } as const;
  const monthly = { name: 'monthly "quota"', kind: 'credits', per: 'key', limit: 100, refill: { interval: 'month', amount: 100 }, autoApply: false } as const;
  const daily = { name: 'daily', kind: 'credits', per: 'key', limit: 10, refill: { interval: 'day', amount: 10 }, autoApply: true } as const;
  const at = Date.parse('2026-12-03T10:00:30.000Z');
  const withMeta = entry({ expiresAt: '2030-01-01T00:00:00.000Z', extras: { meta: { plan: 'gold', note: '"\\\u2028' } } as KeyEntry['extras'] });
  const answerOf = (e: KeyEntry, defs: LimitDefinition[], left: number[], nowMs: number) =>
    new LimitedAnswer(new PlainAnswer(e), defs.map(limitText), left, nowMs);

  it('is sent as the text JSON.stringify makes of it, whatever its counts and reset times', () => {
    const defs = [lifetime, rate, monthly, daily, rate, lifetime, rate];
    const left = [0, -0, 123456789012, 0.5, Number.NaN, Infinity, -3];
    const limits = [
      { ...lifetime, remaining: 0, resetAt: null },
      { ...rate, remaining: 0, resetAt: '2026-12-03T10:01:00.000Z' },
      { ...monthly, remaining: 123456789012, resetAt: '2027-01-01T00:00:00.000Z' },
      { ...daily, remaining: 0.5, resetAt: '2026-12-04T00:00:00.000Z' },
      { ...rate, remaining: null, resetAt: '2026-12-03T10:01:00.000Z' },
      { ...lifetime, remaining: null, resetAt: null },
      { ...rate, remaining: 0, resetAt: '2026-12-03T10:01:00.000Z' },
    ].map(({ name, kind, per, limit, remaining, resetAt }) => ({ name, kind, per, limit, remaining, resetAt }));
    for (const e of [entry(), withMeta]) {
      const answer = answerOf(e, defs, left, at);
      expect(answerJson(answer)).toBe(JSON.stringify(answer));
      expect(JSON.parse(answerJson(answer))).toEqual({ ...JSON.parse(answerJson(new PlainAnswer(e))), limits });
    }
  });

  it('writes the reset times of limit texts made elsewhere too', () => {
    const answer = new LimitedAnswer(new PlainAnswer(entry()), [rate, daily].map((def) => ({ def, jsonHead: limitText(def).jsonHead })), [1, 2], at);
    expect(answerJson(answer)).toBe(JSON.stringify(answer));
    expect(answer.limits.map((l) => l.resetAt)).toEqual(['2026-12-03T10:01:00.000Z', '2026-12-04T00:00:00.000Z']);
  });

  it('writes a reset time beyond the year 9999 as JSON does', () => {
    const answer = answerOf(entry(), [rate], [1], Date.parse('+009999-12-31T23:59:30.000Z'));
    expect(answerJson(answer)).toBe(JSON.stringify(answer));
    expect(answer.limits[0].resetAt).toBe('+010000-01-01T00:00:00.000Z');
  });

  it('has the plain answer\'s fields in its order, then limits, as an object and as text', () => {
    const answer = answerOf(entry({ extras: { meta: { a: 1 } } as KeyEntry['extras'] }), [rate], [1], at);
    expect(Object.keys(JSON.parse(answerJson(answer)))).toEqual(['valid', 'keyId', 'tenantId', 'ownerId', 'name', 'scopes', 'expiresAt', 'meta', 'limits']);
    expect(Object.keys(answer.toJSON())).toEqual(['valid', 'keyId', 'tenantId', 'ownerId', 'name', 'scopes', 'expiresAt', 'meta', 'limits']);
    // Read field by field, as a caller in the same process does.
    const { valid, keyId, tenantId, ownerId, name, scopes, expiresAt, meta } = answer;
    expect({ valid, keyId, tenantId, ownerId, name, scopes, expiresAt, meta }).toEqual({
      valid: true, keyId: 'key_a', tenantId: 'ten_a', ownerId: 'usr_a', name: 'a "quoted" name', scopes: [{ resourceId: null, permission: 'read' }], expiresAt: null, meta: { a: 1 },
    });
    expect(answer.limits).toEqual([{ name: 'calls', kind: 'rate', per: 'tenant', limit: 1e21, remaining: 1, resetAt: '2026-12-03T10:01:00.000Z' }]);
  });

  it('keeps the reset times of its verification after a later one moved the limit to its next window', () => {
    const first = answerOf(entry(), [rate, daily], [5, 5], at);
    const later = answerOf(entry(), [rate, daily], [4, 4], at + 86_400_000);
    expect(JSON.parse(answerJson(later)).limits.map((l: AnsweredLimit) => l.resetAt)).toEqual(['2026-12-04T10:01:00.000Z', '2026-12-05T00:00:00.000Z']);
    expect(JSON.parse(answerJson(first)).limits.map((l: AnsweredLimit) => l.resetAt)).toEqual(['2026-12-03T10:01:00.000Z', '2026-12-04T00:00:00.000Z']);
    expect(first.limits.map((l) => l.resetAt)).toEqual(['2026-12-03T10:01:00.000Z', '2026-12-04T00:00:00.000Z']);
  });
});
