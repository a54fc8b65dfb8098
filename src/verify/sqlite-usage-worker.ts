// Usage batches for a SQLite file, written by a worker thread with its own connection (see
// usage-batches.ts for why). The worker runs plain JavaScript given as source (`eval`): it needs no
// TypeScript loader, so it starts the same from dist/, under tsx and under the test runner, and it
// loads the same better-sqlite3 the store uses, by its resolved path.
//
// A batch crosses as a few flat values, not an object per key: the key, tenant and owner ids in one
// string array, the numbers in one Float64Array (moved, not copied), and the rare credits-spent maps
// by index. Cloning 100,000 small objects a second would cost the verifying thread most of what the
// worker saves it.
//
// Both connections write the same file: SQLite serializes them, each waiting up to its busy timeout.
// A batch is one short transaction (2,000 keys, a few milliseconds), so a management write on the
// main connection waits at most about that long for the worker's lock.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { hoursOf, type KeyUsage, type UsageBatchWriter } from './usage-batches.js';

const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
const DAY_MS = 86400000;
const use = db.prepare('update api_keys set usage_count = usage_count + ?, last_used_at = case when last_used_at is null or last_used_at < ? then ? else last_used_at end where id = ?');
const hourly = db.prepare('insert into key_usage (key_id, tenant_id, owner_id, bucket, valid, failed, peak) values (?, ?, ?, ?, ?, ?, ?) on conflict (key_id, bucket) do update set valid = key_usage.valid + excluded.valid, failed = key_usage.failed + excluded.failed, peak = max(key_usage.peak, excluded.peak)');
const daily = db.prepare('insert into key_usage_daily (key_id, tenant_id, owner_id, bucket, valid, failed) values (?, ?, ?, ?, ?, ?) on conflict (key_id, bucket) do update set valid = key_usage_daily.valid + excluded.valid, failed = key_usage_daily.failed + excluded.failed');
const spent = (table) => db.prepare('insert into ' + table + ' (key_id, tenant_id, owner_id, bucket, name, amount) values (?, ?, ?, ?, ?, ?) on conflict (key_id, bucket, name) do update set amount = ' + table + '.amount + excluded.amount');
const hourlySpent = spent('key_usage_spent');
const dailySpent = spent('key_usage_daily_spent');
const iso = (ms) => new Date(ms).toISOString();
// Per key: valid, lastUsedMs, hour count; per hour: hourMs, valid, failed, peak, spent index (-1: none).
// Adding one hour's counts twice to a row (an earlier flush's hour put back) sums them, as one row would.
const writeBatch = db.transaction((ids, nums, spentMaps) => {
  let statements = 0;
  let at = 0;
  for (let k = 0; k < ids.length; k += 3) {
    const keyId = ids[k], tenantId = ids[k + 1], ownerId = ids[k + 2];
    const valid = nums[at], lastUsedMs = nums[at + 1], hours = nums[at + 2];
    at += 3;
    if (lastUsedMs > 0) {
      const last = iso(lastUsedMs);
      use.run(valid, last, last, keyId);
      statements++;
    }
    for (let h = 0; h < hours; h++, at += 5) {
      const hourMs = nums[at], hv = nums[at + 1], hf = nums[at + 2], peak = nums[at + 3], s = nums[at + 4];
      const hour = iso(hourMs);
      const day = iso(hourMs - (hourMs % DAY_MS));
      if (hv > 0 || hf > 0 || s >= 0) {
        hourly.run(keyId, tenantId, ownerId, hour, hv, hf, peak);
        daily.run(keyId, tenantId, ownerId, day, hv, hf);
        statements += 2;
      }
      if (s >= 0) {
        for (const [name, amount] of Object.entries(spentMaps[s])) {
          hourlySpent.run(keyId, tenantId, ownerId, hour, name, amount);
          dailySpent.run(keyId, tenantId, ownerId, day, name, amount);
          statements += 2;
        }
      }
    }
  }
  return statements;
});
parentPort.on('message', (m) => {
  if (m.close) {
    db.close();
    parentPort.postMessage({ seq: m.seq, closed: true });
    return;
  }
  try {
    parentPort.postMessage({ seq: m.seq, statements: writeBatch(m.ids, m.nums, m.spent) });
  } catch (err) {
    parentPort.postMessage({ seq: m.seq, error: { message: String(err && err.message), code: err && err.code } });
  }
});
`;

interface Waiting {
  resolve(statements: number): void;
  reject(err: Error): void;
}

/** A batch as the worker takes it (see the worker's comment for the layout of `nums`). */
export function packBatch(batch: readonly KeyUsage[]): { ids: string[]; nums: Float64Array; spent: Record<string, number>[] } {
  const ids: string[] = new Array(batch.length * 3);
  let size = 0;
  for (const u of batch) size += 3 + 5 * (u.earlier === null ? 1 : 1 + u.earlier.length);
  const nums = new Float64Array(size);
  const spent: Record<string, number>[] = [];
  let at = 0;
  batch.forEach((u, i) => {
    ids[3 * i] = u.keyId;
    ids[3 * i + 1] = u.tenantId;
    ids[3 * i + 2] = u.ownerId;
    const hours = u.earlier === null ? null : hoursOf(u);
    nums[at] = u.valid;
    nums[at + 1] = u.lastUsedMs;
    nums[at + 2] = hours === null ? 1 : hours.length;
    at += 3;
    const put = (hourMs: number, valid: number, failed: number, peak: number, spentMap: Record<string, number> | null) => {
      nums[at] = hourMs;
      nums[at + 1] = valid;
      nums[at + 2] = failed;
      nums[at + 3] = peak;
      nums[at + 4] = spentMap === null ? -1 : spent.push(spentMap) - 1;
      at += 5;
    };
    // The common key has only its current hour: no array of hours is made for it.
    if (hours === null) put(u.hourMs, u.hourValid, u.hourFailed, u.hourPeak, u.hourSpent);
    else for (const h of hours) put(h.hourMs, h.valid, h.failed, h.peak, h.spent);
  });
  return { ids, nums, spent };
}

export class SqliteUsageWriter implements UsageBatchWriter {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private seq = 0;

  constructor(private readonly file: string) {}

  /** Started on the first batch, so a node that never flushes usage never starts a thread. */
  private ensureWorker(): Worker {
    if (this.worker !== null) return this.worker;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file: this.file } });
    worker.unref();
    worker.on('message', (m: { seq: number; statements?: number; error?: { message: string; code?: string } }) => {
      const w = this.waiting.get(m.seq);
      this.waiting.delete(m.seq);
      if (m.error) w?.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
      else w?.resolve(m.statements ?? 0);
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`usage writer thread exited with ${code}`)));
    this.worker = worker;
    return worker;
  }

  private send(message: object, transfer: ArrayBuffer[] = []): Promise<number> {
    const worker = this.ensureWorker();
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      worker.postMessage({ ...message, seq }, transfer);
    });
  }

  write(batch: readonly KeyUsage[]): Promise<number> {
    const packed = packBatch(batch);
    return this.send(packed, [packed.nums.buffer as ArrayBuffer]);
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (worker === null) return;
    await this.send({ close: true }).catch(() => 0);
    this.worker = null;
    await worker.terminate();
  }
}
