// Imported keys on two nodes of one PostgreSQL schema: node B learns of the first import on node A
// through the change feed (it then looks non-format values up), and of a revoke within a second.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../helpers/services.js';
import { setUpTeam, startTwoNodes, verifyOn, within, type Team, type VerifyNode } from './nodes.js';

describe.skipIf(!TEST_DATABASE_URL)('imported keys on two nodes', () => {
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

  it('verifies on node B within 1 s of the first import on node A, and answers REVOKED within 1 s of a revoke', async () => {
    const legacy = 'sk_live_two-nodes-0123456789abcdef';
    const onB = async () => (await verifyOn(b.api, legacy)).body;
    expect(await onB()).toEqual({ valid: false, code: 'MALFORMED' });
    const res = await a.api.call('POST', `/tenants/${team.tid}/keys/import`, {
      as: team.admin,
      body: { keys: [{ ownerId: team.devId, hash: { algorithm: 'sha256', value: createHash('sha256').update(legacy).digest('hex') } }] },
    });
    expect(res.status).toBe(200);
    const [{ id }] = res.body.results;
    await within(1000, async () => (await onB()).valid === true);
    expect(await onB()).toMatchObject({ valid: true, keyId: id });
    await a.api.call('POST', `/tenants/${team.tid}/keys/${id}/revoke`, { as: team.admin });
    await within(1000, async () => (await onB()).code === 'REVOKED');
  });
});
