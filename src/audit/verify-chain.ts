// `keywarden audit verify`: walks every hash chain (each tenant's, and the platform's) in seq order,
// recomputes each event's hash, checks the links and the chain head, and names the first broken
// event of each chain. It reads the database directly, so it also works while the server is down.
import { hashEvent, PLATFORM_CHAIN, toEventView } from './events.js';
import type { Store, Trx } from '../store/store.js';
import type { EventTable } from '../store/schema.js';

export interface ChainProblem {
  chain: string;
  /** The seq of the first event that does not check out (for a bad chain head: the head's seq). */
  seq: number;
  eventId: string | null;
  problem: string;
}

export interface ChainReport {
  chains: number;
  events: number;
  problems: ChainProblem[];
}

// Chains are read in pages, so a tenant with millions of events does not need them all in memory.
const BATCH = 1000;

export async function verifyChains(store: Store): Promise<ChainReport> {
  // One read snapshot, so events appended by a running server while we walk are not mistaken for
  // a chain head that runs ahead of its events. SQLite's WAL gives a snapshot to any read transaction.
  let tx = store.db.transaction();
  if (store.dialect === 'postgres') tx = tx.setIsolationLevel('repeatable read').setAccessMode('read only');
  return tx.execute(async (trx) => {
    const heads = new Map(
      (await trx.selectFrom('chain_heads').select(['chain', 'seq', 'hash']).execute())
        .map((h) => [h.chain, { seq: Number(h.seq), hash: h.hash }]),
    );
    const eventChains = (await trx.selectFrom('events').select('chain').distinct().execute()).map((r) => r.chain);
    const chains = [...new Set([...eventChains, ...heads.keys()])].sort();
    const report: ChainReport = { chains: chains.length, events: 0, problems: [] };
    for (const chain of chains) {
      const { events, problem } = await verifyChain(trx, chain, heads.get(chain) ?? null);
      report.events += events;
      if (problem) report.problems.push(problem);
    }
    return report;
  });
}

interface Link {
  seq: number;
  hash: string;
}

/** The first problem of one chain (or null) and how many events it holds. */
async function verifyChain(trx: Trx, chain: string, head: Link | null): Promise<{ events: number; problem: ChainProblem | null }> {
  let previous: Link | null = null;
  let problem: ChainProblem | null = null;
  let events = 0;
  for (;;) {
    const rows = await trx.selectFrom('events').selectAll().where('chain', '=', chain)
      .$if(previous !== null, (qb) => qb.where('seq', '>', previous!.seq))
      .orderBy('seq').limit(BATCH).execute();
    for (const row of rows) {
      events++;
      // After the first break the rest of the chain is only counted: its links are suspect anyway.
      if (!problem) {
        const found = checkEvent(chain, row, previous);
        if (found) problem = { chain, seq: Number(row.seq), eventId: row.id, problem: found };
      }
      previous = { seq: Number(row.seq), hash: row.hash };
    }
    if (rows.length < BATCH) break;
  }
  if (!problem) problem = checkHead(chain, head, previous);
  return { events, problem };
}

/** What is wrong with one event given the one before it in its chain, or null. */
export function checkEvent(chain: string, row: EventTable, previous: Link | null): string | null {
  const seq = Number(row.seq);
  const expectedSeq = (previous?.seq ?? 0) + 1;
  if (seq !== expectedSeq) {
    const missing = seq - expectedSeq;
    return missing > 0
      ? `seq ${seq} follows ${previous ? `seq ${previous.seq}` : 'the start of the chain'}: ${missing} event${missing === 1 ? '' : 's'} missing (deleted?)`
      : `seq ${seq} repeats or goes back after seq ${previous?.seq ?? 0}`;
  }
  if (row.prev_hash !== (previous?.hash ?? null)) {
    return previous
      ? `prevHash does not match the hash of seq ${previous.seq} (events reordered, replaced or deleted?)`
      : 'the first event of the chain has a prevHash (events before it deleted?)';
  }
  if ((row.tenant_id ?? PLATFORM_CHAIN) !== chain) return `the event belongs to ${row.tenant_id ?? PLATFORM_CHAIN} but sits in this chain`;
  let view;
  try {
    view = toEventView(row);
  } catch {
    return 'details is not valid JSON (edited?)';
  }
  const { hash: _stored, ...body } = view;
  if (hashEvent(body) !== row.hash) return 'the hash does not match the event\'s contents (edited?)';
  return null;
}

function checkHead(chain: string, head: Link | null, last: Link | null): ChainProblem | null {
  if (!head && !last) return null;
  if (!head) return { chain, seq: last!.seq, eventId: null, problem: 'the chain has events but no chain head' };
  // A head at seq 0 is an opened, still empty chain (a writer may create the head before its first event).
  if (!last) return head.seq === 0 ? null : { chain, seq: head.seq, eventId: null, problem: `the chain head is at seq ${head.seq} but the chain has no events (deleted?)` };
  if (head.seq !== last.seq || head.hash !== last.hash) {
    return {
      chain, seq: head.seq, eventId: null,
      problem: head.seq > last.seq
        ? `the chain head is at seq ${head.seq} but the last event is seq ${last.seq} (events deleted from the end?)`
        : `the chain head (seq ${head.seq}) does not match the last event (seq ${last.seq})`,
    };
  }
  return null;
}

/** A human summary for the CLI: one line for the totals, then one line per broken chain. */
export function formatReport(report: ChainReport): string {
  const totals = `Checked ${report.chains} chain${report.chains === 1 ? '' : 's'} with ${report.events} event${report.events === 1 ? '' : 's'}`;
  if (report.problems.length === 0) return `${totals}: every chain is intact.`;
  const lines = report.problems.map((p) =>
    `  ${p.chain === PLATFORM_CHAIN ? 'platform' : `tenant ${p.chain}`}, seq ${p.seq}${p.eventId ? ` (${p.eventId})` : ''}: ${p.problem}`);
  const n = report.problems.length;
  return [`${totals}: ${n} chain${n === 1 ? ' is' : 's are'} broken (the first broken event of each is named).`, ...lines].join('\n');
}
