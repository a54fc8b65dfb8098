// `keywarden keys create --allowed-ip --meta`, `keys get` and `settings set allowedIps=[…]` against a
// real server on a real port, with a management key (admin scope, so it may set address lists).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/server.js';
import { type ManagedTeam, runCli, startCliServer } from './fixture.js';

describe('keywarden keys and settings with IP restrictions and meta', () => {
  let server: TestServer;
  let team: ManagedTeam;
  let env: Record<string, string>;
  beforeAll(async () => {
    ({ server, team, env } = await startCliServer());
  });
  afterAll(async () => { await server?.stop(); });

  it('creates a key with allowed addresses and meta, and shows them', async () => {
    const created = await runCli(['keys', 'create', '--name', 'Restricted', '--allowed-ip', '10.1.2.3/8', '--allowed-ip', '2001:db8::1',
      '--meta', '{"customer":"cus_1"}', '--json'], env);
    expect(created.code, created.stderr).toBe(0);
    const { key } = JSON.parse(created.stdout);
    expect(key).toMatchObject({ allowedIps: ['10.0.0.0/8', '2001:db8::1'], meta: { customer: 'cus_1' } });
    const shown = await runCli(['keys', 'get', key.id], env);
    expect(shown.stdout).toMatch(/allowed addresses\s+10\.0\.0\.0\/8, 2001:db8::1/);
    expect(shown.stdout).toMatch(/meta\s+\{"customer":"cus_1"\}/);
    const bad = await runCli(['keys', 'create', '--name', 'Bad', '--meta', '[1]'], env);
    expect(bad.code).toBe(2);
  });

  it('sets the tenant default as a JSON list', async () => {
    const res = await runCli(['settings', 'set', 'allowedIps=["192.0.2.7/24"]', '--json'], env);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout).allowedIps).toEqual(['192.0.2.0/24']);
  });
});
