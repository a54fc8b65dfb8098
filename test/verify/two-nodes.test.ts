// Two real nodes on one PostgreSQL schema (and one Redis namespace): a change made on A reaches B
// within a second, through LISTEN/NOTIFY or, failing that, the poll of the changes table; and
// credits and rate limits hold exactly across both.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../helpers/services.js';
import { awayFromMinuteEdge, createKey, randomNamespace, setUpTeam, startNode, verifyOn, within, type Team, type VerifyNode } from './nodes.js';

describe.skipIf(!TEST_DATABASE_URL)('two nodes on one PostgreSQL schema', () => {
  let a: VerifyNode;
  let b: VerifyNode;
  let team: Team;
  const ns = randomNamespace();
  const env: Record<string, string> = TEST_REDIS_URL ? { REDIS_URL: TEST_REDIS_URL } : {};
  beforeAll(async () => {
    a = await startNode('postgres', { env, redisPrefix: ns });
    b = await startNode('postgres', { env, redisPrefix: ns, pgSchema: a.schema });
    team = await setUpTeam(a);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  const onB = (secret: string, body?: Record<string, unknown>) => verifyOn(b.api, secret, body).then((r) => r.body);
  /** Creates a key on A and warms B's cache with it. */
  async function keyKnownToB(body: Record<string, unknown> = {}) {
    const key = await createKey(a.api, team, body);
    expect((await onB(key.secret)).valid).toBe(true);
    expect((await onB(key.secret)).valid).toBe(true);
    return key;
  }
  const refusedOnB = (secret: string, code: string, body?: Record<string, unknown>) =>
    within(1000, async () => (await onB(secret, body)).code === code);

  it('answers REVOKED on node B within 1 s of a revoke on node A', async () => {
    const key = await keyKnownToB();
    await a.api.call('POST', `/tenants/${team.tid}/keys/${key.id}/revoke`, { as: team.admin });
    expect((await verifyOn(a.api, key.secret)).body.code).toBe('REVOKED');
    await refusedOnB(key.secret, 'REVOKED');
  });

  it('carries deletes, rotations, scope changes and member changes to node B within 1 s', async () => {
    const deleted = await keyKnownToB();
    await a.api.call('DELETE', `/tenants/${team.tid}/keys/${deleted.id}`, { as: team.dev });
    await refusedOnB(deleted.secret, 'NOT_FOUND');

    const rotated = await keyKnownToB();
    await a.api.call('POST', `/tenants/${team.tid}/keys/${rotated.id}/rotate`, { as: team.dev, body: {} });
    await refusedOnB(rotated.secret, 'EXPIRED');

    const narrowed = await keyKnownToB({ scopes: [{ resourceId: null, permission: 'write' }] });
    expect((await onB(narrowed.secret, { permission: 'write' })).valid).toBe(true);
    await a.api.call('PATCH', `/tenants/${team.tid}/keys/${narrowed.id}`, { as: team.dev, body: { scopes: [{ resourceId: null, permission: 'read' }] } });
    await refusedOnB(narrowed.secret, 'FORBIDDEN', { permission: 'write' });

    const key = await keyKnownToB();
    await a.api.call('PUT', `/tenants/${team.tid}/members/${team.devId}`, { as: team.admin, body: { roles: ['developer'], licensed: false } });
    await refusedOnB(key.secret, 'DISABLED');
    await a.api.call('PUT', `/tenants/${team.tid}/members/${team.devId}`, { as: team.admin, body: { roles: ['developer'], licensed: true } });
    await within(1000, async () => (await onB(key.secret)).valid === true);

    await a.api.call('PATCH', `/users/${team.devId}`, { as: team.admin, body: { disabled: true } });
    await refusedOnB(key.secret, 'DISABLED');
    await a.api.call('PATCH', `/users/${team.devId}`, { as: team.admin, body: { disabled: false } });
    await within(1000, async () => (await onB(key.secret)).valid === true);

    await a.api.call('PATCH', `/tenants/${team.tid}/settings`, { as: team.admin, body: { apiKeysEnabled: false } });
    await refusedOnB(key.secret, 'DISABLED');
    await a.api.call('PATCH', `/tenants/${team.tid}/settings`, { as: team.admin, body: { apiKeysEnabled: true } });
    await within(1000, async () => (await onB(key.secret)).valid === true);
  });

  it('sums one key\'s failures on both nodes into one key.verify_failed event for the minute', async () => {
    const key = await keyKnownToB();
    await awayFromMinuteEdge();
    for (let i = 0; i < 2; i++) await verifyOn(a.api, key.secret, { permission: 'admin' });
    for (let i = 0; i < 3; i++) await onB(key.secret, { permission: 'write' });
    await a.verifier.flush();
    await b.verifier.flush();
    const nextMinute = Date.now() + 60_000;
    await Promise.all([a.verifier.usage.flush(nextMinute), b.verifier.usage.flush(nextMinute)]);
    const events = await a.api.call('GET', `/tenants/${team.tid}/events?type=key.verify_failed&keyId=${key.id}`, { as: team.admin });
    expect(events.body.items).toHaveLength(1);
    expect(events.body.items[0].details).toMatchObject({ count: 5, codes: { FORBIDDEN: 5 } });
  });

  it('carries a moved resource to node B within 1 s', async () => {
    const res = (body: object) => a.api.call('POST', `/tenants/${team.tid}/resources`, { as: team.admin, body }).then((r) => r.body.id as string);
    const east = await res({ type: 'building', name: `East ${Date.now()}` });
    const west = await res({ type: 'building', name: `West ${Date.now()}` });
    const room = await res({ type: 'folder', name: 'Room', parentId: east });
    const key = await keyKnownToB({ scopes: [{ resourceId: east, permission: 'read' }] });
    expect((await onB(key.secret, { resourceId: room })).valid).toBe(true);
    await a.api.call('PATCH', `/tenants/${team.tid}/resources/${room}`, { as: team.admin, body: { parentId: west } });
    await refusedOnB(key.secret, 'FORBIDDEN', { resourceId: room });
  });

  it('answers REVOKED on node B after a withdrawal on node A', async () => {
    const other = await setUpTeam(a);
    const key = await createKey(a.api, other);
    expect((await onB(key.secret)).valid).toBe(true);
    await a.api.call('DELETE', `/tenants/${other.tid}/members/${other.devId}`, { as: other.admin });
    await refusedOnB(key.secret, 'REVOKED');
  });

  describe.skipIf(!TEST_REDIS_URL)('with Redis', () => {
    // Rate windows are aligned to the minute: keep each test inside one.
    beforeEach(() => awayFromMinuteEdge());
    it('reports redis ok in /ready on both nodes', async () => {
      for (const node of [a, b]) {
        const ready = await node.api.call('GET', '/ready');
        expect(ready.status).toBe(200);
        expect(ready.body.checks).toEqual({ database: 'ok', redis: 'ok' });
      }
    });

    it('holds a rate limit exactly across both nodes, under concurrent load', async () => {
      const key = await createKey(a.api, team, { ratelimit: { limit: 7, durationMs: 60_000 } });
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => verifyOn(i % 2 ? a.api : b.api, key.secret)));
      expect(answers.filter((r) => r.body.valid).length).toBe(7);
      const limited = answers.filter((r) => !r.body.valid);
      expect(limited.every((r) => r.body.code === 'RATE_LIMITED' && r.body.retryAfterMs > 0 && Number(r.headers['retry-after']) >= 1)).toBe(true);
    });

    it('spends credits exactly once across both nodes', async () => {
      const key = await createKey(a.api, team, { remaining: 9 });
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => verifyOn(i % 2 ? a.api : b.api, key.secret, { cost: 2 })));
      const valid = answers.filter((r) => r.body.valid);
      expect(valid.length).toBe(4);
      expect(valid.map((r) => r.body.remaining).sort((x, y) => x - y)).toEqual([1, 3, 5, 7]);
      expect(answers.filter((r) => !r.body.valid).every((r) => r.body.code === 'USAGE_EXCEEDED')).toBe(true);
      // Both nodes write what they spent; the database ends with the same count.
      await Promise.all([a.verifier.flush(), b.verifier.flush()]);
      const read = await a.api.call('GET', `/tenants/${team.tid}/keys/${key.id}`, { as: team.admin });
      expect(read.body.remaining).toBe(1);
    });

    it('spends one balance from a rotated key on one node and its successor on the other', async () => {
      // A team of its own: an earlier test disabled this file's developer, ending their session.
      const own = await setUpTeam(a);
      const old = await createKey(a.api, own, { remaining: 5 });
      for (const left of [4, 3]) expect((await onB(old.secret)).remaining).toBe(left);
      const rotated = await a.api.call('POST', `/tenants/${own.tid}/keys/${old.id}/rotate`, { as: own.dev, body: { gracePeriodSeconds: 60 } });
      expect(rotated.status).toBe(201);
      const answers = [];
      for (let i = 0; i < 8; i++) {
        answers.push(i % 2 === 0 ? await verifyOn(a.api, old.secret).then((r) => r.body) : await onB(rotated.body.secret));
        answers.push(i % 2 === 0 ? await onB(old.secret) : await verifyOn(a.api, rotated.body.secret).then((r) => r.body));
      }
      expect(answers.filter((x) => x.valid).map((x) => x.remaining)).toEqual([2, 1, 0]);
      expect(answers.filter((x) => !x.valid).every((x) => x.code === 'USAGE_EXCEEDED')).toBe(true);
      await Promise.all([a.verifier.flush(), b.verifier.flush()]);
      const read = await a.api.call('GET', `/tenants/${own.tid}/keys/${rotated.body.key.id}`, { as: own.admin });
      expect(read.body.remaining).toBe(0);
    });

    it('re-bases shared credits on a top-up made on either node', async () => {
      const key = await createKey(a.api, team, { remaining: 2 });
      expect((await onB(key.secret)).remaining).toBe(1);
      expect((await verifyOn(a.api, key.secret)).body.remaining).toBe(0);
      expect((await onB(key.secret)).code).toBe('USAGE_EXCEEDED');
      await a.api.call('PATCH', `/tenants/${team.tid}/keys/${key.id}`, { as: team.admin, body: { remaining: 5 } });
      await within(1000, async () => (await onB(key.secret, { dryRun: true })).valid === true);
      expect((await onB(key.secret)).remaining).toBe(4);
      expect((await verifyOn(a.api, key.secret)).body.remaining).toBe(3);
    });
  });

  // Last: it silences node B's change events, leaving only the poll of the changes table.
  it('answers REVOKED on node B within 1 s through the poll alone when notifications are lost', async () => {
    const key = await keyKnownToB();
    b.ctx.store.changes.removeAllListeners('change');
    await a.api.call('POST', `/tenants/${team.tid}/keys/${key.id}/revoke`, { as: team.admin });
    // The poll runs every second: at most one interval plus a query.
    await within(1500, async () => (await onB(key.secret)).code === 'REVOKED');
  });
});
