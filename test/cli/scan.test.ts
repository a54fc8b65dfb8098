// `keywarden scan`: keys in files and git history by prefix and checksum; --verify and --revoke ask a real server.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createKey, makeManagedTeam, runCli, runKeywarden, runProcess, type ManagedTeam } from './fixture.js';
import { checksumOf } from '../../src/domain/key-format.js';

const GIT_ENV = { GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.test', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.test' };

/** A key with a wrong checksum: the right shape, but a typo or a made-up string. */
function withBadChecksum(secret: string): string {
  const random = secret.slice(3, 33);
  const bad = checksumOf(random) === '000000' ? '000001' : '000000';
  return `kw_${random}${bad}`;
}

describe('keywarden scan', () => {
  let server: TestServer;
  let team: ManagedTeam;
  let dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'keywarden-scan-'));
    dirs.push(dir);
    return dir;
  };
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    team = await makeManagedTeam(server);
  });
  afterAll(async () => {
    await server?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    dirs = [];
  });

  it('finds keys by prefix and checksum, printing file:line and the start only', async () => {
    const key = await createKey(team);
    const dir = tempDir();
    mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
    mkdirSync(join(dir, 'node_modules', 'lib'), { recursive: true });
    writeFileSync(join(dir, 'src', 'deep', 'config.ts'), `// settings\nconst a = 1;\nexport const KEY = '${key.secret}';\n`);
    writeFileSync(join(dir, 'src', 'typo.ts'), `export const NOT_A_KEY = '${withBadChecksum(key.secret)}';\n`);
    writeFileSync(join(dir, 'node_modules', 'lib', 'index.js'), `module.exports = '${key.secret}';\n`);
    writeFileSync(join(dir, 'image.bin'), Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(key.secret)]));
    const res = await runCli(['scan', dir]);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe(`${join(dir, 'src', 'deep', 'config.ts')}:3: ${key.secret.slice(0, 9)}…\n`);
    expect(res.stderr).toBe('Found 1 occurrence of 1 key.\n');
    expect(res.stdout + res.stderr).not.toContain(key.secret);
  });

  it('exits 0 on a clean tree, and 2 on a path that does not exist', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'README.md'), 'kw_ is our prefix; kw_short is not a key.\n');
    expect(await runCli(['scan', dir])).toEqual({ code: 0, stdout: '', stderr: 'No Keywarden keys found.\n' });
    const missing = await runCli(['scan', join(dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file or directory');
  });

  it('with --verify fails only on live keys, asking with a dry run that spends nothing', async () => {
    const live = await createKey(team, { remaining: 1 });
    const dead = await createKey(team);
    await server.api.call('POST', `/tenants/${team.tid}/keys/${dead.id}/revoke`, { headers: { 'x-api-key': team.managementKey } });
    const dir = tempDir();
    writeFileSync(join(dir, 'dead.env'), `API_KEY=${dead.secret}\n`);
    const onlyDead = await runCli(['scan', dir, '--verify'], { KEYWARDEN_URL: server.url });
    expect(onlyDead.code).toBe(0);
    expect(onlyDead.stdout).toBe(`${join(dir, 'dead.env')}:1: ${dead.start}… revoked\n`);

    writeFileSync(join(dir, 'live.env'), `\n\nAPI_KEY=${live.secret}\n`);
    const withLive = await runCli(['scan', dir, '--verify', '--json'], { KEYWARDEN_URL: server.url });
    expect(withLive.code).toBe(1);
    const findings = JSON.parse(withLive.stdout).findings;
    expect(findings).toContainEqual({ source: 'file', path: join(dir, 'live.env'), line: 3, start: `${live.start}…`, verdict: { live: true, answer: 'valid', keyId: live.id, tenantId: team.tid } });
    expect(withLive.stdout).not.toContain(live.secret);
    // The single credit is still there: the scan spent nothing.
    expect((await server.api.call('POST', '/verify', { headers: { 'x-api-key': live.secret } })).body).toMatchObject({ valid: true, remaining: 0 });
  });

  it('with --revoke revokes the live keys it finds and says so', async () => {
    const live = await createKey(team);
    const dir = tempDir();
    writeFileSync(join(dir, 'leak.py'), `KEY = "${live.secret}"\n`);
    const res = await runCli(['scan', dir, '--revoke'], { KEYWARDEN_URL: server.url, KEYWARDEN_API_KEY: team.managementKey });
    expect(res.code).toBe(1);
    expect(res.stdout).toBe(`${join(dir, 'leak.py')}:1: ${live.start}… LIVE ${live.id} in ${team.tid}: revoked now\n`);
    expect(res.stderr).toContain('1 live, 1 revoked by this scan');
    expect((await server.api.call('POST', '/verify', { headers: { 'x-api-key': live.secret } })).body.code).toBe('REVOKED');
    const after = await runCli(['scan', dir, '--verify'], { KEYWARDEN_URL: server.url });
    expect(after.code).toBe(0);

    const noKey = await runCli(['scan', dir, '--revoke'], { KEYWARDEN_URL: server.url });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('no management key');
  });

  it('with --report sends the keys it finds to the server\'s leak endpoint, with --source and --source-url', async () => {
    const live = await createKey(team);
    const dir = tempDir();
    writeFileSync(join(dir, 'a.env'), `KEY=${live.secret}\nAGAIN=${live.secret}\n`);
    writeFileSync(join(dir, 'b.txt'), `${withBadChecksum(live.secret)}\n`);
    const res = await runCli(['scan', dir, '--report', '--source', 'the shared drive', '--source-url', 'https://files.example/team'], { KEYWARDEN_URL: server.url });
    expect(res.code).toBe(1);
    expect(res.stderr).toBe('Found 2 occurrences of 1 key; reported 1 to the server as leaked.\n');
    expect(res.stdout + res.stderr).not.toContain(live.secret);
    await server.leaks.idle();
    const key = await server.api.call('GET', `/tenants/${team.tid}/keys/${live.id}`, { headers: { 'x-api-key': team.managementKey } });
    expect(key.body).toMatchObject({ status: 'revoked', leak: { source: 'the shared drive', url: 'https://files.example/team', count: 1 } });

    const json = JSON.parse((await runCli(['scan', dir, '--report', '--json'], { KEYWARDEN_URL: server.url })).stdout);
    expect(json.reported).toBe(1);
  });

  it('refuses --source-url that is not http(s), and --source or --source-url without --report, with exit 2', async () => {
    const dir = tempDir();
    for (const args of [['--report', '--source-url', 'javascript:alert(1)'], ['--source', 'x'], ['--source-url', 'https://x.example']]) {
      const res = await runCli(['scan', dir, ...args], { KEYWARDEN_URL: server.url });
      expect(res.code, args.join(' ')).toBe(2);
    }
  });

  it('with --git finds keys in history that are gone from the files', async () => {
    const key = await createKey(team);
    const repo = tempDir();
    const git = (...args: string[]) => runProcess('git', ['-C', repo, ...args], GIT_ENV);
    await git('init', '-q');
    writeFileSync(join(repo, 'app.js'), 'line 1\nline 2\n');
    await git('add', 'app.js');
    await git('commit', '-q', '-m', 'first');
    writeFileSync(join(repo, 'app.js'), `line 1\nconst key = '${key.secret}';\nline 2\n`);
    await git('commit', '-q', '-am', 'oops');
    writeFileSync(join(repo, 'app.js'), 'line 1\nconst key = process.env.KEY;\nline 2\n');
    await git('commit', '-q', '-am', 'fix');
    const oops = (await git('rev-list', '-n', '1', 'HEAD~1')).stdout.trim();

    expect((await runCli(['scan', repo])).code).toBe(0);
    const res = await runCli(['scan', repo, '--git']);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe(`${oops.slice(0, 12)}:app.js:2: ${key.start}…\n`);
    const json = JSON.parse((await runCli(['scan', repo, '--git', '--json'])).stdout);
    expect(json.findings).toEqual([{ source: 'git', path: 'app.js', line: 2, commit: oops, start: `${key.start}…` }]);

    const notRepo = await runCli(['scan', tempDir(), '--git']);
    expect(notRepo.code).toBe(2);
    expect(notRepo.stderr).toContain('git log failed');
  });

  it('reads a key right after an escape, so --verify finds it live and --report marks the real key', async () => {
    const live = await createKey(team);
    const dir = tempDir();
    // JSON's \n runs on into the key: it used to be read as `nkw_…`, unknown to the server, and the
    // scan exited 0 with the live key in the file (attacker-side review).
    writeFileSync(join(dir, 'secrets.json'), `${JSON.stringify({ env: `A=1\n${live.secret}`, url: `/cb?key%3D${live.secret}` })}\n`);
    const verified = await runCli(['scan', dir, '--verify', '--json'], { KEYWARDEN_URL: server.url });
    expect(verified.code).toBe(1);
    expect(JSON.parse(verified.stdout).findings.map((f: { start: string; verdict: { live: boolean } }) => [f.start, f.verdict.live]))
      .toEqual([[`${live.start}…`, true], [`${live.start}…`, true]]);
    expect((await runCli(['scan', dir, '--report'], { KEYWARDEN_URL: server.url })).code).toBe(1);
    await server.leaks.idle();
    const key = await server.api.call('GET', `/tenants/${team.tid}/keys/${live.id}`, { headers: { 'x-api-key': team.managementKey } });
    expect(key.body.leakedAt).not.toBeNull();
    // The server's own prefix, when it is not kw, comes from --prefix or KEYWARDEN_KEY_PREFIX.
    expect((await runCli(['scan', dir, '--prefix', 'Bad'])).code).toBe(2);
  });

  it('reads UTF-16 files, and follows a symbolic link to a directory given on the command line', async () => {
    const key = await createKey(team);
    const real = tempDir();
    // PowerShell 5's `>` and Out-File write UTF-16 with a byte order mark: a NUL after each ASCII byte.
    writeFileSync(join(real, 'deploy.ps1'), Buffer.from(`\ufeff$env:KEYWARDEN_API_KEY = "${key.secret}"\r\n`, 'utf16le'));
    const outer = tempDir();
    symlinkSync(real, join(outer, 'current'));
    symlinkSync(join(real, 'deploy.ps1'), join(outer, 'deploy.ps1'));
    for (const path of [real, join(outer, 'current')]) {
      const res = await runCli(['scan', path]);
      expect([res.code, res.stdout.endsWith(`deploy.ps1:1: ${key.start}…\n`)], path).toEqual([1, true]);
    }
    // A link to a file is not followed, named or not (a pre-commit hook names a staged link to a
    // secrets file kept elsewhere), nor are links inside a directory: no loops, nothing outside the tree.
    const fileLink = await runCli(['scan', join(outer, 'deploy.ps1')]);
    expect([fileLink.code, fileLink.stderr]).toEqual([0, `skipped ${join(outer, 'deploy.ps1')}: a symbolic link to a file, not followed\nNo Keywarden keys found.\n`]);
    expect((await runCli(['scan', outer])).code).toBe(0);
  });

  it('reads files of any size, a chunk at a time: each key once, also across the cut in a line over 16 MiB', async () => {
    const keys = [await createKey(team), await createKey(team), await createKey(team), await createKey(team)];
    const dir = tempDir();
    const MiB = 1024 * 1024;
    // Before, files over 10 MiB were skipped and the scan exited 0 (attacker-side review).
    writeFileSync(join(dir, 'build.log'), `start ${keys[0].secret}\n${'log line\n'.repeat(1.5 * MiB)}end ${keys[1].secret}\n`);
    // One line of 18 MiB is read in pieces: the first cut falls 53 characters (one key) before the
    // 17th MiB. A key starting right at the cut, one across it and one ending inside the overlap.
    const oneLine = (at: number, secret: string) => `${'.'.repeat(at)}${secret}${'.'.repeat(18 * MiB - at - secret.length)}\n`;
    writeFileSync(join(dir, 'at-cut.min.js'), oneLine(17 * MiB - 53, keys[2].secret));
    writeFileSync(join(dir, 'across-cut.min.js'), oneLine(17 * MiB - 30, keys[3].secret));
    writeFileSync(join(dir, 'before-cut.min.js'), oneLine(17 * MiB - 60, keys[0].secret));
    const res = await runCli(['scan', dir, '--json']);
    expect(res.code).toBe(1);
    const found = JSON.parse(res.stdout).findings.map((f: { path: string; line: number; start: string }) => [f.path.slice(dir.length + 1), f.line, f.start]);
    expect(found).toEqual([
      ['across-cut.min.js', 1, `${keys[3].start}…`], ['at-cut.min.js', 1, `${keys[2].start}…`], ['before-cut.min.js', 1, `${keys[0].start}…`],
      ['build.log', 1, `${keys[0].start}…`], ['build.log', 1.5 * MiB + 2, `${keys[1].start}…`],
    ]);
  });

  it('with --git finds a key a merge commit adds itself, once, and each key of the merged branches once', async () => {
    const [merged, onMain, onSide] = [await createKey(team), await createKey(team), await createKey(team)];
    const repo = tempDir();
    const git = (...args: string[]) => runProcess('git', ['-C', repo, ...args], GIT_ENV);
    await git('init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'app.js'), 'a\nb\nc\n');
    await git('add', '.');
    await git('commit', '-q', '-m', 'base');
    await git('checkout', '-q', '-b', 'side');
    writeFileSync(join(repo, 'app.js'), `a\nb\nc\nconst side = '${onSide.secret}';\n`);
    await git('commit', '-q', '-am', 'side');
    await git('checkout', '-q', 'main');
    writeFileSync(join(repo, 'app.js'), `const main = '${onMain.secret}';\na\nb\nc\n`);
    await git('commit', '-q', '-am', 'main');
    // The merge's own resolution adds a key that neither parent has, between the two sides' lines.
    await git('merge', '-q', '--no-commit', 'side');
    writeFileSync(join(repo, 'app.js'), `const main = '${onMain.secret}';\na\nconst key = '${merged.secret}';\nb\nc\nconst side = '${onSide.secret}';\n`);
    await git('add', 'app.js');
    await git('commit', '-q', '-m', 'merge side');
    const merge = (await git('rev-parse', 'HEAD')).stdout.trim();
    writeFileSync(join(repo, 'app.js'), 'a\n');
    await git('commit', '-q', '-am', 'remove them');

    const res = await runCli(['scan', repo, '--git', '--json']);
    expect(res.code).toBe(1);
    const found = JSON.parse(res.stdout).findings.map((f: { commit: string; line: number; start: string }) => [f.start, f.line, f.commit === merge]);
    expect(found.sort()).toEqual([[`${merged.start}…`, 3, true], [`${onMain.start}…`, 1, false], [`${onSide.start}…`, 4, false]].sort());
  });

  it('with --git reads the files git calls binary: UTF-16 and -diff files, each key once, at the commit that brought it', async () => {
    const [ps, env, later] = [await createKey(team), await createKey(team), await createKey(team)];
    const repo = tempDir();
    const git = (...args: string[]) => runProcess('git', ['-C', repo, ...args], GIT_ENV);
    await git('init', '-q');
    // git shows these as "Binary files differ", so their keys are in no patch: a PowerShell 5 script
    // (UTF-16 with a byte order mark) and a file its attributes mark -diff.
    const utf16 = (text: string) => Buffer.from(`\ufeff${text}`, 'utf16le');
    writeFileSync(join(repo, '.gitattributes'), '*.env -diff\n');
    writeFileSync(join(repo, 'deploy.ps1'), utf16(`Write-Host hi\r\n$env:KEYWARDEN_API_KEY = "${ps.secret}"\r\n`));
    writeFileSync(join(repo, 'prod.env'), `A=1\nKEY=${env.secret}\n`);
    writeFileSync(join(repo, 'logo.png'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]), Buffer.from(later.secret)]));
    await git('add', '.');
    await git('commit', '-q', '-m', 'first');
    const first = (await git('rev-parse', 'HEAD')).stdout.trim();
    // A later version keeps the first key and adds one: only the new key is this commit's.
    writeFileSync(join(repo, 'deploy.ps1'), utf16(`$env:KEYWARDEN_API_KEY = "${ps.secret}"\r\n$env:OTHER = "${later.secret}"\r\n`));
    await git('commit', '-q', '-am', 'second');
    const second = (await git('rev-parse', 'HEAD')).stdout.trim();
    await git('rm', '-q', 'deploy.ps1', 'prod.env');
    await git('commit', '-q', '-m', 'remove them');

    const res = await runCli(['scan', repo, '--git', '--json']);
    expect(res.code).toBe(1);
    const found = JSON.parse(res.stdout).findings.map((f: { path: string; line: number; commit: string; start: string }) => [f.path, f.line, f.commit, f.start]);
    // The binary file's bytes that look like a key are not read, as in the files' own scan.
    expect(found.sort()).toEqual([
      ['deploy.ps1', 2, first, `${ps.start}…`], ['deploy.ps1', 2, second, `${later.start}…`], ['prod.env', 2, first, `${env.start}…`],
    ].sort());
  });

  it('never takes the server from a .env in the tree it scans: the keys found and the management key stay home', async () => {
    // The scanned checkout (a pull request in CI) brings a .env naming another server; CI runs
    // `keywarden scan --revoke .` with KEYWARDEN_API_KEY set and KEYWARDEN_URL not (attacker-side review).
    const seen: (string | string[] | undefined)[] = [];
    const other = createServer((req, res) => {
      seen.push(req.headers['x-api-key']);
      req.resume();
      res.setHeader('content-type', 'application/json');
      res.end('{"valid":true,"keyId":"key_x","tenantId":"ten_x"}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const leaked = await createKey(team);
      const repo = tempDir();
      writeFileSync(join(repo, '.env'), `KEYWARDEN_URL=http://127.0.0.1:${(other.address() as AddressInfo).port}\n`);
      writeFileSync(join(repo, 'old.ts'), `const k = '${leaked.secret}';\n`);
      // The server named in the environment is the one asked.
      const res = await runKeywarden(['scan', '--revoke', '.'], { KEYWARDEN_API_KEY: team.managementKey, KEYWARDEN_URL: server.url }, repo);
      expect(res.stdout).toBe(`old.ts:1: ${leaked.start}… LIVE ${leaked.id} in ${team.tid}: revoked now\n`);
      // Without one in the environment, the .env's server is still not asked: nothing is sent to it.
      await runKeywarden(['scan', '--revoke', '.'], { KEYWARDEN_API_KEY: team.managementKey }, repo);
      expect(seen).toEqual([]);
    } finally {
      other.close();
    }
  });

  it('works as a pre-commit hook: the real command exits 1 on a key, naming the file and line', async () => {
    const key = await createKey(team);
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ apiKey: key.secret }));
    const dirty = await runKeywarden(['scan', '.'], {}, dir);
    expect(dirty.code).toBe(1);
    expect(dirty.stdout).toBe(`settings.json:1: ${key.start}…\n`);
  });
});
