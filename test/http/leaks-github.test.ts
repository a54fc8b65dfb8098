// POST /leaks/github: GitHub's secret-scanning partner format, signed with ECDSA P-256 over the raw
// body by a key from the operator's key file (made here by the test), acted on once per delivery.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../src/domain/key-format.js';
import { DIALECTS } from '../helpers/services.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { World } from '../helpers/world.js';

const dir = mkdtempSync(join(tmpdir(), 'keywarden-github-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface SigningKey { id: string; privateKey: KeyObject; pem: string }
function signingKey(id: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { id, privateKey, pem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}
function writeKeyFile(file: string, keys: SigningKey[]): void {
  writeFileSync(file, JSON.stringify({ public_keys: keys.map((k, i) => ({ key_identifier: k.id, key: k.pem, is_current: i === 0 })) }));
}
const signatureOf = (raw: string, key: SigningKey) => sign('sha256', Buffer.from(raw), key.privateKey).toString('base64');

async function deliver(server: TestServer, raw: string, headers: Record<string, string>) {
  const res = await server.app.inject({
    method: 'POST', url: '/api/v1/leaks/github', payload: raw, headers: { 'content-type': 'application/json', ...headers },
  });
  return { status: res.statusCode, json: res.body ? JSON.parse(res.body) : null };
}
const signed = (raw: string, key: SigningKey) => ({ 'github-public-key-identifier': key.id, 'github-public-key-signature': signatureOf(raw, key) });

describe.each(DIALECTS)('GitHub secret scanning (%s)', (dialect) => {
  const current = signingKey('f8f6c3b1e2a4d5c6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0');
  const file = join(dir, `keys-${dialect}.json`);
  writeKeyFile(file, [current]);
  const world = World.forSuite(dialect, { KEYWARDEN_KEY_PREFIX: 'acme', KEYWARDEN_GITHUB_SCANNING_KEYS: file });
  const server = () => world.server as TestServer;

  async function liveKey(settings: Record<string, unknown> = {}) {
    const tid = await world.tenantWithKeys(settings);
    const dev = await world.member(tid);
    return { tid, ...(await world.createKey(tid, dev.as)) };
  }
  const readKey = async (tid: string, kid: string) => (await world.call('GET', `/tenants/${tid}/keys/${kid}`, { as: world.admin })).body;

  it('refuses a missing, unknown or wrong signature with 401 and acts on nothing', async () => {
    const { tid, key, secret } = await liveKey();
    const raw = JSON.stringify([{ token: secret, type: 'acme_api_key', url: 'https://github.com/o/r/blob/x', source: 'content' }]);
    const stranger = signingKey(current.id);
    const cases: Record<string, string>[] = [
      {},
      { 'github-public-key-identifier': current.id },
      { 'github-public-key-identifier': 'unknown', 'github-public-key-signature': signatureOf(raw, current) },
      { 'github-public-key-identifier': current.id, 'github-public-key-signature': signatureOf(raw, stranger) },
      { 'github-public-key-identifier': current.id, 'github-public-key-signature': signatureOf(`${raw} `, current) },
      { 'github-public-key-identifier': current.id, 'github-public-key-signature': 'not base64 at all' },
    ];
    for (const headers of cases) {
      const res = await deliver(server(), raw, headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.json.error.code).toBe('UNAUTHENTICATED');
    }
    expect(await readKey(tid, key.id)).toMatchObject({ status: 'active', leakedAt: null });
  });

  it('acts on a signed delivery, labels each match, ignores unknown fields, and handles a repeat as one', async () => {
    const revoking = await liveKey();
    const notifying = await liveKey({ leakPolicy: 'notify' });
    const raw = JSON.stringify([
      { token: revoking.secret, type: 'acme_api_key', url: 'https://github.com/o/r/blob/main/.env', source: 'content', commit: 'abc' },
      { token: notifying.secret, type: 'acme_api_key', url: 'javascript:alert(1)', source: 'commit' },
      { token: generateKey('acme').secret, type: 'acme_api_key', url: 'https://github.com/o/r', source: 'content' },
      { token: 'acme_nonsense', type: 'acme_api_key', url: 'https://github.com/o/r', source: 'content' },
    ]);
    const first = await deliver(server(), raw, signed(raw, current));
    expect(first.status).toBe(200);
    expect(first.json.map((l: any) => l.label)).toEqual(['true_positive', 'true_positive', 'false_positive', 'false_positive']);
    expect(first.json[0]).toEqual({ token_raw: revoking.secret, token_type: 'acme_api_key', label: 'true_positive' });
    expect(await readKey(revoking.tid, revoking.key.id)).toMatchObject({
      status: 'revoked', leak: { source: 'GitHub (content)', url: 'https://github.com/o/r/blob/main/.env', count: 1 },
    });
    expect((await world.verify(revoking.secret)).code).toBe('REVOKED');
    expect(await readKey(notifying.tid, notifying.key.id)).toMatchObject({ status: 'active', leak: { source: 'GitHub (commit)', url: null, count: 1 } });

    const again = await deliver(server(), raw, signed(raw, current));
    expect(again).toEqual(first);
    expect((await readKey(notifying.tid, notifying.key.id)).leak.count).toBe(1);
    expect(await world.events(notifying.tid, `&keyId=${notifying.key.id}&type=key.leaked`)).toHaveLength(1);
  });

  it('reads the key file again when it changes', async () => {
    const next = signingKey('a1b2c3');
    const raw = JSON.stringify([{ token: generateKey('acme').secret, type: 'acme_api_key' }]);
    expect((await deliver(server(), raw, signed(raw, next))).status).toBe(401);
    writeKeyFile(file, [next, current]);
    expect((await deliver(server(), raw, signed(raw, next))).json).toEqual([{ token_raw: JSON.parse(raw)[0].token, token_type: 'acme_api_key', label: 'false_positive' }]);
  });

  it('takes bodies beyond the usual 64 KiB up to 1 MiB, and answers 413 past it', async () => {
    const matches = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ token: `acme_${i}`, type: 'acme_api_key', url: 'https://github.com/o/r', source: 'content' })));
    const large = matches(2000);
    expect(large.length).toBeGreaterThan(100_000);
    const res = await deliver(server(), large, signed(large, current));
    expect(res.status).toBe(200);
    expect(res.json).toHaveLength(2000);
    const tooLarge = `${matches(1)}${' '.repeat(1 << 20)}`;
    expect((await deliver(server(), tooLarge, signed(tooLarge, current))).status).toBe(413);
  });

  it('answers 400 for a signed body that is not GitHub\'s format', async () => {
    for (const raw of ['{"token": "x"}', '[{"type": "acme_api_key"}]', 'not json']) {
      expect((await deliver(server(), raw, signed(raw, current))).status, raw).toBe(400);
    }
  });
});

describe('GitHub secret scanning, unconfigured', () => {
  const servers: TestServer[] = [];
  afterAll(async () => { await Promise.all(servers.map((s) => s.stop())); });

  it('is 404 without KEYWARDEN_GITHUB_SCANNING_KEYS', async () => {
    const server = await startTestServer('sqlite');
    servers.push(server);
    const res = await deliver(server, '[]', signed('[]', signingKey('k')));
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('NOT_FOUND');
    const plain = await server.app.inject({ method: 'POST', url: '/api/v1/leaks/github', payload: 'x', headers: { 'content-type': 'text/plain' } });
    expect(plain.statusCode).toBe(404);
  });

  it('refuses to start with the default prefix kw, or with a key file it cannot read', async () => {
    const file = join(dir, 'start.json');
    writeKeyFile(file, [signingKey('k')]);
    await expect(startTestServer('sqlite', { KEYWARDEN_GITHUB_SCANNING_KEYS: file })).rejects.toThrow(/KEYWARDEN_KEY_PREFIX.*"kw"/);
    await expect(startTestServer('sqlite', { KEYWARDEN_GITHUB_SCANNING_KEYS: join(dir, 'missing.json'), KEYWARDEN_KEY_PREFIX: 'acme' }))
      .rejects.toThrow(/KEYWARDEN_GITHUB_SCANNING_KEYS: cannot read/);
    writeFileSync(join(dir, 'broken.json'), '{"public_keys": []}');
    await expect(startTestServer('sqlite', { KEYWARDEN_GITHUB_SCANNING_KEYS: join(dir, 'broken.json'), KEYWARDEN_KEY_PREFIX: 'acme' }))
      .rejects.toThrow(/has no public_keys/);
  });
});

describe.each(DIALECTS)('GitHub secret scanning, replays and floods (%s)', (dialect) => {
  const key = signingKey('0c1d2e3f');
  const file = join(dir, `keys-replay-${dialect}.json`);
  writeKeyFile(file, [key]);
  let clock = Date.parse('2026-12-03T10:00:00.000Z');
  const world = World.forSuite(dialect, {
    KEYWARDEN_KEY_PREFIX: 'acme', KEYWARDEN_GITHUB_SCANNING_KEYS: file, KEYWARDEN_LEAK_REPORTS: '4',
    // Sessions outlast the days the clock moves.
    KEYWARDEN_SESSION_TTL: '60d', KEYWARDEN_SESSION_IDLE: '60d',
  }, { now: () => new Date(clock) });
  const server = () => world.server as TestServer;

  it('acts on a delivery replayed weeks later no more than once', async () => {
    const tid = await world.tenantWithKeys({ leakPolicy: 'notify' });
    const dev = await world.member(tid);
    const { key: created, secret } = await world.createKey(tid, dev.as);
    const raw = JSON.stringify([{ token: secret, type: 'acme_api_key', url: 'https://github.com/o/r', source: 'content' }]);
    expect((await deliver(server(), raw, signed(raw, key))).status).toBe(200);
    for (const days of [8, 29 - 8]) {
      clock += days * 86_400_000;
      expect((await deliver(server(), raw, signed(raw, key))).json[0].label).toBe('true_positive');
    }
    const read = (await world.call('GET', `/tenants/${tid}/keys/${created.id}`, { as: world.admin })).body;
    expect(read.leak.count).toBe(1);
    expect(await world.events(tid, `&keyId=${created.id}&type=key.leaked`)).toHaveLength(1);
  });

  it('throttles deliveries per client IP before reading their bodies', async () => {
    clock += 3_600_000;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await deliver(server(), 'not json, and unsigned', {})).status);
    // The earlier test's deliveries were in another minute; here the first four are looked at (401).
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    const res = await server().app.inject({ method: 'POST', url: '/api/v1/leaks/github', payload: '[]', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});
