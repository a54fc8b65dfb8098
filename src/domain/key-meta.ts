// v1.1 "Key metadata": a JSON object of at most 4 KiB serialized, stored and answered as given.
// Pure; the size is measured on the UTF-8 bytes of its JSON text, as it is stored.
import { fieldInvalid } from '../errors.js';

export const MAX_META_BYTES = 4096;

export type KeyMeta = Record<string, unknown>;

// Each level of nesting takes at least two bytes of JSON (`[]`), so a value nested deeper than this
// is over the limit whatever it holds.
const MAX_META_DEPTH = MAX_META_BYTES / 2;

/**
 * Whether a parsed JSON value nests deeper than `max` levels, found without recursion: JSON.stringify
 * of a value some thousands of levels deep (a 48 KB body) runs out of stack.
 */
function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (depth > max) return true;
    for (const child of Object.values(node as object)) {
      if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
    }
  }
  return false;
}

/** The stored text of a key's meta (null when unset); a 400 on `field` beyond 4 KiB. */
export function serializeMeta(meta: KeyMeta | null, field = '/meta'): string | null {
  if (meta === null) return null;
  const tooLarge = () => fieldInvalid(field, `must be at most ${MAX_META_BYTES} bytes as JSON`);
  if (nestsDeeperThan(meta, MAX_META_DEPTH)) throw tooLarge();
  const text = JSON.stringify(meta);
  if (Buffer.byteLength(text, 'utf8') > MAX_META_BYTES) throw tooLarge();
  return text;
}

export const parseMeta = (text: string | null): KeyMeta | null => (text === null ? null : JSON.parse(text));
