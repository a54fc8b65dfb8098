// Receiving Keywarden's webhooks: trust a delivery only when its `Keywarden-Signature` header
// (`t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>">`) verifies on the raw body under the
// endpoint's secret, and its timestamp is recent, so a captured request cannot be replayed later.
// Web Crypto only, so it runs wherever the middleware does (Node 20, Bun, Deno, edge runtimes).
import type { Event } from './types.js';

/** The header's name as Node and most frameworks hand it over (lower case). */
export const SIGNATURE_HEADER = 'keywarden-signature';

export interface WebhookCheckOptions {
  /** How far the signature's time may be from now, in seconds (default 300). */
  toleranceSeconds?: number;
  /** The current time in milliseconds (default `Date.now()`), for tests. */
  now?: () => number;
}

export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError';
}

const encoder = new TextEncoder();

function bytesOfHex(hex: string): Uint8Array<ArrayBuffer> | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(hex)) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/**
 * True when `rawBody` (the bytes as received, before any JSON parsing) was signed with `secret`
 * (the endpoint's whole `whsec_…` string) within the tolerance. The comparison is Web Crypto's
 * HMAC verify, which takes the same time whatever the signature.
 */
export async function isSignedByKeywarden(
  secret: string, header: string | null | undefined, rawBody: string | Uint8Array, options: WebhookCheckOptions = {},
): Promise<boolean> {
  if (!header) return false;
  let timestamp: number | null = null;
  const signatures: Uint8Array<ArrayBuffer>[] = [];
  for (const part of header.split(',')) {
    const [name, value = ''] = part.trim().split('=', 2);
    if (name === 't' && /^\d+$/.test(value)) timestamp = Number(value);
    const bytes = name === 'v1' ? bytesOfHex(value) : null;
    if (bytes && bytes.length === 32) signatures.push(bytes);
  }
  if (timestamp === null || signatures.length === 0) return false;
  const nowSeconds = (options.now ?? Date.now)() / 1000;
  if (Math.abs(nowSeconds - timestamp) > (options.toleranceSeconds ?? 300)) return false;

  const body = typeof rawBody === 'string' ? encoder.encode(rawBody) : rawBody;
  const signed = new Uint8Array(String(timestamp).length + 1 + body.length);
  signed.set(encoder.encode(`${timestamp}.`));
  signed.set(body, String(timestamp).length + 1);
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  // Several v1 values may come (a receiver in the middle of a secret change); one must verify.
  for (const signature of signatures) {
    if (await crypto.subtle.verify('HMAC', key, signature, signed)) return true;
  }
  return false;
}

/** The delivered event, once its signature verifies; otherwise a WebhookSignatureError (answer 401). */
export async function readWebhook(
  secret: string, header: string | null | undefined, rawBody: string | Uint8Array, options: WebhookCheckOptions = {},
): Promise<Event> {
  if (!(await isSignedByKeywarden(secret, header, rawBody, options))) {
    throw new WebhookSignatureError('The delivery is not signed with this endpoint\'s secret, or its signature is too old.');
  }
  return JSON.parse(typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody)) as Event;
}
