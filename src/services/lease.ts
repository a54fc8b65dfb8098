// A lease on a job in the database (job_leases, migration 015), so that with several nodes on one
// PostgreSQL exactly one runs the job at a time. One conditional UPDATE takes it, on both
// databases: PostgreSQL re-checks the WHERE of a row another writer changed meanwhile, SQLite has
// one writer. A holder that dies keeps it only until it expires. Times come from the injected clock;
// nodes' clocks are assumed to agree to well within the lease's length.
import type { Store } from '../store/store.js';

const EPOCH = new Date(0).toISOString();

export class Lease {
  constructor(
    private readonly store: Store,
    readonly name: string,
    /** Who holds it: unique per running job, so a restarted node does not take over its former self's lease. */
    readonly holder: string,
    private readonly ttlMs: number,
  ) {}

  /**
   * Takes the lease if it is free (expired, released, or already ours) and, when `everyMs` is given,
   * only if the job has not run to its end (on any node) within that time. Answers whether it did.
   */
  async acquire(now: Date, everyMs?: number): Promise<boolean> {
    const nowIso = now.toISOString();
    return this.store.write(async (trx) => {
      await trx.insertInto('job_leases').values({ name: this.name, holder: null, expires_at: EPOCH, ran_at: null })
        .onConflict((oc) => oc.column('name').doNothing()).execute();
      const taken = await trx.updateTable('job_leases')
        .set({ holder: this.holder, expires_at: new Date(now.getTime() + this.ttlMs).toISOString() })
        .where('name', '=', this.name)
        .where((eb) => eb.or([eb('expires_at', '<=', nowIso), eb('holder', '=', this.holder)]))
        .$if(everyMs !== undefined, (qb) => qb.where((eb) => eb.or([
          eb('ran_at', 'is', null), eb('ran_at', '<=', new Date(now.getTime() - everyMs!).toISOString()),
        ])))
        .executeTakeFirst();
      return Number(taken.numUpdatedRows) === 1;
    });
  }

  /** Extends a lease this holder still has; false when it was lost (expired and taken by another). */
  async renew(now: Date): Promise<boolean> {
    return this.store.write(async (trx) => {
      const renewed = await trx.updateTable('job_leases').set({ expires_at: new Date(now.getTime() + this.ttlMs).toISOString() })
        .where('name', '=', this.name).where('holder', '=', this.holder).executeTakeFirst();
      return Number(renewed.numUpdatedRows) === 1;
    });
  }

  /** Gives the lease back at once; `ranAt` records that the job ran to its end. */
  async release(now: Date, ranAt?: Date): Promise<void> {
    await this.store.write(async (trx) => {
      await trx.updateTable('job_leases')
        .set({ expires_at: now.toISOString(), ...(ranAt && { ran_at: ranAt.toISOString() }) })
        .where('name', '=', this.name).where('holder', '=', this.holder).execute();
    });
  }
}
