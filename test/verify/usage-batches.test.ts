// The usage flush writes keys in batches, each in its own transaction: a failed batch puts back
// only itself and the batches after it (nothing counted twice when the next flush retries), and on
// SQLite the verifying thread keeps running while a large flush is written (by the worker thread).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';
import { UsageBuffer } from '../../src/verify/usage-buffer.js';
import type { KeyEntry } from '../../src/verify/decide.js';
import { DIALECTS, TEST_DATABASE_URL, dropSchema, newSchemaName } from '../helpers/services.js';

// Key i as the key table gives it, from slot i unless told (-1: an entry not read from the table).
const entry = (i: number, slot = i): KeyEntry => ({
  id: `key_batch${String(i).padStart(6, '0')}`, tenantId: 'ten_batch', ownerId: 'usr_batch', name: `k${i}`, scopes: [],
  expiresAtMs: Infinity, expiresAt: null, revoked: false, management: false, limits: null, extras: null, answer: null, slot,
});

describe.each(DIALECTS)('usage batches on %s', (dialect) => {
  let store: Store;
  let schema: string | undefined;
  let dir: string;
  beforeEach(async () => {
    schema = dialect === 'postgres' ? newSchemaName() : undefined;
    dir = mkdtempSync(join(tmpdir(), 'keywarden-batches-'));
    store = await openStore(schema ? { url: TEST_DATABASE_URL!, pgSchema: schema } : { url: `sqlite:${join(dir, 'k.db')}` });
    await store.migrate();
  });
  afterEach(async () => {
    await store.close();
    if (schema) await dropSchema(schema);
    rmSync(dir, { recursive: true, force: true });
  });

  const counted = async () => {
    const rows = await store.db.selectFrom('key_usage').select(['key_id', 'valid']).orderBy('key_id').execute();
    return Object.fromEntries(rows.map((r) => [r.key_id, Number(r.valid)]));
  };
  const dailyTotal = async () => Number((await store.db.selectFrom('key_usage_daily').select((eb) => eb.fn.sum<number>('valid').as('n')).executeTakeFirst())?.n ?? 0);

  async function failInsertsOf(keyId: string) {
    if (dialect === 'sqlite') {
      await sql.raw(`create trigger fail_usage before insert on key_usage when new.key_id = '${keyId}' begin select raise(abort, 'injected failure'); end`).execute(store.db);
    } else {
      await sql.raw(`create function fail_usage() returns trigger language plpgsql as $$ begin
          if new.key_id = '${keyId}' then raise exception 'injected failure'; end if; return new; end $$`).execute(store.db);
      await sql.raw('create trigger fail_usage before insert on key_usage for each row execute function fail_usage()').execute(store.db);
    }
  }

  it('retries a failed batch and the ones after it, never counting a committed batch twice', async () => {
    const usage = new UsageBuffer(store, { batchKeys: 2 });
    const nowMs = Date.now();
    // Six keys in three batches of two (in key order); key i is verified i + 1 times.
    for (let i = 0; i < 6; i++) for (let n = 0; n <= i; n++) usage.recordValid(entry(i), nowMs, 1);
    await failInsertsOf(entry(3).id);
    await expect(usage.flush(nowMs)).rejects.toThrow(/injected failure/);
    // The first batch is committed; the failed one and the one after it are not.
    expect(await counted()).toEqual({ [entry(0).id]: 1, [entry(1).id]: 2 });
    expect(usage.pendingKeys).toBe(4);
    await sql.raw('drop trigger fail_usage' + (dialect === 'postgres' ? ' on key_usage' : '')).execute(store.db);
    // Verified again meanwhile: the retry adds both rounds to the keys that were put back.
    usage.recordValid(entry(5), nowMs, 1);
    await usage.flush(nowMs);
    expect(await counted()).toEqual(Object.fromEntries([0, 1, 2, 3, 4, 5].map((i) => [entry(i).id, i + 1 + (i === 5 ? 1 : 0)])));
    expect(await dailyTotal()).toBe(1 + 2 + 3 + 4 + 5 + 7);
    expect(usage.pendingKeys).toBe(0);
    await usage.close();
  });

  it("counts a key across flushes in one record, keeps the running minute's peak whole, and forgets the key once idle past its minute", async () => {
    const usage = new UsageBuffer(store);
    const minute = Math.floor(Date.now() / 3_600_000) * 3_600_000 + 60_000; // a minute inside one hour
    const peakOf = async () => Number((await store.db.selectFrom('key_usage').select('peak').where('key_id', '=', entry(0).id).executeTakeFirstOrThrow()).peak);
    for (let n = 0; n < 3; n++) usage.recordValid(entry(0), minute + 1000, 1);
    await usage.flush(minute + 1500);
    expect(await peakOf()).toBe(3);
    // The same minute after a flush: its peak is all five, not the two since the flush.
    for (let n = 0; n < 2; n++) usage.recordValid(entry(0), minute + 2000, 1);
    await usage.flush(minute + 2500);
    expect(await counted()).toEqual({ [entry(0).id]: 5 });
    expect(await peakOf()).toBe(5);
    // The next minute: one use. Its peak is 1, the hour's stays 5.
    usage.recordValid(entry(0), minute + 61_000, 1);
    await usage.flush(minute + 61_500);
    expect(await peakOf()).toBe(5);
    expect(usage.liveKeys).toBe(1);
    // Idle for an interval, in a minute of its own: the record goes, nothing is pending.
    await usage.flush(minute + 62_000);
    expect(usage.liveKeys).toBe(1);
    await usage.flush(minute + 121_000);
    expect(usage.liveKeys).toBe(0);
    expect(usage.pendingKeys).toBe(0);
    expect(await counted()).toEqual({ [entry(0).id]: 6 });
    await usage.close();
  });

  it("never carries the last minute of an hour into the next hour's peak", async () => {
    const usage = new UsageBuffer(store);
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
    const lastMinute = hour + 59 * 60_000;
    for (let n = 0; n < 50; n++) usage.recordValid(entry(0), lastMinute + 1000, 1);
    await usage.flush(lastMinute + 2000);
    // The next hour: first a use on the management API (the record moves to the new hour), a flush,
    // then one verification some minutes later.
    usage.recordUse(entry(0), hour + 3_600_000 + 1000);
    await usage.flush(hour + 3_600_000 + 1500);
    usage.recordValid(entry(0), hour + 3_600_000 + 5 * 60_000, 1);
    await usage.flush(hour + 3_600_000 + 5 * 60_000 + 500);
    const rows = await store.db.selectFrom('key_usage').select(['bucket', 'valid', 'peak']).where('key_id', '=', entry(0).id).orderBy('bucket').execute();
    expect(rows.map((r) => [Number(r.valid), Number(r.peak)])).toEqual([[50, 50], [1, 1]]);
    await usage.close();
  });

  it('counts each key on its own record when keys take turns in a key table slot, or come without one', async () => {
    const usage = new UsageBuffer(store);
    // A minute into an hour: the test's two minutes stay inside it, so each key has one hourly row.
    const nowMs = Math.floor(Date.now() / 3_600_000) * 3_600_000 + 60_000;
    // Keys 0 and 1 in turn in slot 7 (one dropped from the table, the other cached there), key 0
    // also from slot 3 and without a slot (read from the database): one record per key all along.
    const uses = [entry(0, 7), entry(1, 7), entry(1, 7), entry(0, 3), entry(0, -1), entry(1, 7), entry(0, 7)];
    for (const e of uses) usage.recordValid(e, nowMs, 1);
    expect(usage.pendingKeys).toBe(2);
    await usage.flush(nowMs);
    expect(await counted()).toEqual({ [entry(0).id]: 4, [entry(1).id]: 3 });
    // A record dropped while idle leaves its slot: key 1 comes back there and is counted once more.
    await usage.flush(nowMs + 61_000);
    await usage.flush(nowMs + 122_000);
    expect(usage.liveKeys).toBe(0);
    usage.recordValid(entry(1, 7), nowMs + 123_000, 1);
    usage.recordValid(entry(0, 3), nowMs + 123_000, 1);
    await usage.flush(nowMs + 123_500);
    expect(await counted()).toEqual({ [entry(0).id]: 5, [entry(1).id]: 4 });
    expect(usage.liveKeys).toBe(2);
    await usage.close();
  });

  it('meters spending per name and hour, across an hour boundary, a failed flush and its retry', async () => {
    const usage = new UsageBuffer(store);
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
    const spentRows = async () => (await store.db.selectFrom('key_usage_spent').select(['bucket', 'name', 'amount']).where('key_id', '=', entry(0).id).execute())
      .map((r) => [Date.parse(r.bucket) - hour, r.name, Number(r.amount)]).sort((a, b) => String(a).localeCompare(String(b)));
    // The first name a record spends on is kept in the record itself, the others beside it.
    usage.recordSpent(entry(0), hour + 1000, 'tokens', 5);
    usage.recordSpent(entry(0), hour + 2000, 'remaining', 2);
    usage.recordSpent(entry(0), hour + 3000, 'tokens', 1);
    usage.recordSpent(entry(0), hour + 3_600_000 + 1000, 'remaining', 4); // the next hour
    await failInsertsOf(entry(0).id);
    await expect(usage.flush(hour + 3_600_000 + 1500)).rejects.toThrow(/injected failure/);
    await sql.raw('drop trigger fail_usage' + (dialect === 'postgres' ? ' on key_usage' : '')).execute(store.db);
    usage.recordSpent(entry(0), hour + 3_600_000 + 2000, 'tokens', 3);
    usage.recordSpent(entry(0), hour + 3_600_000 + 2500, 'remaining', 1);
    await usage.flush(hour + 3_600_000 + 3000);
    expect(await spentRows()).toEqual([[0, 'remaining', 2], [0, 'tokens', 6], [3_600_000, 'remaining', 5], [3_600_000, 'tokens', 3]]);
    await usage.close();
  });

  it('keeps the event loop turning while a flush of many keys is written', async () => {
    const usage = new UsageBuffer(store, { batchKeys: 500 });
    const nowMs = Date.now();
    for (let i = 0; i < 5000; i++) usage.recordValid(entry(i), nowMs, 1);
    let turns = 0;
    let flushing = true;
    const turn = () => {
      turns++;
      if (flushing) setImmediate(turn);
    };
    setImmediate(turn);
    await usage.flush(nowMs);
    flushing = false;
    // Ten batches, and the verifying thread got a turn between each: before, the whole flush was
    // one transaction of promise continuations that never let the event loop run.
    expect(turns).toBeGreaterThanOrEqual(9);
    expect(Object.keys(await counted())).toHaveLength(5000);
    expect(await dailyTotal()).toBe(5000);
    await usage.close();
  });
});
