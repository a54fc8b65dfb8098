// The queue between POST /leaks and the work it asks for. The route answers 202 first and only then
// hands the keys over; they are looked up later, one by one, so neither the answer nor its timing
// can say whether a key exists (DESIGN v1.1 "Leak reports": no oracle).
import type { ServiceContext } from './context.js';
import { handleReportedKey, type LeakReport } from './leaks.js';

export interface LeakQueueOptions {
  /** Most keys waiting at once; a report past it is dropped (and logged), never answered otherwise. */
  maxPending: number;
  onError: (err: unknown, what: string) => void;
  /** Tests: awaited before each key is processed, to hold processing while the answer is checked. */
  beforeProcessing?: () => Promise<void>;
}

interface Pending {
  presented: string;
  report: LeakReport;
}

export class LeakQueue {
  private readonly pending: Pending[] = [];
  private draining: Promise<void> | null = null;
  private readonly options: LeakQueueOptions;

  constructor(private readonly ctx: ServiceContext, options: Partial<LeakQueueOptions> = {}) {
    this.options = { maxPending: 10_000, onError: () => {}, ...options };
  }

  /** Takes a report's keys (each once) for processing after the current turn; never waits. */
  push(keys: readonly string[], report: LeakReport): void {
    const distinct = [...new Set(keys)];
    const room = this.options.maxPending - this.pending.length;
    if (distinct.length > room) {
      this.options.onError(new Error(`${distinct.length - Math.max(0, room)} reported keys dropped: the leak queue is full`), 'leak report');
    }
    for (const presented of distinct.slice(0, Math.max(0, room))) this.pending.push({ presented, report });
    // setImmediate: the route's answer is on its way before the first lookup starts.
    this.draining ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
  }

  private async drain(): Promise<void> {
    try {
      for (let item = this.pending.shift(); item; item = this.pending.shift()) {
        await this.options.beforeProcessing?.();
        await handleReportedKey(this.ctx, item.presented, item.report)
          .catch((err) => this.options.onError(err, 'leak report'));
      }
    } finally {
      this.draining = null;
    }
  }

  /** Keys waiting (not counting one being processed). */
  get size(): number {
    return this.pending.length;
  }

  /** Resolves when every key handed over so far has been processed (tests; shutdown). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }
}
