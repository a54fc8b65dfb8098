// The reference docs keep up with the code: every operation of the served OpenAPI document is in
// docs/api.md's route table, and every setting config.ts reads is in docs/operators.md's settings
// table, so a new route or setting cannot ship undocumented.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ROOT = join(import.meta.dirname, '..', '..');
const doc = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const tableRows = (text: string) => text.split('\n').filter((line) => line.startsWith('|'));

/** Whether a row of the route table names this path (not a longer one) and this method. */
function listsRoute(rows: string[], method: string, path: string): boolean {
  const named = new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w/:])`);
  return rows.some((row) => named.test(row) && new RegExp(`\\b${method}\\b`).test(row));
}

describe('the reference docs', () => {
  let server: TestServer;
  let paths: Record<string, Record<string, unknown>>;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    paths = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()).paths;
  });
  afterAll(async () => { await server?.stop(); });

  it('lists every operation of the OpenAPI document in docs/api.md\'s route table', () => {
    const rows = tableRows(doc('docs/api.md'));
    const missing: string[] = [];
    for (const [path, item] of Object.entries(paths)) {
      const route = path.replace(/^\/api\/v1/, '').replace(/\{(\w+)\}/g, ':$1');
      for (const method of Object.keys(item).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))) {
        if (!listsRoute(rows, method.toUpperCase(), route)) missing.push(`${method.toUpperCase()} ${route}`);
      }
    }
    expect(Object.keys(paths).length).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });

  it('lists every setting config.ts reads in docs/operators.md\'s settings table', () => {
    const names = new Set(doc('src/config.ts').match(/'(?:KEYWARDEN_[A-Z_]+|PORT|HOST|DATABASE_URL|REDIS_URL|LOG_LEVEL)'/g)!.map((s) => s.slice(1, -1)));
    const rows = tableRows(doc('docs/operators.md')).join('\n');
    expect(names.size).toBeGreaterThan(20);
    expect([...names].filter((name) => !rows.includes(`\`${name}\``))).toEqual([]);
  });
});
