// `keywarden keys create|update` with named limits and balances, against a real server, with a
// tenant admin's management key (DESIGN v1.1 "Named limits").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/server.js';
import { type ManagedTeam, runCli, startCliServer } from './fixture.js';

describe('keywarden keys with named limits', () => {
  let server: TestServer;
  let team: ManagedTeam;
  let env: Record<string, string>;
  beforeAll(async () => {
    ({ server, team, env } = await startCliServer());
  });
  afterAll(async () => { await server?.stop(); });

  it('creates a key with limits, changes them and sets a balance', async () => {
    const created = JSON.parse((await runCli(['keys', 'create', '--name', 'metered', '--json',
      '--limit', 'tokens:credits:1000:auto:refill=500/month@15:low=100', '--limit', 'burst:rate:10:1s'], env)).stdout);
    expect(created.key.limits).toEqual([
      { name: 'tokens', kind: 'credits', per: 'key', limit: 1000, autoApply: true, refill: { amount: 500, interval: 'month', dayOfMonth: 15 }, lowThreshold: 100 },
      { name: 'burst', kind: 'rate', per: 'key', limit: 10, durationMs: 1000, autoApply: false },
    ]);
    const verified = await server.api.call('POST', '/verify', { headers: { 'x-api-key': created.secret }, body: { cost: 5 } });
    expect(verified.body.limits).toEqual([expect.objectContaining({ name: 'tokens', remaining: 995 })]);

    const updated = await runCli(['keys', 'update', created.key.id, '--limit', 'tokens:credits:50', '--balance', 'tokens=7'], env);
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stdout).toMatch(/^limits\s+tokens: 50 credits$/m);
    const listed = await server.api.call('GET', `/tenants/${team.tid}/limits?keyId=${created.key.id}`, { headers: { 'x-api-key': team.managementKey } });
    expect(listed.body.items).toEqual([expect.objectContaining({ name: 'tokens', remaining: 7 })]);

    const removed = JSON.parse((await runCli(['keys', 'update', created.key.id, '--no-limits', '--json'], env)).stdout);
    expect(removed.limits).toEqual([]);
  });

  it('exits 2 on a malformed limit, and 1 naming the code when the server refuses', async () => {
    const bad = await runCli(['keys', 'create', '--name', 'x', '--limit', 'burst:rate:10'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('a rate needs a window');
    expect((await runCli(['keys', 'update', 'key_abc'], env)).code).toBe(2);
    const reserved = await runCli(['keys', 'create', '--name', 'x', '--limit', 'remaining:credits:10'], env);
    expect(reserved.code).toBe(1);
    expect(reserved.stderr).toContain('VALIDATION_FAILED');
  });
});
