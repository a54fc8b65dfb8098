// Each example under examples/ runs against a real server where its toolchain is on this machine,
// so they cannot rot. A missing toolchain skips its example with a visible message.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/server.js';
import { createKey, type ManagedTeam, ROOT, runProcess, startCliServer } from '../cli/fixture.js';

function has(command: string, ...args: string[]): boolean {
  const found = spawnSync(command, args, { stdio: 'ignore' }).status === 0;
  if (!found) console.warn(`[keywarden tests] ${command} is not installed: its example is SKIPPED.`);
  return found;
}

const toolchains = { bash: has('bash', '-c', 'command -v curl'), python: has('python3', '--version'), go: has('go', 'version') };

describe('the examples', () => {
  let server: TestServer;
  let team: ManagedTeam;
  let live: { id: string; secret: string };
  let revoked: { id: string; secret: string };
  let env: Record<string, string>;
  beforeAll(async () => {
    ({ server, team, env } = await startCliServer());
    live = await createKey(team, { name: 'example live' });
    revoked = await createKey(team, { name: 'example revoked' });
    await server.api.call('POST', `/tenants/${team.tid}/keys/${revoked.id}/revoke`, { headers: { 'x-api-key': team.managementKey } });
  });
  afterAll(async () => { await server?.stop(); });

  /** Runs one example twice: verifying a live key, then a revoked one; both list the tenant's keys. */
  async function check(command: string, args: string[], cwd = ROOT, structured = true) {
    const [ok, refused] = await Promise.all([
      runProcess(command, args, { ...env, KEY_TO_VERIFY: live.secret }, cwd),
      runProcess(command, args, { ...env, KEY_TO_VERIFY: revoked.secret }, cwd),
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(refused.code).toBe(0);
    for (const out of [ok.stdout, refused.stdout]) {
      expect(out).toContain(`tenant: ${team.tid}`);
      for (const id of [live.id, revoked.id, team.managementKeyId]) expect(out).toContain(id);
      expect(out).not.toContain(team.managementKey);
    }
    if (structured) {
      expect(ok.stdout).toContain(`valid: true (key ${live.id} of tenant ${team.tid})`);
      expect(refused.stdout).toContain('valid: false (REVOKED)');
      expect(ok.stdout).toMatch(new RegExp(`^${revoked.id}  kw_\\w{6}…  revoked   example revoked$`, 'm'));
    } else {
      expect(ok.stdout).toContain(`"valid":true,"keyId":"${live.id}"`);
      expect(refused.stdout).toContain('{"valid":false,"code":"REVOKED"}');
    }
  }

  it.skipIf(!toolchains.bash)('curl: verify-and-list.sh', async () => {
    await check('bash', ['examples/curl/verify-and-list.sh'], ROOT, false);
  });

  it.skipIf(!toolchains.python)('Python (standard library): verify_and_list.py', async () => {
    await check('python3', ['examples/python/verify_and_list.py']);
  });

  it.skipIf(!toolchains.go)('Go (standard library): main.go', async () => {
    await check('go', ['run', '.'], `${ROOT}examples/go`);
  });

  it('JavaScript/TypeScript (the SDK): verify-and-list.ts', async () => {
    // tsx's loader (no extra process), with the example's tsconfig mapping @keywarden/sdk to the SDK's source.
    env.TSX_TSCONFIG_PATH = 'examples/javascript/tsconfig.json';
    await check(process.execPath, ['--import', 'tsx', 'examples/javascript/verify-and-list.ts']);
  });

  it('tells the user what is missing when KEYWARDEN_API_KEY is not set', async () => {
    const res = await runProcess('bash', ['examples/curl/verify-and-list.sh'], { KEYWARDEN_URL: server.url });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('set KEYWARDEN_API_KEY');
  });
});
