// What few cached keys carry beyond the packed record: v1.1's metadata, address rules and named
// limits. Kept in one optional object behind one flag (key-table.ts), so a key without any of them
// costs nothing more than it did in v1 (issue: ≤ 150 B resident per plain cached key).
//
// Each v1.1 feature adds its own optional field here; a key whose fields are all absent is
// cached with `extras: null`, never an empty object.
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface KeyExtras {}

/** The extras to cache, or null when the key has none (the common case). */
export function extrasOrNull(extras: KeyExtras): KeyExtras | null {
  for (const value of Object.values(extras)) if (value !== undefined && value !== null) return extras;
  return null;
}
