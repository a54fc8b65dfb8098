import { describe, expect, it } from 'vitest';
import { generateKey, parseKey, BASE62 } from '../domain/key-format.js';
import { hasKeyShape, hasRightChecksum, isWellFormedKey, looksLikeKey } from './key-check.js';

describe('isWellFormedKey', () => {
  it('agrees with parseKey on generated keys and on every one-character change of them', () => {
    const alphabet = `${BASE62}_-é `;
    for (const prefix of ['kw', 'a', 'abcdefghijklmnop', 'x9']) {
      for (let n = 0; n < 30; n++) {
        const { secret } = generateKey(prefix);
        expect(isWellFormedKey(secret)).toBe(true);
        const i = Math.floor(Math.random() * secret.length);
        const changed = secret.slice(0, i) + alphabet[Math.floor(Math.random() * alphabet.length)] + secret.slice(i + 1);
        expect(isWellFormedKey(changed)).toBe(parseKey(changed) !== null);
      }
    }
  });

  it('refuses wrong lengths, prefixes and empty input like parseKey', () => {
    const { secret } = generateKey('kw');
    for (const bad of ['', 'kw_', secret.slice(1), `${secret}0`, `K${secret.slice(1)}`, `1${secret.slice(1)}`, secret.replace('_', '-'),
      `abcdefghijklmnopq${secret.slice(2)}`, `_${secret.slice(3)}`]) {
      expect(isWellFormedKey(bad)).toBe(parseKey(bad) !== null);
    }
  });

  it('splits into the shape and the checksum, and a shape admits only ASCII', () => {
    const { secret } = generateKey('kw');
    expect(hasKeyShape(secret) && hasRightChecksum(secret)).toBe(true);
    // Every well-formed key looks like one (the verifier's first step never turns a key away).
    for (const prefix of ['a', 'kw', 'abcdefghijklmnop']) expect(looksLikeKey(generateKey(prefix).secret)).toBe(true);
    for (const bad of ['', 'kw_', secret.slice(1, -1), secret.replace('_', '-'), `${'a'.repeat(17)}${secret.slice(2)}`]) expect(looksLikeKey(bad)).toBe(false);
    // A wrong checksum keeps the shape: the verifier looks it up, and reads the checksum on a miss.
    const last = secret[secret.length - 1] === 'A' ? 'B' : 'A';
    const misspelt = secret.slice(0, -1) + last;
    expect(hasKeyShape(misspelt)).toBe(true);
    expect(hasRightChecksum(misspelt)).toBe(false);
    // A character past ASCII is no shape: written as latin1 it could hash as another key.
    for (const odd of ['\u0100', '\u016b', 'é']) {
      const i = 10;
      expect(hasKeyShape(secret.slice(0, i) + odd + secret.slice(i + 1))).toBe(false);
    }
  });
});

