// A stop writes the usage it buffered without waiting on slower background work: leak reports
// answered 202 before the stop are still looked at before the database closes, but a container's
// stop grace period ends with a SIGKILL, and usage written last would be what it loses.
import { rmSync } from 'node:fs';
import { logCollector } from '../helpers/log-lines.js';
import { describe, expect, it, vi } from 'vitest';
import { DIALECTS, dropSchema } from '../helpers/services.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { World } from '../helpers/world.js';

const usageCount = async (server: TestServer, keyId: string) =>
  Number((await server.ctx.store.db.selectFrom('api_keys').select('usage_count').where('id', '=', keyId).executeTakeFirstOrThrow()).usage_count);

/** A tenant with two keys, the first verified `uses` times (usage buffered, not yet written). */
async function keysInUse(server: TestServer, uses: number) {
  const world = await World.on(server);
  const tid = await world.tenantWithKeys();
  const dev = await world.member(tid);
  const used = await world.createKey(tid, dev.as);
  const other = await world.createKey(tid, dev.as);
  for (let i = 0; i < uses; i++) expect((await world.verify(used.secret)).valid).toBe(true);
  expect(await usageCount(server, used.key.id)).toBe(0);
  return { tid, used, other };
}

/** A clock in the middle of the current minute: uses a few moments apart fall in one minute. */
const midMinute = () => Math.floor(Date.now() / 60_000) * 60_000 + 30_000;

/** A key of a tenant that allows one use a minute, used once: its next use begins a key.excessive_use write. */
async function keyAtItsLimit(server: TestServer) {
  const world = await World.on(server);
  const tid = await world.tenantWithKeys({ excessiveUsePerMinute: 1 });
  const dev = await world.member(tid);
  const { key, secret } = await world.createKey(tid, dev.as);
  expect((await world.verify(secret)).valid).toBe(true);
  return { tid, key, secret };
}

/** Stops both nodes (the first may have stopped already) and removes what they kept. */
async function removeNodes(first: TestServer, again: TestServer | null) {
  await first.close().catch(() => {});
  await again?.close();
  rmSync(first.dataDir, { recursive: true, force: true });
  if (first.schema) await dropSchema(first.schema);
}

/**
 * The verifier's wait for its background work (which its stop makes) does not end while the work
 * the test holds is under way: a wait with nothing to wait for ends within the current turn of the
 * event loop, before a setImmediate callback runs.
 */
async function expectWaitedFor(server: TestServer) {
  let ended = false;
  void server.verifier.settled().then(() => { ended = true; });
  await new Promise((resolve) => setImmediate(resolve));
  expect(ended).toBe(false);
}

/**
 * Lets the held work go (`release`) once the stop's usage flush has ended, and notes whether it had
 * ended (`ended`) when the stop then closed the usage writer. A stop that does not wait for the work
 * closes the writer a few microtasks after the flush, before the released work can reach the database.
 */
function watchStop(server: TestServer, release: () => void, ended: () => boolean): string[] {
  const usage = (server.verifier as unknown as { usage: { flush(nowMs: number): Promise<void>; close(): Promise<void> } }).usage;
  const order: string[] = [];
  const [flush, close] = [usage.flush.bind(usage), usage.close.bind(usage)];
  usage.flush = (nowMs) => flush(nowMs).finally(release);
  usage.close = () => {
    order.push(ended() ? 'usage writer closed after the held work' : 'usage writer closed with the held work under way');
    return close();
  };
  return order;
}

describe.each(DIALECTS)('the order of a stop (%s)', (dialect) => {
  it('flushes buffered usage while a leak report is still held, and looks at the report before the database closes', async () => {
    let release!: () => void;
    let held = false;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    // The periodic flush is an hour away: only the stop's own flush can write the usage.
    const env = { KEYWARDEN_FLUSH_INTERVAL: '1h' };
    const first = await startTestServer(dialect, env, { leaks: { beforeProcessing: () => { held = true; return gate; } } });
    let closed: Promise<void> | null = null;
    let again: TestServer | null = null;
    try {
      const { tid, used, other: leaked } = await keysInUse(first, 3);

      const reported = await first.app.inject({ method: 'POST', url: '/api/v1/leaks', payload: { keys: [leaked.secret] } });
      expect(reported.statusCode).toBe(202);
      await vi.waitFor(() => expect(held).toBe(true));

      let stopped = false;
      closed = first.close().then(() => { stopped = true; });
      // Before the fix the stop waited here for the held report, and the usage stayed unwritten.
      await vi.waitFor(async () => expect(await usageCount(first, used.key.id)).toBe(3), { timeout: 5000 });
      expect(stopped).toBe(false);
      release();
      await closed;

      // The report held across the flush was looked at before the database closed.
      again = await startTestServer(dialect, env, { dataDir: first.dataDir, pgSchema: first.schema });
      const reread = await World.on(again);
      expect((await reread.call('GET', `/tenants/${tid}/keys/${leaked.key.id}`, { as: reread.admin })).body).toMatchObject({ status: 'revoked', leakedAt: expect.any(String) });
    } finally {
      release();
      await (closed ?? first.close());
      await again?.close();
      rmSync(first.dataDir, { recursive: true, force: true });
      if (first.schema) await dropSchema(first.schema);
    }
  });

  it('goes on when a step fails: the usage is still written and the database closed, and each failure is logged', async () => {
    const log = logCollector();
    const env = { KEYWARDEN_FLUSH_INTERVAL: '1h', LOG_LEVEL: 'info' };
    const first = await startTestServer(dialect, env, { logStream: log.stream });
    let again: TestServer | null = null;
    try {
      const { used } = await keysInUse(first, 2);
      // Two steps fail: the webhook worker's stop, and (with its own error) the policy job's; each
      // stops for real all the same, so no timer of theirs runs on against the closed database.
      const { webhooks, policies } = first;
      const [stopWebhooks, stopPolicies] = [webhooks.stop.bind(webhooks), policies.stop.bind(policies)];
      webhooks.stop = () => stopWebhooks().then(() => Promise.reject(new Error('webhook worker stuck')));
      policies.stop = () => stopPolicies().then(() => Promise.reject(new Error('policy pass broke')));

      await expect(first.close()).rejects.toThrow(/webhooks, key policies/);
      const failures = log.entries().filter((entry) => entry.level >= 50);
      // Logged as each step ends; the two run side by side, so in either order.
      expect(failures.map((entry) => [entry.msg, entry.err?.message])).toEqual(expect.arrayContaining([
        ['stop: webhooks failed', 'webhook worker stuck'], ['stop: key policies failed', 'policy pass broke'],
      ]));
      expect(failures).toHaveLength(2);

      // The usage was written and the database closed cleanly: a new node on it reads both uses.
      again = await startTestServer(dialect, {}, { dataDir: first.dataDir, pgSchema: first.schema });
      expect(await usageCount(again, used.key.id)).toBe(2);
    } finally {
      await again?.close();
      rmSync(first.dataDir, { recursive: true, force: true });
      if (first.schema) await dropSchema(first.schema);
    }
  });

  it('writes a key.excessive_use event begun before the stop before the database closes', async () => {
    const clock = midMinute();
    const first = await startTestServer(dialect, { KEYWARDEN_FLUSH_INTERVAL: '1h' }, { now: () => new Date(clock) });
    let again: TestServer | null = null;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    try {
      const { tid, key, secret } = await keyAtItsLimit(first);

      // The second use in the minute begins the event's write; it waits at the gate, as it would
      // behind another node's lock on the key's row.
      const { store } = first.ctx;
      const write = store.write.bind(store);
      const written = vi.spyOn(store, 'write').mockImplementationOnce((work) => gate.then(() => write(work)));
      // From memory, or (when a change notice came in meanwhile) after a read: no write either way.
      expect(await first.verifier.verify(secret, {}, '127.0.0.1')).toMatchObject({ valid: true });
      expect(written).toHaveBeenCalledTimes(1);
      let eventWritten = false;
      (written.mock.results[0].value as Promise<unknown>).then(() => { eventWritten = true; }, () => {});
      await expectWaitedFor(first);

      const order = watchStop(first, release, () => eventWritten);
      await first.close();
      expect(order).toEqual(['usage writer closed after the held work']);

      again = await startTestServer(dialect, {}, { dataDir: first.dataDir, pgSchema: first.schema });
      const reread = await World.on(again);
      const events = await reread.call('GET', `/tenants/${tid}/events?keyId=${key.id}&type=key.excessive_use`, { as: reread.admin });
      expect(events.body.items).toHaveLength(1);
      expect(events.body.items[0].details).toMatchObject({ count: 2, limitPerMinute: 1 });
    } finally {
      release();
      await removeNodes(first, again);
    }
  });

  it('fails, naming it, when an excessive-use event it waited for cannot be written, and still writes the usage', async () => {
    const clock = midMinute();
    const log = logCollector();
    const env = { KEYWARDEN_FLUSH_INTERVAL: '1h', LOG_LEVEL: 'info' };
    const first = await startTestServer(dialect, env, { now: () => new Date(clock), logStream: log.stream });
    let again: TestServer | null = null;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    try {
      const { key, secret } = await keyAtItsLimit(first);
      // The event's write waits, then fails, as one behind a lock would at a lock timeout.
      vi.spyOn(first.ctx.store, 'write').mockImplementationOnce(() => gate.then(() => { throw new Error('lock timeout'); }));
      expect(await first.verifier.verify(secret, {}, '127.0.0.1')).toMatchObject({ valid: true });
      watchStop(first, release, () => true);

      await expect(first.close()).rejects.toThrow(/usage flush/);
      expect(log.entries().filter((entry) => entry.level >= 50).map((entry) => [entry.msg, entry.err?.message])).toEqual(expect.arrayContaining([
        [expect.stringContaining('excessive-use event'), 'lock timeout'],
        ['stop: usage flush failed', '1 key.excessive_use event(s) begun before the stop could not be written.'],
      ]));
      again = await startTestServer(dialect, {}, { dataDir: first.dataDir, pgSchema: first.schema });
      expect(await usageCount(again, key.id)).toBe(2);
    } finally {
      release();
      await removeNodes(first, again);
    }
  });

  it('lets a change poll under way end before the database closes', async () => {
    // No poll or flush of the node's own timers: only the test's poll and the stop's flush.
    const log = logCollector();
    const env = { KEYWARDEN_POLL_INTERVAL: '1h', KEYWARDEN_FLUSH_INTERVAL: '1h', LOG_LEVEL: 'info' };
    const first = await startTestServer(dialect, env, { logStream: log.stream });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    try {
      // The poll waits at the gate before its first query, as it would behind a slow database. (Held
      // at the poller: a query's answer held would hold SQLite's one connection, which the stop's
      // flush needs.)
      const poller = (first.verifier as unknown as { poller: { poll(nowMs: number): Promise<number> } }).poller;
      const poll0 = poller.poll.bind(poller);
      poller.poll = (nowMs) => gate.then(() => poll0(nowMs));
      let polled = false;
      const poll = first.verifier.pollChanges().then(() => { polled = true; }, (err: Error) => err.message);
      await expectWaitedFor(first);

      const order = watchStop(first, release, () => polled);
      await first.close();
      expect(await poll).toBeUndefined(); // not a failure's message
      expect(order).toEqual(['usage writer closed after the held work']);
      expect(log.entries().filter((entry) => entry.level >= 50)).toEqual([]);
    } finally {
      release();
      await removeNodes(first, null);
    }
  });
});
