import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSignedByKeywarden, readWebhook, WebhookSignatureError } from './webhooks.js';

// Signed here as the contract writes it (DESIGN: Webhooks), independently of the check under test.
const SECRET = 'whsec_9c5Jt2vQm0WkqvU3rH8yNnR0bX7aZ1dE4fG6hI8jK0L';
const sign = (t: number, body: string, secret = SECRET) => `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
const T = 1_800_000_000;
const at = (seconds: number) => ({ now: () => seconds * 1000 });

describe('webhook signatures', () => {
  const body = JSON.stringify({ id: 'evt_1', type: 'key.revoked', tenantId: 'ten_1', details: { note: 'é ✓' } });

  it('accepts a delivery signed with the secret, as text or bytes, within the tolerance', async () => {
    expect(await isSignedByKeywarden(SECRET, sign(T, body), body, at(T))).toBe(true);
    expect(await isSignedByKeywarden(SECRET, sign(T, body), new TextEncoder().encode(body), at(T + 300))).toBe(true);
    expect(await isSignedByKeywarden(SECRET, ` ${sign(T, body).replace(',', ' , ')}`, body, at(T - 300))).toBe(true);
    expect(await readWebhook(SECRET, sign(T, body), body, at(T))).toMatchObject({ id: 'evt_1', type: 'key.revoked' });
  });

  it('refuses another secret, a changed body, an old or future time, and a broken header', async () => {
    const header = sign(T, body);
    expect(await isSignedByKeywarden('whsec_other', header, body, at(T))).toBe(false);
    expect(await isSignedByKeywarden(SECRET, header, body.replace('revoked', 'created'), at(T))).toBe(false);
    expect(await isSignedByKeywarden(SECRET, header, body, at(T + 301))).toBe(false);
    expect(await isSignedByKeywarden(SECRET, header, body, at(T - 301))).toBe(false);
    expect(await isSignedByKeywarden(SECRET, header, body, { ...at(T + 3600), toleranceSeconds: 3600 })).toBe(true);
    for (const broken of [undefined, null, '', `t=${T}`, header.replace(/v1=\w+/, 'v1=zz'), header.replace(/t=\d+/, 't=soon'), header.slice(0, -2)]) {
      expect(await isSignedByKeywarden(SECRET, broken, body, at(T))).toBe(false);
    }
    await expect(readWebhook(SECRET, header, body, at(T + 301))).rejects.toBeInstanceOf(WebhookSignatureError);
  });

  it('accepts when any one of several v1 signatures verifies', async () => {
    const header = `${sign(T, body, 'whsec_old')},${sign(T, body).split(',')[1]}`;
    expect(await isSignedByKeywarden(SECRET, header, body, at(T))).toBe(true);
    expect(await isSignedByKeywarden('whsec_third', header, body, at(T))).toBe(false);
  });

  it('agrees with the contract\'s HMAC for any body and secret', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ minLength: 1, maxLength: 60 }), async (text, secret) => {
      expect(await isSignedByKeywarden(secret, sign(T, text, secret), text, at(T))).toBe(true);
      expect(await isSignedByKeywarden(secret, sign(T, text, secret), `${text} `, at(T))).toBe(false);
    }), { numRuns: 100 });
  });
});
