import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BASE62, checksumOf, crc32, findKeys, generateKey, parseKey } from './key-format.js';

/** An independent CRC-32 (IEEE, reflected 0xEDB88320), bit by bit, to check the module's one. */
function referenceCrc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'ascii')) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** The checksum as DESIGN.md words it: base62, most significant digit first, left-padded with 0 to 6. */
function referenceChecksum(random: string): string {
  let n = BigInt(referenceCrc32(random));
  let out = '';
  while (n > 0n) {
    out = BASE62[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out.padStart(6, '0');
}

const RANDOM = 'Ab3dE9ghIJklMNopQRstUVwxYZ0123';
const validKey = (prefix = 'kw', random = RANDOM) => `${prefix}_${random}${referenceChecksum(random)}`;

describe('key format', () => {
  it('uses the alphabet 0-9, A-Z, a-z in that order', () => {
    expect(BASE62).toHaveLength(62);
    expect(BASE62.indexOf('9')).toBe(9);
    expect(BASE62.indexOf('A')).toBe(10);
    expect(BASE62.indexOf('a')).toBe(36);
    expect(BASE62.indexOf('z')).toBe(61);
  });

  it('computes CRC-32 as zlib does, including the standard check value', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32(RANDOM)).toBe(referenceCrc32(RANDOM));
    const native = (zlibCrc32 as ((d: Buffer) => number) | undefined);
    if (native) expect(crc32(RANDOM)).toBe(native(Buffer.from(RANDOM)));
  });

  it('writes the checksum as 6 base62 digits, most significant first, zero-padded', () => {
    expect(checksumOf(RANDOM)).toBe(referenceChecksum(RANDOM));
    // The CRC-32 of "123456789" is 0xCBF43926 = 3421780262 = 3·62^5 + 45·62^4 + 35·62^3 + 27·62^2 + 22·62 + 14.
    expect(checksumOf('123456789')).toBe('3jZRME');
    for (let i = 0; i < 200; i++) {
      const random = generateKey('kw').secret.slice(3, 33);
      expect(checksumOf(random)).toBe(referenceChecksum(random));
    }
  });

  it('pads a small checksum with leading zeros', () => {
    // The empty string has CRC-32 0, the smallest possible checksum.
    expect(checksumOf('')).toBe('000000');
  });

  it('generates 39-character keys with the kw prefix that parse back to their start', () => {
    for (let i = 0; i < 100; i++) {
      const { secret, start } = generateKey('kw');
      expect(secret).toMatch(/^kw_[0-9A-Za-z]{36}$/);
      expect(secret).toHaveLength(39);
      expect(start).toBe(secret.slice(0, 9));
      expect(parseKey(secret)).toEqual({ prefix: 'kw', random: secret.slice(3, 33), start });
    }
  });

  it('generates a different secret every time', () => {
    const secrets = new Set(Array.from({ length: 1000 }, () => generateKey('kw').secret));
    expect(secrets.size).toBe(1000);
  });

  it('accepts any well-formed prefix of 1 to 16 lowercase letters and digits', () => {
    for (const prefix of ['k', 'kw', 'acme2', 'a234567890123456']) {
      const key = generateKey(prefix).secret;
      expect(parseKey(key)?.prefix).toBe(prefix);
    }
    expect(parseKey(validKey('prod'))).toMatchObject({ prefix: 'prod', random: RANDOM, start: 'prod_Ab3dE9' });
  });

  it('rejects a key whose checksum does not match', () => {
    const key = validKey();
    const last = key[key.length - 1];
    expect(parseKey(key.slice(0, -1) + (last === '0' ? '1' : '0'))).toBeNull();
    // One changed character of the random part breaks the checksum too.
    expect(parseKey(`kw_B${key.slice(4)}`)).toBeNull();
  });

  it.each([
    ['too short', validKey().slice(0, -1)],
    ['too long', `${validKey()}0`],
    ['without an underscore', validKey().replace('_', '')],
    ['with an uppercase prefix', validKey().replace('kw', 'KW')],
    ['with a prefix starting with a digit', validKey('1kw')],
    ['with a prefix over 16 characters', validKey('a2345678901234567')],
    ['with an empty prefix', validKey('').slice(0)],
    ['with a character outside base62', validKey().replace('Ab3', 'A-3')],
    ['with surrounding space', ` ${validKey()}`],
  ])('rejects a key %s', (_what, key) => {
    expect(parseKey(key)).toBeNull();
  });

  it('rejects what is not a string', () => {
    expect(parseKey(undefined)).toBeNull();
    expect(parseKey(null)).toBeNull();
    expect(parseKey('')).toBeNull();
  });

  it('finds only valid keys in free text', () => {
    const good = validKey();
    const other = validKey('acme', 'Zyxwvutsrqponmlkjihgfedcba9876');
    const badChecksum = `${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}`;
    const text = [
      `export KEYWARDEN_API_KEY=${good}`,
      `"key": "${other}",`,
      `typo: ${badChecksum}`,
      `longer: ${good}9`,
      `longer: 9${good.replace('kw_', 'kw_X')}`,
    ].join('\n');
    expect(findKeys(text)).toEqual([good, other]);
  });

  it('reads the prefix right where the text before a key runs on into it (attacker-side review)', () => {
    const good = validKey();
    const other = validKey('acme', 'Zyxwvutsrqponmlkjihgfedcba9876');
    // Escapes and encodings put letters and digits right before a key; the checksum does not cover
    // the prefix, so the server's prefix decides where it starts.
    for (const before of ['\\n', '\\u0022', '%22', '%3D', 'token_', 'X', '9', 'abcdefghijklmnopqrstuvwxyz']) {
      expect(findKeys(`${before}${good}`, ['kw']), before).toEqual([good]);
      expect(findKeys(`"${before}${other}"`, ['kw', 'acme']), before).toEqual([other]);
    }
    // Without the server's prefix, the longest run that is a prefix: right at a word's start.
    expect(findKeys(`"${good}"`)).toEqual([good]);
    expect(findKeys('\\n' + good)).toEqual([`n${good}`]);
    expect(findKeys('%22' + good)).toEqual([good]);
  });
});
