import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ADMIN, startTestServer, type Credentials, type TestServer } from '../helpers/server.js';
import { DIALECTS } from '../helpers/services.js';
import { appendEvents, hashEvent, PLATFORM_CHAIN, SYSTEM_ORIGIN, toEventView } from '../../src/audit/events.js';
import { formatReport, verifyChains, type ChainReport } from '../../src/audit/verify-chain.js';
import type { EventTable } from '../../src/store/schema.js';

describe.each(DIALECTS)('audit verify on %s', (dialect) => {
  let server: TestServer;
  let admin: Credentials;
  let unique = 0;
  /** Chains a test broke on purpose: no other chain may ever be reported. */
  const tampered = new Set<string>();

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await server.api.login(ADMIN.email, ADMIN.password);
  });
  afterAll(async () => { await server?.stop(); });

  const db = () => server.ctx.store.db;

  /** A tenant with a few events, made through the real server: tenant.created, member.granted, then n renames. */
  async function tenantWithEvents(renames = 3): Promise<{ tid: string; events: EventTable[] }> {
    const res = await server.api.call('POST', '/tenants', { as: admin, body: { name: `Chain ${Date.now()} ${++unique}` } });
    expect(res.status).toBe(201);
    const tid = res.body.id as string;
    for (let i = 0; i < renames; i++) {
      const renamed = await server.api.call('PATCH', `/tenants/${tid}`, { as: admin, body: { name: `Chain ${Date.now()} ${++unique}` } });
      expect(renamed.status).toBe(200);
    }
    return { tid, events: await chainEvents(tid) };
  }

  const chainEvents = (chain: string) => db().selectFrom('events').selectAll().where('chain', '=', chain).orderBy('seq').execute();

  async function verify(): Promise<ChainReport> {
    const report = await verifyChains(server.ctx.store);
    expect(report.problems.filter((p) => !tampered.has(p.chain))).toEqual([]);
    return report;
  }
  const problemsOf = (report: ChainReport, chain: string) => report.problems.filter((p) => p.chain === chain);

  it('finds every chain intact after ordinary use, and counts chains and events', async () => {
    const { tid } = await tenantWithEvents();
    await server.api.call('POST', '/users', { as: admin, body: { email: `u${++unique}@example.test`, name: 'U', password: 'user-password-1' } });
    const report = await verify();
    expect(problemsOf(report, tid)).toEqual([]);
    expect(problemsOf(report, PLATFORM_CHAIN)).toEqual([]);
    const counts = await db().selectFrom('events').select([
      sql<number>`count(*)`.as('events'), sql<number>`count(distinct chain)`.as('chains'),
    ]).executeTakeFirstOrThrow();
    expect(report.events).toBe(Number(counts.events));
    expect(report.chains).toBe(Number(counts.chains));
    expect(formatReport(report)).toMatch(/^Checked \d+ chains with \d+ events: every chain is intact\.$/);
  });

  it('names an event whose details were edited in the database', async () => {
    const { tid, events } = await tenantWithEvents();
    tampered.add(tid);
    const victim = events[2];
    await db().updateTable('events').set({ details: JSON.stringify({ name: 'Innocent' }) }).where('id', '=', victim.id).execute();
    const problems = problemsOf(await verify(), tid);
    expect(problems).toEqual([{ chain: tid, seq: 3, eventId: victim.id, problem: expect.stringContaining('hash does not match') }]);
  });

  it('names the event after one deleted from the middle of a chain', async () => {
    const { tid, events } = await tenantWithEvents();
    tampered.add(tid);
    await db().deleteFrom('events').where('id', '=', events[2].id).execute();
    const problems = problemsOf(await verify(), tid);
    expect(problems).toEqual([{ chain: tid, seq: 4, eventId: events[3].id, problem: expect.stringContaining('1 event missing') }]);
  });

  it('names an event whose row was edited with a recomputed hash, by the broken link after it', async () => {
    const { tid, events } = await tenantWithEvents();
    tampered.add(tid);
    const view = toEventView(events[2]);
    const { hash: _old, ...body } = { ...view, details: { name: 'Forged' } };
    await db().updateTable('events').set({ details: JSON.stringify(body.details), hash: hashEvent(body) }).where('id', '=', view.id).execute();
    const problems = problemsOf(await verify(), tid);
    expect(problems).toEqual([{ chain: tid, seq: 4, eventId: events[3].id, problem: expect.stringContaining('prevHash does not match') }]);
  });

  it('names reordered events', async () => {
    const { tid, events } = await tenantWithEvents();
    tampered.add(tid);
    await server.ctx.store.write(async (trx) => {
      await trx.updateTable('events').set({ seq: -1 }).where('id', '=', events[1].id).execute();
      await trx.updateTable('events').set({ seq: 2 }).where('id', '=', events[2].id).execute();
      await trx.updateTable('events').set({ seq: 3 }).where('id', '=', events[1].id).execute();
    });
    const problems = problemsOf(await verify(), tid);
    expect(problems).toEqual([{ chain: tid, seq: 2, eventId: events[2].id, problem: expect.stringContaining('prevHash does not match') }]);
  });

  it('names a chain whose newest events were deleted, through its chain head', async () => {
    const { tid, events } = await tenantWithEvents();
    tampered.add(tid);
    await db().deleteFrom('events').where('id', '=', events[events.length - 1].id).execute();
    const problems = problemsOf(await verify(), tid);
    expect(problems).toEqual([{ chain: tid, seq: events.length, eventId: null, problem: expect.stringContaining('events deleted from the end') }]);
  });

  it('names an event whose first link was cut (the oldest events deleted)', async () => {
    const { tid, events } = await tenantWithEvents();
    tampered.add(tid);
    await db().deleteFrom('events').where('id', 'in', [events[0].id, events[1].id]).execute();
    const problems = problemsOf(await verify(), tid);
    expect(problems).toEqual([{ chain: tid, seq: 3, eventId: events[2].id, problem: expect.stringContaining('2 events missing') }]);
  });

  it('names a chain whose events were all deleted, through its chain head', async () => {
    const { tid, events } = await tenantWithEvents(1);
    tampered.add(tid);
    await db().deleteFrom('events').where('chain', '=', tid).execute();
    const problems = problemsOf(await verify(), tid);
    expect(problems).toEqual([{ chain: tid, seq: events.length, eventId: null, problem: expect.stringContaining('has no events') }]);
  });

  it('checks the platform chain too, and finds it whole again once the row is restored', async () => {
    await server.api.call('POST', '/users', { as: admin, body: { email: `p${++unique}@example.test`, name: 'P', password: 'user-password-1' } });
    const [first] = await chainEvents(PLATFORM_CHAIN);
    tampered.add(PLATFORM_CHAIN);
    try {
      await db().updateTable('events').set({ details: JSON.stringify({ email: 'mallory@example.test' }) }).where('id', '=', first.id).execute();
      const problems = problemsOf(await verify(), PLATFORM_CHAIN);
      expect(problems).toEqual([{ chain: PLATFORM_CHAIN, seq: 1, eventId: first.id, problem: expect.stringContaining('hash does not match') }]);
      expect(formatReport(await verifyChains(server.ctx.store))).toContain(`platform, seq 1 (${first.id}): the hash does not match`);
    } finally {
      await db().updateTable('events').set({ details: first.details }).where('id', '=', first.id).execute();
      tampered.delete(PLATFORM_CHAIN);
    }
    expect(problemsOf(await verify(), PLATFORM_CHAIN)).toEqual([]);
  });

  it('is not misled by events appended while it walks', async () => {
    const { tid } = await tenantWithEvents(0);
    const store = server.ctx.store;
    const writes = Array.from({ length: 30 }, (_, i) =>
      store.write((trx) => appendEvents(store, trx, SYSTEM_ORIGIN, [{ tenantId: tid, type: 'resource.created', details: { i } }])));
    const reports = await Promise.all([verify(), verify(), verify()]);
    await Promise.all(writes);
    for (const report of reports) expect(problemsOf(report, tid)).toEqual([]);
    expect(problemsOf(await verify(), tid)).toEqual([]);
    expect((await chainEvents(tid)).map((e) => Number(e.seq))).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
  });
});

describe('formatReport', () => {
  it('summarizes a clean run in one line and a broken one with a line per chain', () => {
    expect(formatReport({ chains: 1, events: 1, problems: [] })).toBe('Checked 1 chain with 1 event: every chain is intact.');
    const text = formatReport({
      chains: 3, events: 40, problems: [
        { chain: 'ten_abc', seq: 4, eventId: 'evt_x', problem: 'the hash does not match the event\'s contents (edited?)' },
        { chain: PLATFORM_CHAIN, seq: 9, eventId: null, problem: 'the chain head is at seq 9 but the last event is seq 8 (events deleted from the end?)' },
      ],
    });
    expect(text.split('\n')).toEqual([
      'Checked 3 chains with 40 events: 2 chains are broken (the first broken event of each is named).',
      '  tenant ten_abc, seq 4 (evt_x): the hash does not match the event\'s contents (edited?)',
      '  platform, seq 9: the chain head is at seq 9 but the last event is seq 8 (events deleted from the end?)',
    ]);
  });
});
