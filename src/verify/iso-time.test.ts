import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoString } from './iso-time.js';

describe('isoString', () => {
  it('equals Date.prototype.toISOString from 1970 to 9999', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), (ms) => {
      expect(isoString(ms)).toBe(new Date(ms).toISOString());
    }), { numRuns: 20_000 });
  });

  it('is exact at the edges of a day and of the range', () => {
    for (const ms of [0, 1, 999, 86_399_999, 86_400_000, 951_782_400_000 /* 2000-02-29 */, 253_402_300_799_999]) {
      expect(isoString(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
