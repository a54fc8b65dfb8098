// Webhook signing secrets: made here, kept encrypted at rest, and used to sign each delivery with
// `Keywarden-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>">` (DESIGN: Webhooks).
// Receivers check it with the SDK's isSignedByKeywarden (packages/sdk/src/webhooks.ts).
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export const SIGNATURE_HEADER = 'Keywarden-Signature';
const SECRET_PREFIX = 'whsec_';
const ENVELOPE = 'v1';

/** A new signing secret: 32 random bytes, shown to the admin once. */
export function newSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * The server must be able to sign, so the secret cannot be hashed like a key; it is encrypted with
 * AES-256-GCM under a key derived from the server secret, so a database dump alone does not reveal it.
 */
function sealingKey(serverSecret: Buffer): Buffer {
  return createHmac('sha256', serverSecret).update('keywarden:webhook-secret:v1').digest();
}

export function sealSecret(serverSecret: Buffer, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(serverSecret), iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [ENVELOPE, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join(':');
}

export function openSecret(serverSecret: Buffer, stored: string): string {
  const [version, iv, tag, sealed] = stored.split(':');
  if (version !== ENVELOPE || !iv || !tag || sealed === undefined) throw new Error('Unknown webhook secret envelope.');
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(serverSecret), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
}

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The header value for one delivery; `timestamp` in Unix seconds. */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signatureOf(secret, timestamp, body)}`;
}
