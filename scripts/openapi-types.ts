// The API types of the SDK and the console, generated from the served OpenAPI document with
// openapi-typescript, so that they follow the server's schemas instead of being copied by hand.
// `npm run generate:types` writes them; test/sdk/generated-types.test.ts fails when one is stale.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { startServer } from '../src/server.js';

/** Every generated copy; each build (the SDK, published on its own, and the console) keeps its own. */
export const GENERATED_TYPE_FILES = ['packages/sdk/src/generated/openapi.ts', 'web/src/api/generated/openapi.ts'];

const HEADER = [
  '// Generated from the served /api/v1/openapi.json by `npm run generate:types` (openapi-typescript):',
  '// do not edit. Change the route schemas in src/http instead, then run the script again.',
  '',
].join('\n');

export async function renderApiTypes(document: object): Promise<string> {
  const ast = await openapiTS(document as OpenAPI3, { silent: true, alphabetize: false });
  return `${HEADER}${astToString(ast)}`;
}

/** The document as a freshly started server (SQLite in a temporary directory) serves it. */
export async function servedDocument(): Promise<object> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keywarden-openapi-'));
  try {
    const server = await startServer({
      PORT: '0', HOST: '127.0.0.1', KEYWARDEN_DATA_DIR: dataDir, LOG_LEVEL: 'silent', KEYWARDEN_WEB_DIR: join(dataDir, 'no-web'),
    });
    try {
      const res = await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
      if (res.statusCode !== 200) throw new Error(`GET /api/v1/openapi.json answered ${res.statusCode}`);
      return res.json();
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
