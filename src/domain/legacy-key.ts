// Keys imported from another system (DESIGN v1.1 "Importing keys"). The old system hands over the
// SHA-256 of each secret; Keywarden stores HMAC-SHA-256(server secret, that SHA-256 written as 64
// lower-case hex characters), never the bare SHA-256, so a database dump alone does not let anyone
// guess weak legacy secrets offline. Verify computes the same from a presented value:
// HMAC(secret, hex(SHA-256(value))). Keywarden's own keys are HMAC(secret, key) and always contain
// `_`, which hex never does, so the two kinds can never share a stored hash.
import { hash } from 'node:crypto';
import { hashKey } from './hashing.js';

export const LEGACY_MIN_LENGTH = 16;
export const LEGACY_MAX_LENGTH = 256;

/** A value that may be an imported key: printable ASCII without spaces (0x21–0x7e), 16..256 characters. */
export function isLegacyKeyCandidate(value: string): boolean {
  const n = value.length;
  if (n < LEGACY_MIN_LENGTH || n > LEGACY_MAX_LENGTH) return false;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

/** The SHA-256 of a presented legacy value, as the lower-case hex an import carries. */
export const legacyDigest = (value: string): string => hash('sha256', value, 'hex');

/** The stored hash of an imported key, from the old system's hex SHA-256 (any case). */
export const importedKeyHash = (serverSecret: Buffer, sha256Hex: string): string => hashKey(serverSecret, sha256Hex.toLowerCase());
