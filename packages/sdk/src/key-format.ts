// The key format (DESIGN "Key format"), so a typo is refused without a round trip:
// `<prefix>_<random:30 base62><checksum:6 base62 of CRC-32(random)>`. Plain JavaScript (no node:zlib),
// so the middleware also runs where Hono runs (Workers, Deno, Bun).

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KEY_PATTERN = /^([a-z][a-z0-9]{0,15})_([0-9A-Za-z]{30})([0-9A-Za-z]{6})$/;

let table: Uint32Array | undefined;

function crc32(text: string): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = table[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function checksumOf(random: string): string {
  let value = crc32(random);
  let out = '';
  for (let i = 0; i < 6; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

/** Whether `key` has the shape and checksum of a Keywarden key (not whether it is live: ask verify). */
export function isWellFormedKey(key: string | null | undefined): key is string {
  if (typeof key !== 'string' || key.length > 60) return false;
  const match = KEY_PATTERN.exec(key);
  return !!match && checksumOf(match[2]) === match[3];
}

/** The part of a key that may be shown: prefix, `_` and the first 6 characters (`kw_Ab3dE9`). */
export function startOfKey(key: string): string {
  const at = key.indexOf('_');
  return key.slice(0, at + 7);
}
