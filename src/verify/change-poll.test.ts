import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Change, type Store } from '../store/store.js';
import { ChangePoller } from './change-poll.js';

describe('the change feed poller', () => {
  let store: Store;
  let dir: string;
  afterEach(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function freshStore() {
    dir = mkdtempSync(join(tmpdir(), 'kw-poll-'));
    store = await openStore({ url: `sqlite:${join(dir, 'k.db')}` });
    await store.migrate();
  }

  it('applies changes committed after it started, once each', async () => {
    await freshStore();
    const seen: Change[] = [];
    const poller = new ChangePoller(store, (c) => seen.push(c));
    await store.write(async (_trx, changed) => changed({ kind: 'tenant', tenantId: 'ten_old', subjectId: 'ten_old' }));
    await poller.start();
    await store.write(async (_trx, changed) => changed({ kind: 'key', tenantId: 'ten_a', subjectId: 'key_a', keyHash: 'ab' }));
    expect(await poller.poll(Date.now())).toBe(1);
    expect(seen).toEqual([{ kind: 'key', tenantId: 'ten_a', subjectId: 'key_a', keyHash: 'ab' }]);
    expect(await poller.poll(Date.now())).toBe(0);
  });

  it('trims rows older than an hour from the feed, keeping recent ones', async () => {
    await freshStore();
    const poller = new ChangePoller(store, () => {});
    await poller.start();
    const now = Date.now();
    await store.db.insertInto('changes').values([
      { at: new Date(now - 2 * 3_600_000).toISOString(), kind: 'key', tenant_id: 't', subject_id: 'old', key_hash: null },
      { at: new Date(now - 60_000).toISOString(), kind: 'key', tenant_id: 't', subject_id: 'recent', key_hash: null },
    ]).execute();
    await poller.poll(now);
    const left = await store.db.selectFrom('changes').select('subject_id').execute();
    expect(left.map((r) => r.subject_id)).toEqual(['recent']);
  });
  it('applies a change that commits below the last id seen when it shows up, and forgets a gap that never fills', async () => {
    await freshStore();
    const seen: (string | null)[] = [];
    const poller = new ChangePoller(store, (c) => seen.push(c.subjectId));
    await poller.start();
    const row = (id: number, subject: string) => ({ id, at: new Date().toISOString(), kind: 'key', tenant_id: 't', subject_id: subject, key_hash: null });
    // Ids 1 and 2 were handed out first but commit later (PostgreSQL assigns ids at insert); 3 commits first.
    await store.db.insertInto('changes').values(row(3, 'third')).execute();
    const t0 = Date.now();
    expect(await poller.poll(t0)).toBe(1);
    expect(poller.pendingGaps).toBe(2);
    await store.db.insertInto('changes').values(row(1, 'first')).execute();
    expect(await poller.poll(t0 + 1_000)).toBe(1);
    expect(seen).toEqual(['third', 'first']);
    expect(poller.pendingGaps).toBe(1);
    // Id 2 belonged to a transaction that rolled back: after a while it is no longer looked for.
    expect(await poller.poll(t0 + 31_000)).toBe(0);
    expect(poller.pendingGaps).toBe(0);
    await store.db.insertInto('changes').values(row(4, 'fourth')).execute();
    expect(await poller.poll(t0 + 32_000)).toBe(1);
    expect(seen).toEqual(['third', 'first', 'fourth']);
  });
});
