// Verify a key, then list the keys of the management key's tenant, with @keywarden/sdk.
//   KEYWARDEN_URL=http://127.0.0.1:8080 KEYWARDEN_API_KEY=kw_… npx tsx verify-and-list.ts
//   (in this repository, TSX_TSCONFIG_PATH=examples/javascript/tsconfig.json maps @keywarden/sdk to its source)
//   KEY_TO_VERIFY=kw_… (optional) checks another key than the management key.
import { KeywardenClient, KeywardenError } from '@keywarden/sdk';

const apiKey = process.env.KEYWARDEN_API_KEY;
if (!apiKey) {
  console.error('set KEYWARDEN_API_KEY to a management key');
  process.exit(2);
}
const client = new KeywardenClient({ baseUrl: process.env.KEYWARDEN_URL ?? 'http://127.0.0.1:8080', apiKey });

try {
  // 1. Verify: always answers; when not valid, `code` says why (REVOKED, EXPIRED, …).
  const answer = await client.verify(process.env.KEY_TO_VERIFY ?? apiKey);
  console.log(answer.valid ? `valid: true (key ${answer.keyId} of tenant ${answer.tenantId})` : `valid: false (${answer.code})`);

  // 2. The management key knows its tenant.
  const me = await client.me();
  const tenant = me.key!.tenantId;
  console.log(`tenant: ${tenant}`);

  // 3. Every key of the tenant, page after page.
  for await (const key of client.keys(tenant)) {
    console.log(`${key.id}  ${key.start}…  ${key.status.padEnd(8)}  ${key.name}`);
  }
} catch (err) {
  if (!(err instanceof KeywardenError)) throw err;
  console.error(`${err.status} ${err.code}: ${err.message}`);
  process.exit(1);
}
