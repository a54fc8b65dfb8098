// Excessive use: past the tenant's per-minute threshold a key raises one key.excessive_use event per
// minute, and is revoked when the tenant asks for that.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/services.js';
import { awayFromMinuteEdge, createKey, setUpTeam, startNode, verifyOn, within, type Team, type VerifyNode } from './nodes.js';

describe.each(DIALECTS)('excessive use (%s)', (dialect) => {
  let node: VerifyNode;
  beforeAll(async () => { node = await startNode(dialect); });
  afterAll(async () => { await node?.stop(); });

  async function teamWith(settings: Record<string, unknown>): Promise<Team> {
    const team = await setUpTeam(node);
    const res = await node.api.call('PATCH', `/tenants/${team.tid}/settings`, { as: team.admin, body: settings });
    expect(res.status).toBe(200);
    return team;
  }
  const events = async (team: Team, keyId: string, type: string) =>
    (await node.api.call('GET', `/tenants/${team.tid}/events?keyId=${keyId}&type=${type}`, { as: team.admin })).body.items;

  it('raises key.excessive_use once per minute past the threshold, and keeps the key working', async () => {
    const team = await teamWith({ excessiveUsePerMinute: 3 });
    const key = await createKey(node.api, team);
    await awayFromMinuteEdge();
    for (let i = 0; i < 8; i++) expect((await verifyOn(node.api, key.secret)).body.valid).toBe(true);
    await within(3000, async () => (await events(team, key.id, 'key.excessive_use')).length > 0);
    const raised = await events(team, key.id, 'key.excessive_use');
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ actor: { type: 'system', id: null }, details: { count: 4, limitPerMinute: 3, autoRevoked: false } });
    expect((await verifyOn(node.api, key.secret)).body.valid).toBe(true);
  });

  it('stays quiet at or under the threshold, and when the setting is off', async () => {
    const team = await teamWith({ excessiveUsePerMinute: 5 });
    const key = await createKey(node.api, team);
    await awayFromMinuteEdge();
    for (let i = 0; i < 5; i++) await verifyOn(node.api, key.secret);
    const off = await setUpTeam(node);
    const quiet = await createKey(node.api, off);
    for (let i = 0; i < 20; i++) await verifyOn(node.api, quiet.secret);
    await new Promise((r) => setTimeout(r, 300));
    expect(await events(team, key.id, 'key.excessive_use')).toHaveLength(0);
    expect(await events(off, quiet.id, 'key.excessive_use')).toHaveLength(0);
  });

  it('revokes the key when the tenant auto-revokes on excessive use', async () => {
    const team = await teamWith({ excessiveUsePerMinute: 2, autoRevokeOnExcessiveUse: true });
    const key = await createKey(node.api, team);
    await awayFromMinuteEdge();
    for (let i = 0; i < 3; i++) await verifyOn(node.api, key.secret);
    // The report is written in its own transaction, which may wait for a usage flush holding the key's row.
    await within(10_000, async () => (await verifyOn(node.api, key.secret, { dryRun: true })).body.code === 'REVOKED');
    expect((await verifyOn(node.api, key.secret)).body).toEqual({ valid: false, code: 'REVOKED' });
    const revoked = await events(team, key.id, 'key.revoked');
    expect(revoked).toHaveLength(1);
    expect(revoked[0].details).toEqual({ reason: 'excessive_use' });
    expect((await events(team, key.id, 'key.excessive_use'))[0].details.autoRevoked).toBe(true);
  });
});
