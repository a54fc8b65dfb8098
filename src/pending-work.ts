// Work a caller starts and does not await (an event written after the answer, a count sent to
// Redis), kept so that a stop can wait for it before the database or connection it needs closes.

export class PendingWork {
  private readonly pending = new Set<Promise<unknown>>();

  /**
   * Keeps `work` until it settles, and hands it back. Its failure is the caller's to handle: keeping
   * it marks it handled, so a failure no one catches is not reported as an unhandled rejection.
   */
  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const forget = () => { this.pending.delete(work); };
    work.then(forget, forget);
    return work;
  }

  /** Resolves when everything tracked so far, and anything it started meanwhile, has settled; never rejects. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  get size(): number {
    return this.pending.size;
  }
}
