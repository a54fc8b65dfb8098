// A key's status is derived from its dates, never stored, so it cannot go stale.
export type KeyStatus = 'active' | 'expired' | 'revoked';
export const KEY_STATUSES: readonly KeyStatus[] = ['active', 'expired', 'revoked'];

export function deriveStatus(key: { revokedAt: string | null; expiresAt: string | null }, now: Date): KeyStatus {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && Date.parse(key.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}
