// Shared pieces of every list: limit, opaque cursors, and case-insensitive substring search.
import { sql, type RawBuilder } from 'kysely';
import { fieldInvalid } from '../errors.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Cursors are opaque to clients: base64url of a small JSON object, checked when read back. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string, isValid: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw fieldInvalid('/cursor', 'is not a cursor from this list');
  }
  if (!isValid(value)) throw fieldInvalid('/cursor', 'is not a cursor from this list');
  return value;
}

/** The cursor of a list in id order. */
export const isIdCursor = (v: unknown): v is { id: string } =>
  typeof v === 'object' && v !== null && typeof (v as { id: unknown }).id === 'string';

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * `column` (already lower-cased by the application) contains `needle`, on both databases:
 * lower-casing in JavaScript covers all of Unicode, where SQLite's lower() folds only ASCII.
 */
export function containsLc(column: string, needle: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} like ${`%${escapeLike(needle.toLowerCase())}%`} escape '\\'`;
}

/** Splits one extra row off to tell whether there is a next page. */
export function pageOf<R, T>(rows: R[], limit: number, view: (row: R) => T, cursorOf: (row: R) => unknown): Page<T> {
  const page = rows.slice(0, limit);
  return {
    items: page.map(view),
    nextCursor: rows.length > limit ? encodeCursor(cursorOf(page[page.length - 1])) : null,
  };
}
