// A node dies while handling a GitHub secret-scanning delivery, right after it wrote its mark of the
// delivery (leak_deliveries). GitHub got no answer and retries the same body; the retry must act (the
// leaked key marked and, by policy, revoked), not be taken for a replay. Found by a review: the mark
// was committed on its own before any key was acted on.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/services.js';
import type { TestServer } from '../helpers/server.js';
import { World } from '../helpers/world.js';
import { Store } from '../../src/store/store.js';
import { handleGithubDelivery } from '../../src/services/github-scanning.js';

const dir = mkdtempSync(join(tmpdir(), 'keywarden-github-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every query after the first write to `table` fails: the process is gone from then on. */
class DiesAfterWriteTo implements KyselyPlugin {
  dead = false;
  private fatal: unknown = null;
  constructor(private readonly table: string) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.dead) throw new Error('the node died');
    if (args.node.kind === 'InsertQueryNode' && JSON.stringify(args.node).includes(`"${this.table}"`)) this.fatal = args.queryId;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (args.queryId === this.fatal) this.dead = true; // its transaction still commits (the driver does that)
    return args.result;
  }
}

describe.each(DIALECTS)('a GitHub delivery interrupted by a crash (%s)', (dialect) => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const keyId = 'c0ffee';
  const file = join(dir, `keys-${dialect}.json`);
  writeFileSync(file, JSON.stringify({ public_keys: [{ key_identifier: keyId, key: publicKey.export({ type: 'spki', format: 'pem' }).toString(), is_current: true }] }));
  const world = World.forSuite(dialect, { KEYWARDEN_KEY_PREFIX: 'acme', KEYWARDEN_GITHUB_SCANNING_KEYS: file });
  const signature = (raw: string, key: KeyObject) => sign('sha256', Buffer.from(raw), key).toString('base64');

  it('acts on the retried delivery when the first handler died between remembering it and acting', async () => {
    const server = world.server as TestServer;
    const tid = await world.tenantWithKeys();
    const dev = await world.member(tid);
    const { key, secret } = await world.createKey(tid, dev.as);
    const raw = JSON.stringify([{ token: secret, type: 'acme_api_key', url: 'https://github.com/o/r/blob/main/.env', source: 'content' }]);

    // Node 1 handles it and dies right after its claim on the delivery committed.
    const dies = new DiesAfterWriteTo('leak_deliveries');
    const adapter = (server.ctx.store as unknown as { adapter: ConstructorParameters<typeof Store>[0] }).adapter;
    const node1 = { ...server.ctx, store: new Store({ ...adapter, db: adapter.db.withPlugin(dies) }) };
    await expect(handleGithubDelivery(node1, Buffer.from(raw))).rejects.toThrow(/died/);
    expect(dies.dead).toBe(true);

    // GitHub saw no answer and sends the same delivery again, to a live node.
    const retry = await server.app.inject({
      method: 'POST', url: '/api/v1/leaks/github', payload: raw,
      headers: { 'content-type': 'application/json', 'github-public-key-identifier': keyId, 'github-public-key-signature': signature(raw, privateKey) },
    });
    expect(retry.statusCode).toBe(200);
    expect(JSON.parse(retry.body)[0].label).toBe('true_positive');

    const after = (await world.call('GET', `/tenants/${tid}/keys/${key.id}`, { as: world.admin })).body;
    // The leak was never acted on: the key is active, unmarked, and still verifies.
    expect({ status: after.status, leakedAt: after.leakedAt === null ? null : 'set' }).toEqual({ status: 'revoked', leakedAt: 'set' });
    expect((await world.verify(secret)).code).toBe('REVOKED');
  });
});
