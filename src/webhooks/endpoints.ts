// Rules for a webhook endpoint, pure: which event types it wants. Which URLs may be called is
// destination.ts, after the address table in src/domain/special-addresses.ts.

/** `key.revoked` matches itself, `key.*` every key event, `*` every event. */
export function matchesEventType(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}
