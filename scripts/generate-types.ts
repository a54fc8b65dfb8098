// `npm run generate:types`: writes the SDK's and the console's API types from the served document.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATED_TYPE_FILES, renderApiTypes, servedDocument } from './openapi-types.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const types = await renderApiTypes(await servedDocument());
for (const file of GENERATED_TYPE_FILES) {
  mkdirSync(dirname(resolve(root, file)), { recursive: true });
  writeFileSync(resolve(root, file), types);
  console.log(`wrote ${file}`);
}
