// A key's credits (`remaining`) are one balance: editing the key never changes it, only spending
// and a tenant admin's top-up do; a rotation hands it to the new key, and during the grace period
// the old key spends from that same balance (DESIGN: "Durability and consistency", "Rotation").
// On both databases, counted in memory and in Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, TEST_REDIS_URL, type DialectName } from '../helpers/services.js';
import { createKey, randomNamespace, setUpTeam, startNode, verifyOn, type NodeOptions, type Team, type VerifyNode } from './nodes.js';

const COUNTERS: { name: string; options: () => NodeOptions }[] = [
  { name: 'in memory', options: () => ({}) },
  ...(TEST_REDIS_URL ? [{ name: 'in Redis', options: () => ({ env: { REDIS_URL: TEST_REDIS_URL! }, redisPrefix: randomNamespace() }) }] : []),
];
const CASES = DIALECTS.flatMap((dialect) => COUNTERS.map((c) => [dialect, c.name, c.options] as [DialectName, string, () => NodeOptions]));

describe.each(CASES)('credits on %s, counted %s', (dialect, _counted, options) => {
  let node: VerifyNode;
  let team: Team;
  beforeAll(async () => {
    // A long flush interval: the balance is written only by the test's own flushes.
    const { env, ...rest } = options();
    node = await startNode(dialect, { ...rest, env: { KEYWARDEN_FLUSH_INTERVAL: '1h', ...env } });
    team = await setUpTeam(node);
  });
  afterAll(async () => { await node?.stop(); });
  const verify = (secret: string, body?: Record<string, unknown>) => verifyOn(node.api, secret, body).then((r) => r.body);
  const patch = (keyId: string, body: Record<string, unknown>, as = team.dev) =>
    node.api.call('PATCH', `/tenants/${team.tid}/keys/${keyId}`, { as, body });
  const remainingOf = async (keyId: string) =>
    (await node.api.call('GET', `/tenants/${team.tid}/keys/${keyId}`, { as: team.admin })).body.remaining;

  it('keeps a spent balance spent when the key is renamed or its scopes narrowed, and a top-up restores it', async () => {
    const key = await createKey(node.api, team, { remaining: 3, scopes: [{ resourceId: null, permission: 'write' }] });
    for (const left of [2, 1, 0]) expect(await verify(key.secret)).toMatchObject({ valid: true, remaining: left });
    expect(await verify(key.secret)).toEqual({ valid: false, code: 'USAGE_EXCEEDED' });

    expect((await patch(key.id, { name: 'renamed', description: 'a new description' })).status).toBe(200);
    expect(await verify(key.secret)).toEqual({ valid: false, code: 'USAGE_EXCEEDED' });
    expect((await patch(key.id, { scopes: [{ resourceId: null, permission: 'read' }] })).status).toBe(200);
    expect(await verify(key.secret)).toEqual({ valid: false, code: 'USAGE_EXCEEDED' });
    await node.verifier.flush();
    expect(await remainingOf(key.id)).toBe(0);
    expect(await verify(key.secret)).toEqual({ valid: false, code: 'USAGE_EXCEEDED' });

    expect((await patch(key.id, { remaining: 2 }, team.admin)).status).toBe(200);
    expect(await verify(key.secret)).toMatchObject({ valid: true, remaining: 1 });
    // Spends from before the top-up are not charged to the new balance.
    await node.verifier.flush();
    expect(await remainingOf(key.id)).toBe(1);
  });

  it('does not refund credits spent but not yet written when the key is edited', async () => {
    const key = await createKey(node.api, team, { remaining: 5 });
    expect(await verify(key.secret, { cost: 4 })).toMatchObject({ valid: true, remaining: 1 });
    expect((await patch(key.id, { name: 'renamed again' })).status).toBe(200);
    expect(await verify(key.secret, { cost: 2 })).toEqual({ valid: false, code: 'USAGE_EXCEEDED' });
    await node.verifier.flush();
    expect(await remainingOf(key.id)).toBe(1);
  });

  it('shares one balance between a rotated key and its successor during the grace period', async () => {
    const old = await createKey(node.api, team, { remaining: 5 });
    for (const left of [4, 3]) expect(await verify(old.secret)).toMatchObject({ valid: true, remaining: left });
    const rotated = await node.api.call('POST', `/tenants/${team.tid}/keys/${old.id}/rotate`, { as: team.dev, body: { gracePeriodSeconds: 60 } });
    expect(rotated.status).toBe(201);
    const successor = { id: rotated.body.key.id as string, secret: rotated.body.secret as string };

    let valid = 0;
    for (let i = 0; i < 8; i++) {
      const answer = await verify(i % 2 === 0 ? old.secret : successor.secret);
      if (answer.valid) valid++;
      else expect(answer.code).toBe('USAGE_EXCEEDED');
    }
    expect(valid).toBe(3);
    await node.verifier.flush();
    expect(await remainingOf(successor.id)).toBe(0);
    expect(await remainingOf(old.id)).toBe(0);
    // A top-up of the new key reaches the old one too while it is in its grace period.
    expect((await patch(successor.id, { remaining: 2 }, team.admin)).status).toBe(200);
    expect(await verify(old.secret)).toMatchObject({ valid: true, remaining: 1 });
    expect(await verify(successor.secret)).toMatchObject({ valid: true, remaining: 0 });
    expect((await verify(old.secret)).code).toBe('USAGE_EXCEEDED');
  });

  it('hands over credits spent but not yet written at the rotation', async () => {
    const old = await createKey(node.api, team, { remaining: 4 });
    expect(await verify(old.secret, { cost: 3 })).toMatchObject({ valid: true, remaining: 1 });
    const rotated = await node.api.call('POST', `/tenants/${team.tid}/keys/${old.id}/rotate`, { as: team.dev, body: {} });
    expect(rotated.status).toBe(201);
    expect(await verify(rotated.body.secret)).toMatchObject({ valid: true, remaining: 0 });
    expect((await verify(rotated.body.secret)).code).toBe('USAGE_EXCEEDED');
    await node.verifier.flush();
    expect(await remainingOf(rotated.body.key.id)).toBe(0);
  });
});
