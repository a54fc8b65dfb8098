import { describe, expect, it } from 'vitest';
import { isWellFormedKey, startOfKey } from './key-format.js';
import { generateKey } from '../../../src/domain/key-format.js';

describe('the SDK key format check', () => {
  it('accepts what the server generates, with any prefix', () => {
    for (const prefix of ['kw', 'acme', 'a1b2c3d4e5f6g7h8']) {
      for (let i = 0; i < 50; i++) {
        const { secret, start } = generateKey(prefix);
        expect(isWellFormedKey(secret)).toBe(true);
        expect(startOfKey(secret)).toBe(start);
      }
    }
  });

  it('refuses typos, wrong shapes and non-strings', () => {
    const { secret } = generateKey('kw');
    const typo = secret.slice(0, 10) + (secret[10] === 'a' ? 'b' : 'a') + secret.slice(11);
    for (const bad of [typo, secret.slice(0, -1), `${secret}x`, secret.replace('kw_', 'KW_'), secret.replace('kw_', '1w_'), '', undefined, null]) {
      expect(isWellFormedKey(bad as string)).toBe(false);
    }
  });
});
