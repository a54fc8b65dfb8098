// Two real nodes on one PostgreSQL schema: a change of a key's meta or allowedIps, or of the
// tenant's default list, made on node A is answered on node B within 1 s (DESIGN "Durability and
// consistency": v1.1 meta and allowedIps changes travel the existing change feed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../helpers/services.js';
import { createKey, setUpTeam, startTwoNodes, verifyOn, within, type Team, type VerifyNode } from './nodes.js';

describe.skipIf(!TEST_DATABASE_URL)('meta and allowedIps across two nodes on PostgreSQL', () => {
  let a: VerifyNode;
  let b: VerifyNode;
  let team: Team;
  beforeAll(async () => {
    [a, b] = await startTwoNodes();
    team = await setUpTeam(a);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  // Test requests come from 127.0.0.1.
  const onB = (secret: string) => verifyOn(b.api, secret).then((r) => r.body);

  it('answers a changed meta and a narrowed list on node B within 1 s', async () => {
    const key = await createKey(a.api, team, { meta: { plan: 'silver' }, allowedIps: ['127.0.0.0/8'] });
    expect(await onB(key.secret)).toMatchObject({ valid: true, meta: { plan: 'silver' } });
    await a.api.call('PATCH', `/tenants/${team.tid}/keys/${key.id}`, { as: team.admin, body: { meta: { plan: 'gold' } } });
    await within(1000, async () => (await onB(key.secret)).meta?.plan === 'gold');
    await a.api.call('PATCH', `/tenants/${team.tid}/keys/${key.id}`, { as: team.admin, body: { allowedIps: ['10.0.0.1'] } });
    await within(1000, async () => (await onB(key.secret)).code === 'IP_NOT_ALLOWED');
  });

  it('answers a changed tenant default on node B within 1 s', async () => {
    const key = await createKey(a.api, team);
    expect((await onB(key.secret)).valid).toBe(true);
    await a.api.call('PATCH', `/tenants/${team.tid}/settings`, { as: team.admin, body: { allowedIps: ['192.0.2.0/24'] } });
    await within(1000, async () => (await onB(key.secret)).code === 'IP_NOT_ALLOWED');
    await a.api.call('PATCH', `/tenants/${team.tid}/settings`, { as: team.admin, body: { allowedIps: null } });
    await within(1000, async () => (await onB(key.secret)).valid === true);
  });
});
