// The throttle windows shared through Redis: one count for every node of a namespace, atomic under
// parallel attempts, one reported refusal per window, and the node's own count while Redis is away.
import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { connectThrottleRedis, SharedWindows, type SharedRedis } from '../../src/throttle/shared-windows.js';
import { TEST_REDIS_URL } from '../helpers/services.js';

describe.skipIf(!TEST_REDIS_URL)('SharedWindows with Redis', () => {
  const connections: Array<SharedRedis & { close(): void }> = [];
  afterAll(() => { for (const c of connections) c.close(); });

  async function twoNodes(limit: number) {
    const prefix = `kwtest:${randomBytes(6).toString('hex')}`;
    const a = await connectThrottleRedis(TEST_REDIS_URL!, prefix);
    const b = await connectThrottleRedis(TEST_REDIS_URL!, prefix);
    connections.push(a, b);
    return [new SharedWindows('t', limit, a), new SharedWindows('t', limit, b)] as const;
  }

  it('counts parallel attempts on two nodes as one, refusing past the limit with the window’s wait', async () => {
    const [a, b] = await twoNodes(5);
    const now = Date.now();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).take('someone', now)));
    expect(answers.filter((x) => x.waitMs === 0)).toHaveLength(5);
    const refused = answers.filter((x) => x.waitMs > 0);
    expect(refused.every((x) => x.waitMs <= 60_000)).toBe(true);
    expect(refused.filter((x) => x.firstRefusal)).toHaveLength(1);
    expect((await b.take('someone else', now)).waitMs).toBe(0);
  });

  it('takes a given-back attempt off the shared count', async () => {
    const [a, b] = await twoNodes(2);
    const now = Date.now();
    await a.take('x', now);
    await b.take('x', now);
    await a.giveBack('x', now);
    expect((await b.take('x', now)).waitMs).toBe(0);
    expect((await a.take('x', now)).waitMs).toBeGreaterThan(0);
  });

  it('blocks on every node that counts a failure once the shared count reaches the limit, reporting it once', async () => {
    const [a, b] = await twoNodes(3);
    const now = Date.now();
    let reports = 0;
    a.fail('ip', now, () => reports++);
    b.fail('ip', now, () => reports++);
    await Promise.all([a.settled(), b.settled()]);
    expect([a.blockedFor('ip', now), b.blockedFor('ip', now)]).toEqual([0, 0]);
    a.fail('ip', now, () => reports++);
    await a.settled();
    expect(a.blockedFor('ip', now)).toBeGreaterThan(0);
    b.fail('ip', now, () => reports++);
    await b.settled();
    expect(b.blockedFor('ip', now)).toBeGreaterThan(0);
    expect(reports).toBe(1);
  });
});

describe('SharedWindows without Redis', () => {
  it('counts on its own node', async () => {
    const w = new SharedWindows('t', 1, null);
    expect((await w.take('x', 0)).waitMs).toBe(0);
    expect((await w.take('x', 0)).waitMs).toBe(60_000);
  });
});
