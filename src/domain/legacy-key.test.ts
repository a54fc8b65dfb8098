import { describe, expect, it } from 'vitest';
import { createHash, createHmac } from 'node:crypto';
import { importedKeyHash, isLegacyKeyCandidate, legacyDigest } from './legacy-key.js';

describe('legacy keys', () => {
  it('takes printable ASCII without spaces of 16..256 characters as a possible imported key', () => {
    expect(isLegacyKeyCandidate('a'.repeat(16))).toBe(true);
    expect(isLegacyKeyCandidate('!~'.repeat(128))).toBe(true);
    expect(isLegacyKeyCandidate('a'.repeat(15))).toBe(false);
    expect(isLegacyKeyCandidate('a'.repeat(257))).toBe(false);
    expect(isLegacyKeyCandidate('sk_live_abc def ghi')).toBe(false);
    expect(isLegacyKeyCandidate('sk_live_abcdefghé')).toBe(false);
    expect(isLegacyKeyCandidate('sk_live_abcdefgh\t')).toBe(false);
  });

  it('stores HMAC(secret, lower-case hex SHA-256), the same the verifier computes from the presented value', () => {
    const secret = Buffer.from('server-secret');
    const value = 'sk_live_0123456789abcdef';
    const sha = createHash('sha256').update(value).digest('hex');
    expect(legacyDigest(value)).toBe(sha);
    const stored = importedKeyHash(secret, sha.toUpperCase());
    expect(stored).toBe(createHmac('sha256', secret).update(sha).digest('hex'));
    expect(stored).not.toContain(sha);
  });
});
