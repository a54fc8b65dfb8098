// Date.prototype.toISOString without its cost: it measured about 600 ns a call here, a sixth of a
// whole cached verification, while this takes about 90 ns. The cache then keeps an expiry as its
// 8-byte number instead of a 40-byte string per key.
const DAY_MS = 86_400_000;
const MAX_DAYS = 4096; // day prefixes kept; a key table rarely holds more distinct expiry days

const dayPrefixes = new Map<number, string>();

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;
const pad3 = (n: number) => (n < 10 ? '00' : n < 100 ? '0' : '') + n;

/** The same string as `new Date(ms).toISOString()` for any time from 1970 to 9999. */
export function isoString(ms: number): string {
  const dayStart = ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
  let prefix = dayPrefixes.get(dayStart);
  if (prefix === undefined) {
    if (dayPrefixes.size >= MAX_DAYS) dayPrefixes.clear();
    prefix = new Date(dayStart).toISOString().slice(0, 11); // "YYYY-MM-DDT"
    dayPrefixes.set(dayStart, prefix);
  }
  let rest = ms - dayStart;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return prefix + pad2(hours) + ':' + pad2(minutes) + ':' + pad2(seconds) + '.' + pad3(rest - seconds * 1000) + 'Z';
}
