// A key load reads its row with a statement compiled once (on SQLite prepared once, on the one
// connection Kysely uses too): it must never see a row that a transaction still open on that
// connection wrote and then rolls back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VerifyCaches } from '../../src/verify/caches.js';
import { hashKey } from '../../src/domain/hashing.js';
import { DIALECTS } from '../helpers/services.js';
import { setUpTeam, startNode, type Team, type VerifyNode } from './nodes.js';

const SECRET = 'kw_rolledBackKey0000000000000000';

describe.each(DIALECTS)('cold key loads on %s', (dialect) => {
  let node: VerifyNode;
  let team: Team;
  beforeAll(async () => {
    node = await startNode(dialect);
    team = await setUpTeam(node);
  });
  afterAll(async () => { await node?.stop(); });

  it('does not read a key row from a transaction that is still open and then rolls back', async () => {
    const { store, serverSecret } = node.ctx;
    const caches = new VerifyCaches(store, { maxKeys: 10, maxNegative: 10 });
    const hash = hashKey(serverSecret, SECRET);
    const at = new Date().toISOString();
    let read: Promise<unknown> | null = null;
    await expect(store.db.transaction().execute(async (trx) => {
      await trx.insertInto('api_keys').values({
        id: 'key_rolledback00000000000000', tenant_id: team.tid, owner_id: team.devId, name: 'rolled back', name_lc: 'rolled back',
        description: null, email: null, search_lc: 'rolled back', start: 'kw_rolled', hash, management: 0,
        scopes: '[{"resourceId":null,"permission":"read"}]', created_at: at, updated_at: at, expires_at: null, revoked_at: null,
        revoked_by: null, last_used_at: null, usage_count: 0, rotated_from: null, rotated_to: null, ratelimit_limit: null,
        ratelimit_duration_ms: null, remaining: null, expiry_reminded_at: null, imported: 0, credits_version: 0,
      }).execute();
      read = caches.readKeyRow(node.verifier.cacheKey(SECRET));
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    expect(await read).toBeUndefined();
  });

  it('reads a committed key row with every column a load needs', async () => {
    const caches = new VerifyCaches(node.ctx.store, { maxKeys: 10, maxNegative: 10 });
    const created = await node.api.call('POST', `/tenants/${team.tid}/keys`, { as: team.admin, body: { ownerId: team.devId, name: 'cold', remaining: 3 } });
    const entry = await caches.loadKey(node.verifier.cacheKey(created.body.secret), Date.now());
    expect(entry).toMatchObject({ id: created.body.key.id, tenantId: team.tid, ownerId: team.devId, name: 'cold', revoked: false, limits: { credits: { remaining: 3 } } });
  });
});
