// The key format of DESIGN.md: `<prefix>_<random:30 base62><checksum:6 base62 of CRC-32(random)>`.
import { randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const RANDOM_LENGTH = 30;
export const CHECKSUM_LENGTH = 6;
export const START_LENGTH = 6;
export const PREFIX_PATTERN = /^[a-z][a-z0-9]{0,15}$/;
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

/** Finds well-formed keys with a valid checksum in free text (for `keywarden scan`). */
export function findKeys(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?<![A-Za-z0-9_])[a-z][a-z0-9]{0,15}_[0-9A-Za-z]{36}(?![A-Za-z0-9])/g)) {
    if (parseKey(m[0])) found.push(m[0]);
  }
  return found;
}
