// Runs the tenant key policies (key-policies.ts) at start and at least hourly, on one node at a time:
// every node looks each minute, and the node that takes the lease (lease.ts) while the job is due
// runs a pass, renews the lease between batches, and gives it back with the time it ran, so the
// nodes share one hourly cadence. A node that dies mid-pass loses the lease when it expires.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { ServiceContext } from './context.js';
import { Lease } from './lease.js';
import { PeriodicJob } from './periodic-job.js';
import { runKeyPolicies, type PolicyCounts } from './key-policies.js';

export const POLICY_LEASE = 'key-policies';

export interface PolicyJobOptions {
  /** How often the job runs (across all nodes); default an hour. */
  everyMs?: number;
  /** How often each node looks whether it is due; default a minute. */
  tickMs?: number;
  /** How long a lease lasts unless renewed; default 10 minutes. */
  leaseMs?: number;
  onError?: (err: unknown, what: string) => void;
}

export class PolicyJob {
  readonly lease: Lease;
  private readonly everyMs: number;
  private readonly job: PeriodicJob;

  constructor(private readonly ctx: ServiceContext, private readonly options: PolicyJobOptions = {}) {
    this.everyMs = options.everyMs ?? 3_600_000;
    const holder = `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
    this.lease = new Lease(ctx.store, POLICY_LEASE, holder, options.leaseMs ?? 600_000);
    // At start it runs whatever the last run on another node; then it looks every tick.
    this.job = new PeriodicJob('key policies', options.tickMs ?? 60_000, (atStart) => this.runOnce({ force: atStart }), options.onError);
  }

  /**
   * One attempt: takes the lease (when free and, unless `force`, when the job is due), runs a pass
   * and gives the lease back. Answers the pass's counts, or null when another node holds the lease
   * or the job ran within the hour.
   */
  async runOnce(options: { force?: boolean } = {}): Promise<PolicyCounts | null> {
    const startedAt = this.ctx.now();
    if (!(await this.lease.acquire(startedAt, options.force ? undefined : this.everyMs))) return null;
    let finished = false;
    let kept = true;
    try {
      const counts = await runKeyPolicies(this.ctx, startedAt, async () => (kept = await this.lease.renew(this.ctx.now())));
      // A pass cut short (the lease was lost) leaves the job due, so the next holder runs it whole.
      finished = kept;
      return counts;
    } finally {
      await this.lease.release(this.ctx.now(), finished ? startedAt : undefined);
    }
  }

  /** Runs at start (whatever the last run on another node) and then looks every tick. */
  start(): void {
    this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }
}
