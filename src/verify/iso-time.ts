// Date.prototype.toISOString without its cost: it measured about 600 ns a call here, a sixth of a
// whole cached verification. The cache then keeps an expiry as its 8-byte number instead of a
// 40-byte string per key, and formats it for each answer of a key not kept hot: at 100,000 keys in
// use that is most answers (bench/RESULTS.md, case 5).
const DAY_MS = 86_400_000;
const MAX_DAYS = 4096; // day prefixes kept; a key table rarely holds more distinct expiry days

const dayPrefixes = new Map<number, string>();

// The time of day from three ready pieces, "HH:MM" + ":SS." + "mmmZ" (about 60 KiB in all): three
// joins and no number turned into text, where padding each field took eight joins and five
// conversions (about 90 ns a call against 50).
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const HOURS_MINUTES = Array.from({ length: 1440 }, (_, m) => `${pad(Math.floor(m / 60), 2)}:${pad(m % 60, 2)}`);
const SECONDS = Array.from({ length: 60 }, (_, s) => `:${pad(s, 2)}.`);
const MILLISECONDS = Array.from({ length: 1000 }, (_, ms) => `${pad(ms, 3)}Z`);

/** The same string as `new Date(ms).toISOString()` for any time from 1970 to 9999. */
export function isoString(ms: number): string {
  const dayStart = ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
  let prefix = dayPrefixes.get(dayStart);
  if (prefix === undefined) {
    if (dayPrefixes.size >= MAX_DAYS) dayPrefixes.clear();
    prefix = new Date(dayStart).toISOString().slice(0, 11); // "YYYY-MM-DDT"
    dayPrefixes.set(dayStart, prefix);
  }
  const rest = ms - dayStart;
  const minute = Math.floor(rest / 60_000);
  const inMinute = rest - minute * 60_000;
  const second = Math.floor(inMinute / 1000);
  return prefix + HOURS_MINUTES[minute] + SECONDS[second] + MILLISECONDS[inMinute - second * 1000];
}
