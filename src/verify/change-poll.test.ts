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
});
