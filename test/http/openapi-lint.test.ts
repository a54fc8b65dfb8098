// The served OpenAPI document passes Redocly's recommended rules and Spectral's OpenAPI rules with
// no errors, so that code generators and API explorers read it as it is; and every operation says
// who may call it and what it answers.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);
// Both CLIs run offline: no telemetry, no update check (redocly.yaml says `telemetry: off` too).
const ENV = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
const LINT_TIMEOUT = 180_000;

interface Outcome { code: number; stdout: string; stderr: string }

async function lint(file: string, args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd: ROOT, env: ENV, maxBuffer: 64 * 1024 * 1024, timeout: LINT_TIMEOUT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(err) };
  }
}

describe('the served OpenAPI document', () => {
  let server: TestServer;
  let dir: string;
  let documentFile: string;
  let document: any;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    const res = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    document = await res.json();
    dir = mkdtempSync(join(tmpdir(), 'keywarden-openapi-lint-'));
    documentFile = join(dir, 'openapi.json');
    writeFileSync(documentFile, JSON.stringify(document));
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('passes Redocly\'s recommended rules with no error', async () => {
    const out = await lint(bin('redocly'), ['lint', documentFile, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json']);
    const report = JSON.parse(out.stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; severity: string; message: string }[] };
    const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
    expect(out.code, out.stderr).toBe(0);
  }, LINT_TIMEOUT);

  it('passes Spectral\'s OpenAPI rules with no error', async () => {
    const out = await lint(bin('spectral'), ['lint', documentFile, '--ruleset', join(ROOT, '.spectral.yaml'), '--format', 'json', '--quiet']);
    // Spectral severities: 0 error, 1 warning, 2 information, 3 hint.
    const results = JSON.parse(out.stdout) as { code: string; severity: number; message: string; path: string[] }[];
    const errors = results.filter((r) => r.severity === 0).map((r) => `${r.code} at ${r.path.join('.')}: ${r.message}`);
    expect(errors).toEqual([]);
    expect(out.code, out.stderr).toBe(0);
  }, LINT_TIMEOUT);

  it('names every operation with a unique camelCase operationId, a summary, a declared tag and its security', () => {
    const declaredTags = new Set(document.tags.map((t: { name: string }) => t.name));
    const ids: string[] = [];
    for (const [path, operations] of Object.entries<Record<string, any>>(document.paths)) {
      for (const [method, op] of Object.entries<any>(operations)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
        expect(op.summary, where).toBeTruthy();
        expect(op.tags, where).toHaveLength(1);
        expect(declaredTags.has(op.tags[0]), where).toBe(true);
        expect(Array.isArray(op.security), where).toBe(true);
        expect(op.responses['500'], where).toBeDefined();
        for (const [status, answer] of Object.entries<any>(op.responses)) {
          expect(answer.description, `${where} ${status}`).not.toBe('Default Response');
        }
        ids.push(op.operationId);
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('needs no credentials for verify, login, health, readiness and itself, and a session or a management key elsewhere', () => {
    const op = (method: string, path: string) => document.paths[`/api/v1${path}`][method];
    for (const [method, path] of [['post', '/verify'], ['post', '/auth/login'], ['get', '/health'], ['get', '/ready'], ['get', '/openapi.json']]) {
      expect(op(method, path).security, path).toEqual([]);
    }
    expect(op('post', '/tenants/{tid}/keys').security).toEqual([{ session: [] }, { apiKey: [] }]);
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('marks optional bodies as optional: verify, revoke and rotate', () => {
    expect(document.paths['/api/v1/verify'].post.requestBody.required).toBe(false);
    expect(document.paths['/api/v1/tenants/{tid}/keys/{kid}/revoke'].post.requestBody.required).toBe(false);
    expect(document.paths['/api/v1/tenants/{tid}/keys/{kid}/rotate'].post.requestBody.required).toBe(false);
    expect(document.paths['/api/v1/tenants/{tid}/keys'].post.requestBody.required).toBe(true);
  });

  it('describes failures with the shared Error schema, and 429 with its Retry-After header', () => {
    const create = document.paths['/api/v1/tenants/{tid}/keys'].post.responses;
    expect(Object.keys(create).sort()).toEqual(['201', '400', '401', '403', '404', '409', '413', '415', '422', '429', '500', '503']);
    expect(create['409'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    expect(create['409'].description).toContain('KEY_LIMIT_REACHED');
    expect(create['429'].headers['Retry-After']).toBeDefined();
    expect(document.components.schemas.Key.example.id).toMatch(/^key_/);
  });

  it('lists the stopping node\'s 503 NOT_READY on every operation but verify, which is answered while stopping', () => {
    const operations = Object.entries<Record<string, any>>(document.paths).flatMap(([path, ops]) => Object.entries<any>(ops).map(([method, op]) => ({ path, method, op })));
    expect(operations.length).toBeGreaterThan(40);
    for (const { path, method, op } of operations) {
      expect(op.responses['503'] !== undefined, `${method} ${path}`).toBe(path !== '/api/v1/verify');
      if (path !== '/api/v1/verify') expect(op.responses['503'].description, `${method} ${path}`).toMatch(/NOT_READY.*stopping/s);
    }
  });
});
