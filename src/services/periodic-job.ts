// The one shape of the server's background jobs (expiry reminders, key policies, usage retention,
// session sweep): a pass at start and then every interval, never two passes of one job at once (a
// slow pass is not overtaken by the next tick), errors to the caller's log, and a stop that waits
// for the pass in flight so that shutdown does not cut a transaction short.
export interface PeriodicOptions {
  intervalMs?: number;
  onError?: (err: unknown, what: string) => void;
}

export class PeriodicJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  /** `pass` is told whether it is the one at start. */
  constructor(
    private readonly what: string,
    private readonly intervalMs: number,
    private readonly pass: (atStart: boolean) => Promise<unknown>,
    private readonly onError?: (err: unknown, what: string) => void,
  ) {}

  /** One pass now, unless one is running: then that one (concurrent calls share it). */
  run(atStart = false): Promise<unknown> {
    this.running ??= this.pass(atStart)
      .catch((err) => this.onError?.(err, this.what))
      .finally(() => { this.running = null; });
    return this.running;
  }

  start(): void {
    void this.run(true);
    this.timer = setInterval(() => void this.run(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
