// Past KEYWARDEN_VERIFY_IP_FAILURES bad keys a minute, an IP gets RATE_LIMITED on verify (valid
// keys included) and 429 with X-API-Key on the management API, for the rest of the minute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../src/domain/key-format.js';
import { createKey, setUpTeam, startNode, type Team, type VerifyNode } from './nodes.js';

describe('brute force on verify', () => {
  let node: VerifyNode;
  let team: Team;
  beforeAll(async () => {
    node = await startNode('sqlite', { env: { KEYWARDEN_VERIFY_IP_FAILURES: '5' } });
    team = await setUpTeam(node);
  });
  afterAll(async () => { await node?.stop(); });

  const verifyFrom = (ip: string, key: string) => node.app.inject({ method: 'POST', url: '/api/v1/verify', remoteAddress: ip, headers: { 'x-api-key': key } });

  it('answers RATE_LIMITED with Retry-After to an IP past the limit, even for a valid key, and spares other IPs', async () => {
    const key = await createKey(node.api, team);
    // A management key is only ever created for oneself: the developer makes their own.
    const mgmt = await createKey(node.api, team, { management: true, scopes: [{ resourceId: null, permission: 'read' }] }, team.dev);
    const ip = '203.0.113.7';
    expect((await verifyFrom(ip, key.secret)).json().valid).toBe(true);
    // Other failure codes do not count: the key was real.
    await node.api.call('POST', `/tenants/${team.tid}/keys/${key.id}/revoke`, { as: team.admin });
    const fresh = await createKey(node.api, team);
    for (let i = 0; i < 10; i++) await verifyFrom(ip, key.secret);
    expect((await verifyFrom(ip, fresh.secret)).json().valid).toBe(true);

    for (let i = 0; i < 3; i++) expect((await verifyFrom(ip, 'kw_garbage')).json().code).toBe('MALFORMED');
    for (let i = 0; i < 2; i++) expect((await verifyFrom(ip, generateKey('kw').secret)).json().code).toBe('NOT_FOUND');
    const blocked = await verifyFrom(ip, fresh.secret);
    expect(blocked.statusCode).toBe(200);
    expect(blocked.json()).toMatchObject({ valid: false, code: 'RATE_LIMITED' });
    expect(blocked.json().retryAfterMs).toBeGreaterThan(0);
    expect(blocked.json().retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    const api = await node.app.inject({ method: 'GET', url: `/api/v1/tenants/${team.tid}`, remoteAddress: ip, headers: { 'x-api-key': mgmt.secret } });
    expect(api.statusCode).toBe(429);
    expect(api.json().error.code).toBe('RATE_LIMITED');
    expect(api.headers['retry-after']).toBeDefined();

    expect((await verifyFrom('203.0.113.8', fresh.secret)).json().valid).toBe(true);

    // The throttling is a platform event, once.
    await node.verifier.flush();
    const admin = team.admin;
    const events = await node.api.call('GET', '/events?type=auth.throttled', { as: admin });
    const mine = events.body.items.filter((e: any) => e.details.ip === ip);
    expect(mine).toHaveLength(1);
  });
});
