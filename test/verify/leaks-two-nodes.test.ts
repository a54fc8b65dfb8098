// A key reported as leaked on node A answers REVOKED on node B within a second: the leak report
// revokes through the one revocation path, whose change reaches every node (DESIGN "Several nodes").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../helpers/services.js';
import { createKey, randomNamespace, setUpTeam, startNode, verifyOn, within, type Team, type VerifyNode } from './nodes.js';

describe.skipIf(!TEST_DATABASE_URL)('leak reports across two nodes', () => {
  let a: VerifyNode;
  let b: VerifyNode;
  let team: Team;
  beforeAll(async () => {
    const ns = randomNamespace();
    a = await startNode('postgres', { redisPrefix: ns });
    b = await startNode('postgres', { redisPrefix: ns, pgSchema: a.schema });
    team = await setUpTeam(a);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('answers REVOKED on node B within 1 s of a leak report processed on node A', async () => {
    const key = await createKey(a.api, team);
    expect((await verifyOn(b.api, key.secret)).body.valid).toBe(true); // in B's cache
    expect((await a.api.call('POST', '/leaks', { body: { keys: [key.secret] } })).status).toBe(202);
    await a.leaks.idle();
    expect((await verifyOn(a.api, key.secret)).body.code).toBe('REVOKED');
    await within(1000, async () => (await verifyOn(b.api, key.secret)).body.code === 'REVOKED');
  });
});
