// A key's own limits on one node: credits (USAGE_EXCEEDED), its rate window (RATE_LIMITED with
// retryAfterMs and Retry-After), cost and dryRun; and what happens when Redis is away.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, TEST_REDIS_URL } from '../helpers/services.js';
import { awayFromMinuteEdge, createKey, randomNamespace, setUpTeam, startNode, verifyOn, type Team, type VerifyNode } from './nodes.js';

// Rate windows of 60 s are aligned to the minute: keep each test inside one.
beforeEach(() => awayFromMinuteEdge());

describe.each(DIALECTS)('a key\'s limits on one node (%s)', (dialect) => {
  let node: VerifyNode;
  let team: Team;
  beforeAll(async () => {
    node = await startNode(dialect);
    team = await setUpTeam(node);
  });
  afterAll(async () => { await node?.stop(); });
  const verify = (secret: string, body?: Record<string, unknown>) => verifyOn(node.api, secret, body);

  it('answers RATE_LIMITED with retryAfterMs and Retry-After once the window is used up', async () => {
    const key = await createKey(node.api, team, { ratelimit: { limit: 3, durationMs: 60_000 } });
    const first = (await verify(key.secret)).body;
    expect(first).toMatchObject({ valid: true, ratelimit: { limit: 3, remaining: 2 } });
    expect(Date.parse(first.ratelimit.resetAt)).toBeGreaterThan(Date.now());
    expect((await verify(key.secret)).body.ratelimit.remaining).toBe(1);
    expect((await verify(key.secret)).body.ratelimit.remaining).toBe(0);
    const limited = await verify(key.secret);
    expect(limited.status).toBe(200);
    expect(limited.body).toMatchObject({ valid: false, code: 'RATE_LIMITED' });
    expect(limited.body.retryAfterMs).toBeGreaterThan(0);
    expect(limited.body.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(Number(limited.headers['retry-after'])).toBe(Math.ceil(limited.body.retryAfterMs / 1000));
  });

  it('spends cost credits per valid verification and answers USAGE_EXCEEDED when too few are left', async () => {
    const key = await createKey(node.api, team, { remaining: 5 });
    expect((await verify(key.secret, { cost: 2 })).body.remaining).toBe(3);
    expect((await verify(key.secret, { cost: 2 })).body.remaining).toBe(1);
    expect((await verify(key.secret, { cost: 2 })).body).toEqual({ valid: false, code: 'USAGE_EXCEEDED' });
    expect((await verify(key.secret, { cost: 0 })).body).toMatchObject({ valid: true, remaining: 1 });
    expect((await verify(key.secret)).body.remaining).toBe(0);
    expect((await verify(key.secret)).body.code).toBe('USAGE_EXCEEDED');
    expect((await verify(key.secret, { cost: 0 })).body.valid).toBe(true);
  });

  it('answers USAGE_EXCEEDED before RATE_LIMITED, and a refused verification spends no token', async () => {
    const key = await createKey(node.api, team, { remaining: 1, ratelimit: { limit: 2, durationMs: 60_000 } });
    expect((await verify(key.secret)).body).toMatchObject({ valid: true, remaining: 0, ratelimit: { remaining: 1 } });
    expect((await verify(key.secret)).body.code).toBe('USAGE_EXCEEDED');
    expect((await verify(key.secret)).body.code).toBe('USAGE_EXCEEDED');
    // The refusals took no token: one is still there for a free check.
    expect((await verify(key.secret, { cost: 0 })).body).toMatchObject({ valid: true, ratelimit: { remaining: 0 } });
    expect((await verify(key.secret, { cost: 0 })).body.code).toBe('RATE_LIMITED');
  });

  it('spends neither a credit nor a token on a FORBIDDEN answer', async () => {
    const key = await createKey(node.api, team, { remaining: 1, ratelimit: { limit: 1, durationMs: 60_000 } });
    expect((await verify(key.secret, { permission: 'admin' })).body.code).toBe('FORBIDDEN');
    expect((await verify(key.secret)).body).toMatchObject({ valid: true, remaining: 0, ratelimit: { remaining: 0 } });
  });

  it('gives the same answer on a dry run but spends, counts and records nothing', async () => {
    const key = await createKey(node.api, team, { remaining: 3, ratelimit: { limit: 2, durationMs: 60_000 } });
    for (let i = 0; i < 5; i++) {
      expect((await verify(key.secret, { dryRun: true })).body).toMatchObject({ valid: true, remaining: 2, ratelimit: { remaining: 1 } });
    }
    expect((await verify(key.secret, { dryRun: true, permission: 'admin' })).body.code).toBe('FORBIDDEN');
    await node.verifier.usage.flush(Date.now() + 120_000);
    const read = await node.api.call('GET', `/tenants/${team.tid}/keys/${key.id}`, { as: team.admin });
    expect(read.body).toMatchObject({ usageCount: 0, lastUsedAt: null, remaining: 3 });
    const failed = await node.api.call('GET', `/tenants/${team.tid}/events?type=key.verify_failed&keyId=${key.id}`, { as: team.admin });
    expect(failed.body.items).toEqual([]);
    expect((await verify(key.secret)).body).toMatchObject({ valid: true, remaining: 2, ratelimit: { remaining: 1 } });
  });

  it('writes spent credits to the database at the flush', async () => {
    const key = await createKey(node.api, team, { remaining: 10 });
    for (let i = 0; i < 4; i++) await verify(key.secret);
    await node.verifier.flush();
    const read = await node.api.call('GET', `/tenants/${team.tid}/keys/${key.id}`, { as: team.admin });
    expect(read.body.remaining).toBe(6);
    expect((await verify(key.secret)).body.remaining).toBe(5);
  });
});

describe('when Redis is away', () => {
  // Nothing listens on port 1: the node starts, reports redis down, and keeps verifying.
  const away = { REDIS_URL: 'redis://127.0.0.1:1' };

  it('keeps verifying with local limits when KEYWARDEN_REDIS_FAILURE is open (the default)', async () => {
    const node = await startNode('sqlite', { env: away });
    try {
      const ready = await node.api.call('GET', '/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.checks).toEqual({ database: 'ok', redis: 'down' });
      const team = await setUpTeam(node);
      const key = await createKey(node.api, team, { ratelimit: { limit: 2, durationMs: 60_000 } });
      expect((await verifyOn(node.api, key.secret)).body.valid).toBe(true);
      expect((await verifyOn(node.api, key.secret)).body.valid).toBe(true);
      expect((await verifyOn(node.api, key.secret)).body.code).toBe('RATE_LIMITED');
    } finally {
      await node.stop();
    }
  });

  it('answers RATE_LIMITED with retryAfterMs 1000 for keys with limits when closed, and verifies other keys', async () => {
    const node = await startNode('sqlite', { env: { ...away, KEYWARDEN_REDIS_FAILURE: 'closed' } });
    try {
      expect((await node.api.call('GET', '/ready')).body.checks.redis).toBe('down');
      const team = await setUpTeam(node);
      const limited = await createKey(node.api, team, { remaining: 100 });
      const plain = await createKey(node.api, team);
      const res = await verifyOn(node.api, limited.secret);
      expect(res.body).toEqual({ valid: false, code: 'RATE_LIMITED', retryAfterMs: 1000 });
      expect(res.headers['retry-after']).toBe('1');
      expect((await verifyOn(node.api, plain.secret)).body.valid).toBe(true);
    } finally {
      await node.stop();
    }
  });

  it.skipIf(!TEST_REDIS_URL)('reports redis ok and counts in Redis when it is there', async () => {
    const node = await startNode('sqlite', { env: { REDIS_URL: TEST_REDIS_URL!, KEYWARDEN_REDIS_FAILURE: 'closed' }, redisPrefix: randomNamespace() });
    try {
      expect((await node.api.call('GET', '/ready')).body.checks.redis).toBe('ok');
      const team = await setUpTeam(node);
      const key = await createKey(node.api, team, { remaining: 2, ratelimit: { limit: 5, durationMs: 60_000 } });
      expect((await verifyOn(node.api, key.secret)).body).toMatchObject({ valid: true, remaining: 1, ratelimit: { remaining: 4 } });
      expect((await verifyOn(node.api, key.secret)).body).toMatchObject({ valid: true, remaining: 0, ratelimit: { remaining: 3 } });
      expect((await verifyOn(node.api, key.secret)).body.code).toBe('USAGE_EXCEEDED');
    } finally {
      await node.stop();
    }
  });
});
