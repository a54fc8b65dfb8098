import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { KeyedHash } from './keyed-hash.js';

describe('KeyedHash', () => {
  it('equals createHmac for any secret and any ASCII message, short or long', () => {
    fc.assert(fc.property(
      fc.uint8Array({ minLength: 1, maxLength: 150 }),
      fc.array(fc.integer({ min: 0, max: 127 }), { maxLength: 300 }),
      (secret, codes) => {
        const message = String.fromCharCode(...codes);
        const expected = createHmac('sha256', Buffer.from(secret)).update(message).digest('binary');
        expect(new KeyedHash(Buffer.from(secret)).latin1(message)).toBe(expected);
      },
    ), { numRuns: 2000 });
  });

  it('equals createHmac for any string, as keys are stored (hashKey): UTF-8, never cut to one byte per character', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 256 }), (message) => {
      const secret = Buffer.from('a server secret of some length');
      expect(new KeyedHash(secret).latin1(message)).toBe(createHmac('sha256', secret).update(message).digest('binary'));
    }), { numRuns: 2000 });
    const secret = Buffer.from('s');
    // Written as latin1, U+016B would have hashed as "k" (0x6b).
    expect(new KeyedHash(secret).latin1('\u016bw_x')).not.toBe(new KeyedHash(secret).latin1('kw_x'));
  });

  it('keeps no trace of a longer message in the next, shorter one', () => {
    const h = new KeyedHash(Buffer.from('a server secret of some length'));
    h.latin1('kw_' + 'x'.repeat(200));
    expect(h.latin1('kw_short')).toBe(createHmac('sha256', Buffer.from('a server secret of some length')).update('kw_short').digest('binary'));
  });
});
