import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newId } from '../domain/ids.js';
import { decodeKeyId, encodeKeyId, ID_BYTES } from './key-id-bytes.js';

describe('key ids packed in bytes', () => {
  it('gives back every generated key id, next to other packed ids', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 47 }), fc.integer({ min: 0, max: 3 }), (time, at) => {
      const ids = [newId('key', time), newId('key', time + 1)];
      const bytes = new Uint8Array(2 * ID_BYTES + 8).fill(0xff);
      expect(encodeKeyId(ids[0], bytes, at)).toBe(true);
      expect(encodeKeyId(ids[1], bytes, at + ID_BYTES)).toBe(true);
      expect([decodeKeyId(bytes, at), decodeKeyId(bytes, at + ID_BYTES)]).toEqual(ids);
    }), { numRuns: 200 });
  });

  it('refuses an id not in the generated form and writes nothing', () => {
    const bytes = new Uint8Array(ID_BYTES);
    for (const id of ['key_1', `ten_${'0'.repeat(26)}`, `key_${'0'.repeat(25)}i`, `key_${'0'.repeat(25)}A`, `key_${'0'.repeat(25)}é`, `key_${'0'.repeat(27)}`]) {
      expect(encodeKeyId(id, bytes, 0)).toBe(false);
    }
    expect([...bytes].every((b) => b === 0)).toBe(true);
  });
});
