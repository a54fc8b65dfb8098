import { describe, expect, it } from 'vitest';
import { newSigningSecret, openSecret, sealSecret, signatureHeader } from './signing.js';
import { isSignedByKeywarden } from '../../packages/sdk/src/webhooks.js';

const SERVER_SECRET = Buffer.from('server-secret-0123456789-abcdefghijklmnop');

describe('webhook secrets at rest', () => {
  it('seals a secret so that only the same server secret opens it', () => {
    const secret = newSigningSecret();
    const sealed = sealSecret(SERVER_SECRET, secret);
    expect(sealed).not.toContain(secret.slice(6));
    expect(sealSecret(SERVER_SECRET, secret)).not.toBe(sealed); // a fresh IV each time
    expect(openSecret(SERVER_SECRET, sealed)).toBe(secret);
    expect(() => openSecret(Buffer.from('another-server-secret-0123456789-abcdef'), sealed)).toThrow();
  });

  it('refuses a sealed secret that was altered', () => {
    const sealed = sealSecret(SERVER_SECRET, newSigningSecret());
    const parts = sealed.split(':');
    parts[3] = `${parts[3].slice(0, -2)}${parts[3].endsWith('AA') ? 'BB' : 'AA'}`;
    expect(() => openSecret(SERVER_SECRET, parts.join(':'))).toThrow();
    expect(() => openSecret(SERVER_SECRET, 'v0:a:b:c')).toThrow();
  });
});

describe('the Keywarden-Signature header', () => {
  it('is t=<seconds>,v1=<hex HMAC-SHA-256 of "t.body">, and checks out only for the same body, secret and a recent time', async () => {
    const header = signatureHeader('whsec_test', 1_700_000_000, '{"a":1}');
    // Known answer: echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
    expect(header).toBe('t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789');
    // What the SDK's receivers run: the same header checks out only for the same body, secret and a recent time.
    const at = (seconds: number) => ({ now: () => seconds * 1000 });
    expect(await isSignedByKeywarden('whsec_test', header, '{"a":1}', at(1_700_000_100))).toBe(true);
    expect(await isSignedByKeywarden('whsec_test', header, '{"a":2}', at(1_700_000_100))).toBe(false);
    expect(await isSignedByKeywarden('whsec_other', header, '{"a":1}', at(1_700_000_100))).toBe(false);
    expect(await isSignedByKeywarden('whsec_test', header, '{"a":1}', at(1_700_000_301))).toBe(false);
  });
});
