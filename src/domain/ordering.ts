// Ordering by a name is the same everywhere: by the lower-cased name's Unicode code points, then
// the id (DESIGN "Durability and consistency"). The databases follow it through the dialect's
// byCodePoints (UTF-8 bytes compare in code-point order); code that sorts in memory uses this.

/**
 * Compares by code points. JavaScript's `<` compares UTF-16 units, which puts a character above
 * U+FFFF (an emoji) before one in U+E000..U+FFFF (a fullwidth letter); code points do not.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Two rows by their lower-cased names (already lower-cased by the application), then their ids. */
export function compareNameThenId(a: { nameLc: string; id: string }, b: { nameLc: string; id: string }): number {
  return compareCodePoints(a.nameLc, b.nameLc) || compareCodePoints(a.id, b.id);
}
