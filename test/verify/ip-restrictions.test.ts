// v1.1 "IP restrictions" and "Key metadata" on the verify path, on each database: the client
// address as KEYWARDEN_TRUST_PROXY resolves it, a key's own list before its tenant's, IPv4, IPv6,
// CIDRs and IPv4-mapped addresses, the code order, the management API's 401, and meta in answers,
// each change seen on the next verification.
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { VerifyAnswer } from '../../src/http/routes/verify.js';
import { DIALECTS } from '../helpers/services.js';
import { World } from '../helpers/world.js';

const isVerifyAnswer = new Ajv({ strict: false }).compile(VerifyAnswer);

describe.each(DIALECTS)('IP restrictions and meta on verify on %s', (dialect) => {
  // The proxy at 127.0.0.1 is trusted; its X-Forwarded-For names the client.
  const trusted = World.forSuite(dialect, { KEYWARDEN_TRUST_PROXY: '127.0.0.1' });
  // A low bad-key limit, so a test can show that refused addresses do not count toward it.
  const untrusted = World.forSuite(dialect, { KEYWARDEN_VERIFY_IP_FAILURES: '3' });

  /** POST /verify from `remoteAddress`, optionally through a proxy naming `forwardedFor`. */
  async function verify(w: World, secret: string, remoteAddress: string, forwardedFor?: string, body?: object) {
    const res = await w.server.app.inject({
      method: 'POST', url: '/api/v1/verify', remoteAddress,
      headers: { 'x-api-key': secret, ...(forwardedFor && { 'x-forwarded-for': forwardedFor }) },
      ...(body && { payload: body }),
    });
    expect(res.statusCode).toBe(200);
    const answer = res.json();
    expect(isVerifyAnswer(answer), JSON.stringify(answer)).toBe(true);
    return answer;
  }
  const codeOf = async (w: World, secret: string, remote: string, forwarded?: string, body?: object) => {
    const a = await verify(w, secret, remote, forwarded, body);
    return a.valid ? 'VALID' : a.code;
  };

  async function team(w: World, settings: Record<string, unknown> = {}) {
    const tid = await w.tenantWithKeys({ maxActiveKeysPerUser: 50, ...settings });
    const dev = await w.member(tid);
    return { tid, dev };
  }

  it('allows listed IPv4 addresses and CIDRs and refuses others with IP_NOT_ALLOWED', async () => {
    const w = untrusted;
    const { tid, dev } = await team(w);
    const { secret } = await w.createKey(tid, dev.as, { allowedIps: ['198.51.100.0/24', '203.0.113.7'] });
    expect(await codeOf(w, secret, '198.51.100.42')).toBe('VALID');
    expect(await codeOf(w, secret, '203.0.113.7')).toBe('VALID');
    expect(await codeOf(w, secret, '203.0.113.8')).toBe('IP_NOT_ALLOWED');
    expect(await codeOf(w, secret, '2001:db8::1')).toBe('IP_NOT_ALLOWED');
  });

  it('allows listed IPv6 ranges, and an IPv4-mapped IPv6 client by its IPv4 address', async () => {
    const w = untrusted;
    const { tid, dev } = await team(w);
    const { secret } = await w.createKey(tid, dev.as, { allowedIps: ['2001:db8:1::/48', '1.2.3.0/24'] });
    expect(await codeOf(w, secret, '2001:db8:1:2::3')).toBe('VALID');
    expect(await codeOf(w, secret, '2001:db8:2::1')).toBe('IP_NOT_ALLOWED');
    expect(await codeOf(w, secret, '::ffff:1.2.3.4')).toBe('VALID');
    expect(await codeOf(w, secret, '::ffff:1.2.4.4')).toBe('IP_NOT_ALLOWED');
  });

  it('refuses an IPv4 client to a key whose list has only IPv6 ranges, ::/0 included', async () => {
    // Security review: Node's BlockList matched IPv4 addresses to IPv6 rules, so ["::/0"] admitted everyone.
    const w = untrusted;
    const { tid, dev } = await team(w);
    const { secret } = await w.createKey(tid, dev.as, { allowedIps: ['::/0'] });
    expect(await codeOf(w, secret, '127.0.0.1')).toBe('IP_NOT_ALLOWED');
    expect(await codeOf(w, secret, '::ffff:127.0.0.1')).toBe('IP_NOT_ALLOWED');
    expect(await codeOf(w, secret, '::1')).toBe('VALID');
    // The tenant default is matched the same way.
    const v6Only = await team(w, { allowedIps: ['::/0'] });
    const plain = await w.createKey(v6Only.tid, v6Only.dev.as);
    expect(await codeOf(w, plain.secret, '127.0.0.1')).toBe('IP_NOT_ALLOWED');
    expect(await codeOf(w, plain.secret, '2001:db8::1')).toBe('VALID');
  });

  it('applies the tenant default to keys without a list of their own, and the key\'s own list before it', async () => {
    const w = untrusted;
    const { tid, dev } = await team(w, { allowedIps: ['10.0.0.0/8'] });
    const plain = await w.createKey(tid, dev.as);
    // Outside the tenant's list: only a tenant admin may give a key that.
    const own = await w.createKey(tid, w.admin, { ownerId: dev.id, allowedIps: ['192.0.2.1'] });
    expect(await codeOf(w, plain.secret, '10.9.9.9')).toBe('VALID');
    expect(await codeOf(w, plain.secret, '192.0.2.1')).toBe('IP_NOT_ALLOWED');
    expect(await codeOf(w, own.secret, '192.0.2.1')).toBe('VALID');
    expect(await codeOf(w, own.secret, '10.9.9.9')).toBe('IP_NOT_ALLOWED');
    // Both null: any address. The tenant's change is seen on the next verification.
    const admin = w.admin;
    expect((await w.call('PATCH', `/tenants/${tid}/settings`, { as: admin, body: { allowedIps: null } })).status).toBe(200);
    expect(await codeOf(w, plain.secret, '192.0.2.1')).toBe('VALID');
    expect((await w.call('PATCH', `/tenants/${tid}/settings`, { as: admin, body: { allowedIps: ['192.0.2.0/24'] } })).status).toBe(200);
    expect(await codeOf(w, plain.secret, '10.9.9.9')).toBe('IP_NOT_ALLOWED');
  });

  it('checks the forwarded address only when the proxy is trusted', async () => {
    for (const [w, viaProxy] of [[trusted, 'VALID'], [untrusted, 'IP_NOT_ALLOWED']] as const) {
      const { tid, dev } = await team(w);
      const { secret } = await w.createKey(tid, dev.as, { allowedIps: ['198.51.100.7'] });
      expect(await codeOf(w, secret, '127.0.0.1', '198.51.100.7'), 'relayed by 127.0.0.1').toBe(viaProxy);
      // A client that is not the trusted proxy cannot name itself another address.
      expect(await codeOf(w, secret, '203.0.113.9', '198.51.100.7'), 'forged').toBe('IP_NOT_ALLOWED');
      expect(await codeOf(w, secret, '127.0.0.1', '203.0.113.9')).toBe('IP_NOT_ALLOWED');
    }
  });

  it('answers DISABLED before IP_NOT_ALLOWED before FORBIDDEN', async () => {
    const w = untrusted;
    const { tid, dev } = await team(w);
    const res0 = await w.resource(tid);
    const { secret } = await w.createKey(tid, dev.as, { allowedIps: ['10.0.0.1'], scopes: [{ resourceId: res0, permission: 'read' }] });
    const wantsWrite = { permission: 'write' };
    expect(await codeOf(w, secret, '10.0.0.1', undefined, wantsWrite)).toBe('FORBIDDEN');
    expect(await codeOf(w, secret, '10.0.0.2', undefined, wantsWrite)).toBe('IP_NOT_ALLOWED');
    await w.grant(tid, dev.id, ['developer'], false);
    expect(await codeOf(w, secret, '10.0.0.2', undefined, wantsWrite)).toBe('DISABLED');
  });

  it('does not count IP_NOT_ALLOWED toward the bad-key limit of the address: the key is real', async () => {
    const w = untrusted;
    const { tid, dev } = await team(w);
    const restricted = await w.createKey(tid, dev.as, { allowedIps: ['10.0.0.1'] });
    const open = await w.createKey(tid, dev.as);
    for (let i = 0; i < 5; i++) expect(await codeOf(w, restricted.secret, '192.0.2.77')).toBe('IP_NOT_ALLOWED');
    expect(await codeOf(w, open.secret, '192.0.2.77')).toBe('VALID');
  });

  it('sees a narrowed list on the next verification', async () => {
    const w = untrusted;
    const { tid, dev } = await team(w);
    const { key, secret } = await w.createKey(tid, dev.as, { allowedIps: ['10.0.0.0/8'] });
    expect(await codeOf(w, secret, '10.2.0.1')).toBe('VALID');
    expect((await w.call('PATCH', `/tenants/${tid}/keys/${key.id}`, { as: dev.as, body: { allowedIps: ['10.1.0.0/16'] } })).status).toBe(200);
    expect(await codeOf(w, secret, '10.2.0.1')).toBe('IP_NOT_ALLOWED');
    expect(await codeOf(w, secret, '10.1.0.1')).toBe('VALID');
  });

  it('answers 401 UNAUTHENTICATED with reason IP_NOT_ALLOWED to a management key used from a refused address', async () => {
    const w = untrusted;
    const { tid, dev } = await team(w);
    const { secret } = await w.createKey(tid, dev.as, { management: true, allowedIps: ['198.51.100.7'] });
    const call = (remoteAddress: string) => w.server.app.inject({ method: 'GET', url: `/api/v1/tenants/${tid}/keys`, remoteAddress, headers: { 'x-api-key': secret } });
    expect((await call('198.51.100.7')).statusCode).toBe(200);
    const refused = await call('198.51.100.8');
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'IP_NOT_ALLOWED' });
  });

  it('carries the key\'s meta in valid answers only, and a change of it on the next verification', async () => {
    const w = untrusted;
    const { tid, dev } = await team(w);
    const { key, secret } = await w.createKey(tid, dev.as, { meta: { customer: 'cus_1', plan: { tier: 'gold' } }, allowedIps: ['10.0.0.1'] });
    const answer = await verify(w, secret, '10.0.0.1');
    expect(answer).toMatchObject({ valid: true, keyId: key.id, meta: { customer: 'cus_1', plan: { tier: 'gold' } } });
    expect(await verify(w, secret, '10.0.0.2')).toEqual({ valid: false, code: 'IP_NOT_ALLOWED' });
    await w.call('PATCH', `/tenants/${tid}/keys/${key.id}`, { as: dev.as, body: { meta: { customer: 'cus_2' } } });
    expect((await verify(w, secret, '10.0.0.1')).meta).toEqual({ customer: 'cus_2' });
    await w.call('PATCH', `/tenants/${tid}/keys/${key.id}`, { as: dev.as, body: { meta: null } });
    expect(await verify(w, secret, '10.0.0.1')).not.toHaveProperty('meta');
    // A key with neither meta nor a list of its own is cached without extras (the memory budget).
    const plain = await w.createKey(tid, dev.as);
    expect((await verify(w, plain.secret, '10.0.0.1')).valid).toBe(true);
    const { hashKey } = await import('../../src/domain/hashing.js');
    const { hexToCacheKey } = await import('../../src/verify/caches.js');
    const entry = w.server.verifier.caches.keys.get(hexToCacheKey(hashKey(w.server.ctx.serverSecret, plain.secret)));
    expect(entry?.extras).toBeNull();
  });
});
