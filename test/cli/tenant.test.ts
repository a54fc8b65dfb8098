// `keywarden events list`, `settings get|set` and `members list|grant|withdraw` against a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/server.js';
import { createKey, type ManagedTeam, runCli, startCliServer } from './fixture.js';
import { unique } from '../helpers/world.js';

describe('keywarden events, settings and members', () => {
  let server: TestServer;
  let team: ManagedTeam;
  let env: Record<string, string>;
  beforeAll(async () => {
    ({ server, team, env } = await startCliServer());
  });
  afterAll(async () => { await server?.stop(); });

  it('lists events newest first, filtered by type and key', async () => {
    const key = await createKey(team);
    await runCli(['keys', 'revoke', key.id], env);
    const res = await runCli(['events', 'list', '--key', key.id], env);
    expect(res.code).toBe(0);
    const rows = res.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^AT\s+TYPE\s+ACTOR\s+KEY\s+DETAILS$/);
    expect(rows.slice(1).map((r) => r.split(/\s+/)[2])).toEqual(['key.revoked', 'key.created']);
    expect(rows[1]).toContain(team.managementKeyId); // the management key acted
    const json = JSON.parse((await runCli(['events', 'list', '--type', 'key.created', '--key', key.id, '--json'], env)).stdout);
    expect(json.items.map((e: any) => e.type)).toEqual(['key.created']);
    const bad = await runCli(['events', 'list', '--since', 'yesterday'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: VALIDATION_FAILED: /);
  });

  it('reads and changes settings', async () => {
    const get = await runCli(['settings', 'get'], env);
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/^apiKeysEnabled\s+true$/m);
    const set = await runCli(['settings', 'set', 'maxExpiryDays=90', 'expiryReminderDays=3', '--json'], env);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ maxExpiryDays: 90, expiryReminderDays: 3, apiKeysEnabled: true });
    const off = await runCli(['settings', 'set', 'maxExpiryDays=null'], env);
    expect(off.stdout).toMatch(/^maxExpiryDays\s+-$/m);
    const unknown = await runCli(['settings', 'set', 'colour=blue'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: VALIDATION_FAILED: .*colour/);
    const usage = await runCli(['settings', 'set', 'apiKeysEnabled'], env);
    expect(usage.code).toBe(2);
  });

  it('lists, grants by email and withdraws members', async () => {
    const email = `newcomer-${unique()}@example.test`;
    const user = await server.api.call('POST', '/users', { as: team.platform, body: { email, name: 'New Comer', password: 'newcomer-password' } });
    const granted = await runCli(['members', 'grant', email, '--role', 'developer', '--licensed'], env);
    expect(granted).toMatchObject({ code: 0, stdout: `${email} now has access with roles developer, licensed.\n` });
    const list = await runCli(['members', 'list', '-q', 'newcomer'], env);
    expect(list.stdout).toMatch(new RegExp(`^${user.body.id}\\s+${email}\\s+New Comer\\s+developer\\s+yes$`, 'm'));
    const withdrawn = await runCli(['members', 'withdraw', user.body.id], env);
    expect(withdrawn.code).toBe(0);
    expect(JSON.parse((await runCli(['members', 'list', '--json', '-q', 'newcomer'], env)).stdout).items).toEqual([]);
    const nobody = await runCli(['members', 'grant', 'nobody@example.test'], env);
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain('no user with the email nobody@example.test');
    const badRole = await runCli(['members', 'grant', email, '--role', 'owner'], env);
    expect(badRole.code).toBe(2);
    const again = await runCli(['members', 'withdraw', user.body.id], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error: NOT_FOUND: /);
  });
});
