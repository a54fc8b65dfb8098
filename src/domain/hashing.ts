// Keys and session tokens are stored only as keyed hashes; comparison happens on the hash lookup,
// and timingSafeEqual guards the places where two secrets are compared directly.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function hashKey(serverSecret: Buffer, presented: string): string {
  return createHmac('sha256', serverSecret).update(presented).digest('hex');
}

/** A fingerprint of the server secret, kept in the database so a node with another secret refuses to start. */
export function secretFingerprint(serverSecret: Buffer): string {
  return createHmac('sha256', serverSecret).update('keywarden:secret-fingerprint:v1').digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
