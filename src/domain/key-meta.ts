// v1.1 "Key metadata": a JSON object of at most 4 KiB serialized, stored and answered as given.
// Pure; the size is measured on the UTF-8 bytes of its JSON text, as it is stored.
import { fieldInvalid } from '../errors.js';

export const MAX_META_BYTES = 4096;

export type KeyMeta = Record<string, unknown>;

/** The stored text of a key's meta (null when unset); a 400 on `field` beyond 4 KiB. */
export function serializeMeta(meta: KeyMeta | null, field = '/meta'): string | null {
  if (meta === null) return null;
  const text = JSON.stringify(meta);
  if (Buffer.byteLength(text, 'utf8') > MAX_META_BYTES) {
    throw fieldInvalid(field, `must be at most ${MAX_META_BYTES} bytes as JSON`);
  }
  return text;
}

export const parseMeta = (text: string | null): KeyMeta | null => (text === null ? null : JSON.parse(text));
