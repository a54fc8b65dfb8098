// `keywarden keys import FILE.jsonl` against a real server on a real port, with a management key.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/server.js';
import { type ManagedTeam, runCli, startCliServer } from './fixture.js';
import { batchesOf } from '../../src/cli/key-import.js';

const legacy = () => `sk_live_${randomBytes(18).toString('base64url')}`;
const line = (ownerId: string, secret = legacy(), extra: Record<string, unknown> = {}) =>
  JSON.stringify({ ownerId, name: 'legacy', hash: { algorithm: 'sha256', value: createHash('sha256').update(secret).digest('hex') }, ...extra });

describe('keywarden keys import', () => {
  let server: TestServer;
  let team: ManagedTeam;
  let env: Record<string, string>;
  let dir: string;
  const file = (name: string, lines: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  };
  beforeAll(async () => {
    ({ server, team, env } = await startCliServer());
    dir = mkdtempSync(join(tmpdir(), 'keywarden-import-'));
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('imports a file in batches of at most 1,000, with progress on stderr and a summary; a re-run imports nothing twice', async () => {
    const secret = legacy();
    const lines = [line(team.developer.id, secret), ...Array.from({ length: 1001 }, (_, i) => line(i % 2 ? team.developer.id : team.adminUserId)), line('usr_nobody'), line(team.developer.id, secret)];
    const path = file('keys.jsonl', lines);
    const res = await runCli(['keys', 'import', path], env);
    expect(res.stdout).toBe('Imported 1002, already imported 1, failed 1.\n  NOT_FOUND: 1\n');
    expect(res.stderr).toContain('importing: 1000/1004\n');
    expect(res.stderr).toContain('importing: 1004/1004\n');
    expect(res.stderr).toContain('line 1003: NOT_FOUND\n');
    expect(res.code).toBe(1);
    expect((await server.api.call('POST', '/verify', { headers: { 'x-api-key': secret } })).body).toMatchObject({ valid: true });
    const again = await runCli(['keys', 'import', '--json', path], env);
    const summary = JSON.parse(again.stdout);
    expect(summary).toMatchObject({ dryRun: false, imported: 0, exists: 1003, failed: { NOT_FOUND: 1 } });
    expect(summary.results[1002]).toEqual({ line: 1003, ok: false, code: 'NOT_FOUND' });
  }, 120_000);

  it('checks without importing with --dry-run, and exits 0 when every key would import', async () => {
    const secret = legacy();
    const path = file('dry.jsonl', [line(team.developer.id, secret), '', line(team.developer.id)]);
    const res = await runCli(['keys', 'import', '--dry-run', path], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('Dry run: would import 2, already imported 0, failed 0.\n');
    expect((await server.api.call('POST', '/verify', { headers: { 'x-api-key': secret } })).body).toMatchObject({ valid: false });
    const real = await runCli(['keys', 'import', path], env);
    expect(real.code).toBe(0);
    expect(real.stdout).toBe('Imported 2, already imported 0, failed 0.\n');
  });

  it('refuses a file with a bad line before sending anything (exit 2), and a server refusal exits 1', async () => {
    const bad = await runCli(['keys', 'import', file('bad.jsonl', [line(team.developer.id), '{not json'])], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: line 2: not valid JSON\n');
    expect((await runCli(['keys', 'import', join(dir, 'missing.jsonl')], env)).code).toBe(2);
    const schema = await runCli(['keys', 'import', file('schema.jsonl', [JSON.stringify({ ownerId: team.developer.id, hash: { algorithm: 'sha256', value: 'short' } })])], env);
    expect(schema.code).toBe(1);
    expect(schema.stderr).toMatch(/^error: VALIDATION_FAILED/);
  });

  it('splits batches by size as well as by count', () => {
    const big = Array.from({ length: 30 }, () => ({ json: 'x'.repeat(50_000) }));
    expect(batchesOf(big).map((b) => b.length)).toEqual([19, 11]);
    expect(batchesOf(Array.from({ length: 2001 }, () => ({ json: '{}' }))).map((b) => b.length)).toEqual([1000, 1000, 1]);
  });
});
