// A generated key id (`key_` + 26 characters of lower-case Crockford base32, domain/ids.ts) packed
// into 17 bytes of a key-table record: 5 bits a character, 130 bits. Any other id does not pack.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const PREFIX = 'key_';
const BODY = 26;
export const ID_BYTES = 17;
const ID_LENGTH = PREFIX.length + BODY;

const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;
const CHAR = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));

// The id is rebuilt in one buffer and read out as one flat one-byte string.
const scratch = Buffer.from(`${PREFIX}${'0'.repeat(BODY)}`, 'latin1');

/** Writes the id's body at `at`; false (and nothing written) when the id is not in the generated form. */
export function encodeKeyId(id: string, bytes: Uint8Array, at: number): boolean {
  if (id.length !== ID_LENGTH || !id.startsWith(PREFIX)) return false;
  for (let i = PREFIX.length; i < ID_LENGTH; i++) {
    const c = id.charCodeAt(i);
    if (c >= 128 || VALUE[c] < 0) return false;
  }
  let acc = 0;
  let bits = 0;
  let out = at;
  for (let i = PREFIX.length; i < ID_LENGTH; i++) {
    acc = (acc << 5) | VALUE[id.charCodeAt(i)];
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (acc >>> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  }
  bytes[out] = (acc << (8 - bits)) & 0xff; // the last 2 bits, left-aligned
  return true;
}

export function decodeKeyId(bytes: Uint8Array, at: number): string {
  let acc = 0;
  let bits = 0;
  let from = at;
  for (let i = PREFIX.length; i < ID_LENGTH; i++) {
    if (bits < 5) {
      acc = ((acc << 8) | bytes[from++]) & 0xffff;
      bits += 8;
    }
    bits -= 5;
    scratch[i] = CHAR[(acc >>> bits) & 31];
  }
  return scratch.toString('latin1', 0, ID_LENGTH);
}
