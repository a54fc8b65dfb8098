// The SDK's and the console's API types are generated from the served OpenAPI document; this fails
// when a committed copy is stale (a route schema changed without `npm run generate:types`).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { GENERATED_TYPE_FILES, renderApiTypes } from '../../scripts/openapi-types.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe('the generated API types', () => {
  let server: TestServer;
  let expected: string;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    const document = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    expected = await renderApiTypes(document);
  });
  afterAll(async () => { await server?.stop(); });

  it.each(GENERATED_TYPE_FILES)('%s matches the served document (run `npm run generate:types` if not)', (file) => {
    const committed = readFileSync(resolve(ROOT, file), 'utf8');
    expect(committed === expected, `${file} is stale: run \`npm run generate:types\``).toBe(true);
  });

  it('names the key objects as components, so the SDK and the console alias them', () => {
    for (const name of ['Key', 'KeyWithSecret', 'Error', 'VerifyAnswer', 'Tenant', 'Member', 'Event', 'Webhook']) {
      expect(expected).toContain(`        ${name}: {`);
    }
  });
});
