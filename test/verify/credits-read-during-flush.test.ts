// Found by a review: a key row read while a usage flush has committed its credit spends but has not yet
// settled them (PostgreSQL makes a COMMIT visible to other sessions before its answer reaches the
// node) subtracts the in-flight spends a second time. The node's balance then stays too low for
// good (refreshBalance only ever lowers it within a version): the key is refused with credits left.
// The flush's transaction is held after its commit, standing in for a COMMIT answer still on the wire.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/services.js';
import { createKey, holdFlushAfterCommit, setUpTeam, startNode, verifyOn, type Team, type VerifyNode } from '../verify/nodes.js';

describe.each(DIALECTS)('credits read back while a flush settles (%s)', (dialect) => {
  let node: VerifyNode;
  let team: Team;
  beforeAll(async () => {
    node = await startNode(dialect, { env: { KEYWARDEN_FLUSH_INTERVAL: '1h' } });
    team = await setUpTeam(node);
  });
  afterAll(async () => { await node?.stop(); });
  const verify = (secret: string, body?: Record<string, unknown>) => verifyOn(node.api, secret, body).then((r) => r.body);

  it('keeps a key\'s balance when the key is renamed while a flush of its spends is committing', async () => {
    const key = await createKey(node.api, team, { remaining: 10 });
    expect(await verify(key.secret, { cost: 6 })).toMatchObject({ valid: true, remaining: 4 });

    // Hold the flush's first transaction (credits) once it has committed, before the flush goes on.
    const { release, done: flushing } = await holdFlushAfterCommit(node);
    // The spends are in the database now: 4 left.
    expect((await node.api.call('GET', `/tenants/${team.tid}/keys/${key.id}`, { as: team.admin })).body.remaining).toBe(4);
    // An edit that is not a top-up: the node reads the key's row again.
    expect((await node.api.call('PATCH', `/tenants/${team.tid}/keys/${key.id}`, { as: team.dev, body: { name: 'renamed' } })).status).toBe(200);
    const during = await verify(key.secret, { cost: 0 });
    release();
    await flushing;
    await node.verifier.flush();

    expect((await node.api.call('GET', `/tenants/${team.tid}/keys/${key.id}`, { as: team.admin })).body.remaining).toBe(4);
    // The key has 4 credits left: it may spend them.
    expect({ during, after: await verify(key.secret, { cost: 4 }) })
      .toEqual({ during: expect.objectContaining({ valid: true, remaining: 4 }), after: expect.objectContaining({ valid: true, remaining: 0 }) });
  });
});
