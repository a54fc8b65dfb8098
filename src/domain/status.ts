// A key's status is derived from its dates, never stored, so it cannot go stale. The rule (DESIGN
// "Status") is written once, as data: JavaScript reads it here, and services/key-status.ts builds
// the SQL for filters, sorts and counts from the same rules.
export type KeyStatus = 'active' | 'expired' | 'revoked';
/** The contract's statuses, in the order a list sorts them. */
export const KEY_STATUSES: readonly KeyStatus[] = ['active', 'expired', 'revoked'];

/** What a rule looks at: a revocation that is set, or an expiry that is set and reached. */
export type StatusTest = { field: 'revokedAt'; is: 'set' } | { field: 'expiresAt'; is: 'reached' };

/** The first rule that holds decides; a key that no rule catches is active. */
export const STATUS_RULES: readonly { status: KeyStatus; test: StatusTest }[] = [
  { status: 'revoked', test: { field: 'revokedAt', is: 'set' } },
  { status: 'expired', test: { field: 'expiresAt', is: 'reached' } },
];
export const OTHERWISE: KeyStatus = 'active';

/** A key's dates as the verifier keeps them: no revocation flag parsing, no date parsing per call. */
export interface StatusFacts {
  revoked: boolean;
  expiresAtMs: number; // Infinity when the key never expires
}

function holds(test: StatusTest, key: StatusFacts, nowMs: number): boolean {
  return test.field === 'revokedAt' ? key.revoked : key.expiresAtMs <= nowMs;
}

export function statusOf(key: StatusFacts, nowMs: number): KeyStatus {
  for (const rule of STATUS_RULES) if (holds(rule.test, key, nowMs)) return rule.status;
  return OTHERWISE;
}

export function deriveStatus(key: { revokedAt: string | null; expiresAt: string | null }, now: Date): KeyStatus {
  return statusOf({ revoked: key.revokedAt !== null, expiresAtMs: key.expiresAt ? Date.parse(key.expiresAt) : Infinity }, now.getTime());
}
