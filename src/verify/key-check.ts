// The key-format check of the hot path: the same rule as parseKey (domain/key-format.ts), done on
// char codes with no regex, substring, Buffer or checksum string. parseKey cost about half of the
// HMAC itself per verification; this costs a fraction of it (bench/RESULTS.md, case 1). The steps
// are apart so the verifier reads only a key's length and `_` before it looks the key up, and the
// characters and checksum only for a key it has not cached.
import { BASE62, CHECKSUM_LENGTH, RANDOM_LENGTH } from '../domain/key-format.js';

const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE62.length; i++) DIGIT[BASE62.charCodeAt(i)] = i;

const CRC_TABLE = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  CRC_TABLE[n] = c;
}

const TAIL = 1 + RANDOM_LENGTH + CHECKSUM_LENGTH; // "_" + random + checksum

/** True when `key` is `<prefix>_<random><checksum>` with a correct CRC-32 checksum. */
export function isWellFormedKey(key: string): boolean {
  return hasKeyShape(key) && hasRightChecksum(key);
}

/** A key's length, with `_` where a key has it: all the verifier reads before its cache lookup. */
export function looksLikeKey(key: string): boolean {
  const n = key.length;
  return n >= TAIL + 1 && n <= TAIL + 16 && key.charCodeAt(n - TAIL) === 95;
}

/** The shape alone: length, `_`, a lower-case prefix and base62 after it (so every character is ASCII). */
export function hasKeyShape(key: string): boolean {
  if (!looksLikeKey(key)) return false;
  const n = key.length;
  const underscore = n - TAIL;
  let c = key.charCodeAt(0);
  if (c < 97 || c > 122) return false;
  for (let i = 1; i < underscore; i++) {
    c = key.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) return false;
  }
  for (let i = underscore + 1; i < n; i++) {
    c = key.charCodeAt(i);
    if (c > 127 || DIGIT[c] < 0) return false;
  }
  return true;
}

/** The CRC-32 checksum of a key that has the shape (hasKeyShape). */
export function hasRightChecksum(key: string): boolean {
  const n = key.length;
  const end = n - CHECKSUM_LENGTH;
  let crc = -1;
  for (let i = end - RANDOM_LENGTH; i < end; i++) crc = CRC_TABLE[(crc ^ key.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  let value = (crc ^ -1) >>> 0;
  for (let i = n - 1; i >= end; i--) {
    if (DIGIT[key.charCodeAt(i)] !== value % 62) return false;
    value = Math.floor(value / 62);
  }
  return true;
}
