// `keywarden keys …` against a real server on a real port, with a management key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/server.js';
import { createKey, type ManagedTeam, runCli, runKeywarden, startCliServer } from './fixture.js';

describe('keywarden keys', () => {
  let server: TestServer;
  let team: ManagedTeam;
  let env: Record<string, string>;
  beforeAll(async () => {
    ({ server, team, env } = await startCliServer());
  });
  afterAll(async () => { await server?.stop(); });

  it('lists the tenant\'s keys as a table, finding the tenant from the management key', async () => {
    const key = await createKey(team, { name: 'Billing sync' });
    const res = await runCli(['keys', 'list'], env);
    expect(res.code).toBe(0);
    const [header, ...rows] = res.stdout.trim().split('\n');
    expect(header).toMatch(/^ID\s+NAME\s+START\s+STATUS\s+OWNER/);
    const row = rows.find((r) => r.startsWith(key.id))!;
    expect(row).toContain('Billing sync');
    expect(row).toContain(`${key.secret.slice(0, 9)}…`);
    expect(row).toContain('active');
    expect(res.stdout).not.toContain(key.secret);
  });

  it('prints JSON for scripts and follows every page with --all', async () => {
    for (let i = 0; i < 3; i++) await createKey(team, { name: `paged ${i}` });
    const page = await runCli(['keys', 'list', '--json', '--query', 'paged', '--limit', '2'], env);
    expect(page.code).toBe(0);
    const first = JSON.parse(page.stdout);
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const all = JSON.parse((await runCli(['keys', 'list', '--json', '-q', 'paged', '--limit', '2', '--all'], env)).stdout);
    expect(all.items.map((k: any) => k.name).sort()).toEqual(['paged 0', 'paged 1', 'paged 2']);
    expect(all.nextCursor).toBeNull();
  });

  it('creates a key and shows its secret once; get and list never show it', async () => {
    const res = await runCli(['keys', 'create', '--name', 'Reporting', '--scope', '*:write', '--expires-in-days', '30'], env);
    expect(res.code).toBe(0);
    const secret = /^(kw_[0-9A-Za-z]{36})$/m.exec(res.stdout)![1];
    expect(res.stdout).toContain('shown only this once');
    const id = /key (key_\S+) "Reporting"/.exec(res.stdout)![1];
    const verify = await server.api.call('POST', '/verify', { headers: { 'x-api-key': secret } });
    expect(verify.body).toMatchObject({ valid: true, keyId: id, tenantId: team.tid, scopes: [{ resourceId: null, permission: 'write' }] });
    const get = await runCli(['keys', 'get', id], env);
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/^status\s+active$/m);
    expect(get.stdout).toMatch(/^scopes\s+\*:write$/m);
    for (const out of [get.stdout, (await runCli(['keys', 'list'], env)).stdout, (await runCli(['keys', 'get', id, '--json'], env)).stdout]) {
      expect(out).not.toContain(secret);
    }
  });

  it('creates for scripts with --secret-only and --json', async () => {
    const only = await runCli(['keys', 'create', '--description', 'deploy bot', '--secret-only'], env);
    expect(only.stdout).toMatch(/^kw_[0-9A-Za-z]{36}\n$/);
    const json = JSON.parse((await runCli(['keys', 'create', '--description', 'json bot', '--json', '--ratelimit', '10/1m', '--remaining', '5'], env)).stdout);
    expect(json.secret).toMatch(/^kw_/);
    expect(json.key).toMatchObject({ name: 'json bot', ratelimit: { limit: 10, durationMs: 60_000 }, remaining: 5 });
  });

  it('renames, rotates (new secret once) and deletes', async () => {
    // The management key acts as the tenant admin: it rotates keys the admin owns.
    const own = JSON.parse((await runCli(['keys', 'create', '--name', 'to rotate', '--json'], env)).stdout);
    const renamed = await runCli(['keys', 'rename', own.key.id, 'rotated soon'], env);
    expect(renamed).toMatchObject({ code: 0, stdout: `Renamed key ${own.key.id} to "rotated soon".\n` });
    const rotated = await runCli(['keys', 'rotate', own.key.id, '--grace', '1h'], env);
    expect(rotated.code).toBe(0);
    const newSecret = /^(kw_[0-9A-Za-z]{36})$/m.exec(rotated.stdout)![1];
    expect(newSecret).not.toBe(own.secret);
    expect((await server.api.call('POST', '/verify', { headers: { 'x-api-key': newSecret } })).body.valid).toBe(true);
    expect((await server.api.call('POST', '/verify', { headers: { 'x-api-key': own.secret } })).body.valid).toBe(true); // grace
    const deleted = await runCli(['keys', 'delete', own.key.id], env);
    expect(deleted).toMatchObject({ code: 0, stdout: `Deleted key ${own.key.id}.\n` });
    expect((await runCli(['keys', 'get', own.key.id], env)).code).toBe(1);
  });

  it('revokes one key, and exits 1 with the error code when the server refuses', async () => {
    const key = await createKey(team);
    const res = await runCli(['keys', 'revoke', key.id], env);
    expect(res).toMatchObject({ code: 0, stdout: expect.stringContaining(`Revoked key ${key.id}`) });
    expect((await server.api.call('POST', '/verify', { headers: { 'x-api-key': key.secret } })).body.code).toBe('REVOKED');
    const again = await runCli(['keys', 'revoke', key.id], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error: NOT_ACTIVE: /);
    expect(again.stdout).toBe('');
  });

  it('revokes a long list in batches, with progress on stderr and failures named', async () => {
    const keys = [await createKey(team), await createKey(team), await createKey(team)];
    const unknown = Array.from({ length: 130 }, (_, i) => `key_unknown${i}`);
    const res = await runCli(['keys', 'revoke', keys[0].id, '-'], env, [keys[1].id, keys[2].id, ...unknown].join('\n'));
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('revoking: 100/133');
    expect(res.stderr).toContain('revoking: 133/133');
    expect(res.stderr).toContain('not revoked: key_unknown0: NOT_FOUND');
    expect(res.stdout).toBe('Revoked 3 of 133 keys.\n');
    for (const k of keys) expect((await server.api.call('POST', '/verify', { headers: { 'x-api-key': k.secret } })).body.code).toBe('REVOKED');

    const more = [await createKey(team), await createKey(team)];
    const json = await runCli(['keys', 'revoke', more[0].id, more[1].id, '--json'], env);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ results: [{ id: more[0].id, ok: true }, { id: more[1].id, ok: true }] });
    expect(json.stderr).toBe('');
  });

  it('exits 1 naming the code for a key that may not manage, or a tenant it cannot see', async () => {
    const plain = await createKey(team);
    const forbidden = await runCli(['keys', 'list', '--api-key', plain.secret], env);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toMatch(/^error: FORBIDDEN: /);
    const hidden = await runCli(['keys', 'list', '--tenant', 'ten_doesnotexist'], env);
    expect(hidden.code).toBe(1);
    expect(hidden.stderr).toMatch(/^error: NOT_FOUND: /);
    const unreachable = await runCli(['keys', 'list', '--url', 'http://127.0.0.1:1'], env);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^error: UNREACHABLE: cannot reach Keywarden at http:\/\/127\.0\.0\.1:1/);
  });

  it('exits 2 on usage errors', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['keys', 'list', '--bogus'], env, /unknown option '--bogus'/],
      [['keys', 'list'], { KEYWARDEN_URL: server.url }, /no management key/],
      [['keys', 'list', '--api-key', 'kw_notakey'], env, /not a Keywarden key/],
      [['keys', 'create'], env, /give --name or --description/],
      [['keys', 'create', '--name', 'x', '--scope', 'root'], env, /--scope "root"/],
      [['keys', 'create', '--name', 'x', '--expires-in-days', '3', '--expires-at', '2030-01-01T00:00:00Z'], env, /cannot be used with/],
      [['keys', 'rotate'], env, /missing required argument 'keyId'/],
      [['keys', 'list', '--limit', '0'], env, /expected a whole number from 1 to 200/],
      [['keys'], env, /Usage: keywarden keys/],
    ];
    for (const [args, e, message] of cases) {
      const res = await runCli(args, e);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('has --help on every command', async () => {
    const commands = [[], ['keys'], ['events'], ['settings'], ['members'], ['scan'],
      ...['list', 'create', 'get', 'rename', 'rotate', 'revoke', 'delete'].map((c) => ['keys', c]),
      ['events', 'list'], ['settings', 'get'], ['settings', 'set'], ['members', 'list'], ['members', 'grant'], ['members', 'withdraw']];
    for (const command of commands) {
      const res = await runCli([...command, '--help'], env);
      expect(res.code, command.join(' ')).toBe(0);
      expect(res.stdout, command.join(' ')).toContain(`Usage: keywarden ${command.join(' ')}`.trim());
    }
  });

  it('runs as the real keywarden command with KEYWARDEN_URL and KEYWARDEN_API_KEY', async () => {
    const key = await createKey(team, { name: 'from the process' });
    // Each start loads the whole program through tsx (seconds): two runs cover the wiring and exit codes.
    const [list, usage] = await Promise.all([
      runKeywarden(['keys', 'list', '--json'], env),
      runKeywarden(['keys', 'list', '--bogus'], env),
    ]);
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).items.map((k: any) => k.id)).toContain(key.id);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("unknown option '--bogus'");
  });
});
