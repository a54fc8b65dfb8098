// Verify's `tenantId` (security review, v1.1): an API of one tenant asks that the key belong to it, so
// a member of another tenant cannot call it with a valid key of their own tenant. A key of another
// tenant answers exactly as an unknown key: NOT_FOUND, before its status, counted against the address.
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/services.js';
import { World } from '../helpers/world.js';

/** A new tenant and a developer's key in it. */
async function keyOfNewTenant(w: World) {
  const tid = await w.tenantWithKeys();
  const dev = await w.member(tid);
  return { tid, ...(await w.createKey(tid, dev.as)) };
}

describe.each(DIALECTS)('verify with a tenantId on %s', (dialect) => {
  const w = World.forSuite(dialect);

  const team = () => keyOfNewTenant(w);

  it('answers NOT_FOUND for a key of another tenant, and valid for one of this tenant', async () => {
    const a = await team();
    const b = await team();
    expect(await w.verify(a.secret, { tenantId: b.tid })).toEqual({ valid: false, code: 'NOT_FOUND' });
    expect(await w.verify(a.secret, { tenantId: a.tid, dryRun: true })).toMatchObject({ valid: true, keyId: a.key.id, tenantId: a.tid });
    expect(await w.verify(a.secret, { dryRun: true })).toMatchObject({ valid: true, keyId: a.key.id });
    // NOT_FOUND comes before the key's status, so nothing about it shows.
    const revoked = await w.call('POST', `/tenants/${a.tid}/keys/${a.key.id}/revoke`, { as: w.admin });
    expect(revoked.status).toBe(200);
    expect(await w.verify(a.secret, { tenantId: b.tid })).toEqual({ valid: false, code: 'NOT_FOUND' });
    expect(await w.verify(a.secret, { tenantId: a.tid })).toEqual({ valid: false, code: 'REVOKED' });
  });

  it('refuses a tenantId that is not a tenant id as a schema error', async () => {
    const a = await team();
    const res = await w.call('POST', '/verify', { headers: { 'x-api-key': a.secret }, body: { tenantId: 'key_123' } });
    expect(res.status).toBe(400);
  });
});

describe.each(DIALECTS)('verify with a tenantId and the bad-key throttle on %s', (dialect) => {
  const w = World.forSuite(dialect, { KEYWARDEN_VERIFY_IP_FAILURES: '3' });

  const team = () => keyOfNewTenant(w);

  it('counts a key of another tenant against the client address, like an unknown key', async () => {
    const a = await team();
    const b = await team();
    for (let i = 0; i < 3; i++) expect((await w.verify(a.secret, { tenantId: b.tid })).code).toBe('NOT_FOUND');
    await w.server.verifier.ipFailures.settled();
    expect(await w.verify(b.secret, { tenantId: b.tid })).toMatchObject({ valid: false, code: 'RATE_LIMITED' });
  });
});
