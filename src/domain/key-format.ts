// The key format of DESIGN.md: `<prefix>_<random:30 base62><checksum:6 base62 of CRC-32(random)>`.
import { randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const RANDOM_LENGTH = 30;
export const CHECKSUM_LENGTH = 6;
export const START_LENGTH = 6;
export const PREFIX_PATTERN = /^[a-z][a-z0-9]{0,15}$/;
const MAX_PREFIX_LENGTH = 16; // PREFIX_PATTERN's
/** The longest a key can be: the longest prefix, `_`, its random part and its checksum. */
export const MAX_KEY_LENGTH = MAX_PREFIX_LENGTH + 1 + RANDOM_LENGTH + CHECKSUM_LENGTH;
const KEY_PATTERN = /^([a-z][a-z0-9]{0,15})_([0-9A-Za-z]{36})$/;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

// zlib.crc32 arrived in Node 20.15/22.2; the table fallback keeps older 20.x working.
const nativeCrc32 = (zlib as unknown as { crc32?: (data: string | Buffer) => number }).crc32;

export function crc32(text: string): number {
  if (nativeCrc32) return nativeCrc32(Buffer.from(text, 'latin1'));
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function checksumOf(random: string): string {
  let value = crc32(random);
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

// Rejection sampling keeps every base62 character equally likely (256 is not a multiple of 62).
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export interface GeneratedKey {
  secret: string;
  start: string;
}

export function generateKey(prefix: string): GeneratedKey {
  const random = randomBase62(RANDOM_LENGTH);
  return { secret: `${prefix}_${random}${checksumOf(random)}`, start: `${prefix}_${random.slice(0, START_LENGTH)}` };
}

export interface ParsedKey {
  prefix: string;
  random: string;
  start: string;
}

/** Parses a presented key; null when its shape or checksum is wrong (the verify code MALFORMED). */
export function parseKey(presented: string | undefined | null): ParsedKey | null {
  if (typeof presented !== 'string' || presented.length > 60) return null;
  const match = KEY_PATTERN.exec(presented);
  if (!match) return null;
  const random = match[2].slice(0, RANDOM_LENGTH);
  if (match[2].slice(RANDOM_LENGTH) !== checksumOf(random)) return null;
  return { prefix: match[1], random, start: `${match[1]}_${random.slice(0, START_LENGTH)}` };
}

/**
 * Finds well-formed keys with a valid checksum in free text (for `keywarden scan`). The checksum
 * covers the random part only, so where a key's prefix runs on from the text before it (`\nkw_…` in
 * JSON, `%22kw_…` in a URL, `token_kw_…`), the prefix is the longest tail of the lower-case run
 * before the `_` that is one of `prefixes` (the server's), or else the longest that is a prefix at all.
 */
export function findKeys(text: string, prefixes: readonly string[] = []): string[] {
  return findKeysAt(text, prefixes).map((found) => found.key);
}

/** findKeys, with where each key starts in the text. */
export function findKeysAt(text: string, prefixes: readonly string[] = []): { key: string; at: number }[] {
  const found: { key: string; at: number }[] = [];
  for (const m of text.matchAll(/_([0-9A-Za-z]{36})(?![0-9A-Za-z])/g)) {
    const body = m[1];
    if (body.slice(RANDOM_LENGTH) !== checksumOf(body.slice(0, RANDOM_LENGTH))) continue;
    let start = m.index;
    while (start > 0 && m.index - start < MAX_PREFIX_LENGTH && isLowerOrDigit(text.charCodeAt(start - 1))) start--;
    const candidates: string[] = [];
    for (let at = start; at < m.index; at++) {
      const prefix = text.slice(at, m.index);
      if (PREFIX_PATTERN.test(prefix)) candidates.push(prefix);
    }
    const prefix = candidates.find((c) => prefixes.includes(c)) ?? candidates[0];
    if (prefix !== undefined) found.push({ key: `${prefix}_${body}`, at: m.index - prefix.length });
  }
  return found;
}

const isLowerOrDigit = (code: number) => (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
