// A second PostgreSQL connection that holds row locks in a test server's schema, for deterministic
// race tests: the test takes a lock (or writes a row it has not committed), starts the request under
// test, waits until that request's query is blocked by exactly this connection, then commits.
import pg from 'pg';
import { TEST_DATABASE_URL } from './services.js';

export interface HeldTransaction {
  /** The backend's process id, to find the queries it blocks. */
  readonly pid: number;
  query(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  /** Resolves once another backend waits on a lock this transaction holds. */
  blocksAnother(): Promise<void>;
  /**
   * Resolves once `count` backends wait on this transaction, directly or queued behind another
   * waiter (a request stopped at its event holds row locks a second request then waits on).
   */
  waiters(count: number): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

export async function holdTransaction(schema: string): Promise<HeldTransaction> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL!, options: `-c search_path=${schema}` });
  await client.connect();
  const pid: number = (await client.query('select pg_backend_pid() as pid')).rows[0].pid;
  await client.query('begin');
  const watcher = new pg.Client({ connectionString: TEST_DATABASE_URL! });
  await watcher.connect();
  const end = async (statement: string) => {
    try {
      await client.query(statement);
    } finally {
      await client.end();
      await watcher.end();
    }
  };
  return {
    pid,
    query: (text, values) => client.query(text, values as unknown[]),
    blocksAnother: () => waitForWaiters(watcher, pid, 1),
    waiters: (count) => waitForWaiters(watcher, pid, count),
    commit: () => end('commit'),
    rollback: () => end('rollback'),
  };
}

const WAITERS = `with recursive waiting(pid) as (
    select pid from pg_stat_activity where $1 = any(pg_blocking_pids(pid))
    union
    select a.pid from pg_stat_activity a join waiting w on w.pid = any(pg_blocking_pids(a.pid))
  ) select count(*)::int as n from waiting`;

async function waitForWaiters(watcher: pg.Client, pid: number, count: number): Promise<void> {
  // Polls the lock table: the condition is another backend's state, which no event announces.
  for (let i = 0; i < 1000; i++) {
    const { rows } = await watcher.query(WAITERS, [pid]);
    if (rows[0].n >= count) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`fewer than ${count} backends became blocked by the held transaction within 10 s`);
}
