import { describe, expect, it } from 'vitest';
import { compareCodePoints, compareNameThenId } from './ordering.js';

const byCodePoints = (a: string, b: string) => {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return Math.sign(x[i] - y[i]);
  return Math.sign(x.length - y.length);
};

describe('compareCodePoints', () => {
  it('puts a character above U+FFFF after one in the upper BMP, unlike UTF-16 order', () => {
    expect(compareCodePoints('😀', 'ｚ')).toBe(1);
    expect('😀' < 'ｚ').toBe(true);
  });

  it('agrees with a code-point comparison on every pair of a mixed list, prefixes included', () => {
    const words = ['', 'a', 'a b', 'ab', 'a-b', '_x', 'zeta', 'émile', 'ß', '😀', '😀a', '😁', 'ｚ', '\uffff', 'i̇stanbul', 'ωmega', '9'];
    for (const a of words) for (const b of words) expect(compareCodePoints(a, b), `${a} vs ${b}`).toBe(byCodePoints(a, b));
  });

  it('breaks a tie on the name by the id', () => {
    expect(compareNameThenId({ nameLc: 'x', id: 'res_b' }, { nameLc: 'x', id: 'res_a' })).toBe(1);
    expect(compareNameThenId({ nameLc: 'a', id: 'res_b' }, { nameLc: 'b', id: 'res_a' })).toBe(-1);
  });
});
