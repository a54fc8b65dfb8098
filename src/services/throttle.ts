// Fixed one-minute windows of failure counts per subject (an IP, an account). In memory and
// bounded: when full, the oldest window is dropped, so a flood of distinct subjects cannot grow it.
export class FailureWindows {
  private readonly windows = new Map<string, { start: number; count: number; reported: boolean }>();

  constructor(private readonly limit: number, private readonly windowMs = 60_000, private readonly maxEntries = 100_000) {}

  private current(subject: string, now: number) {
    const w = this.windows.get(subject);
    if (w && now - w.start < this.windowMs) return w;
    if (w) this.windows.delete(subject);
    return undefined;
  }

  /** Milliseconds until the subject may try again, or 0 when it is not throttled. */
  blockedFor(subject: string, now: number): number {
    if (this.limit === 0) return 0;
    const w = this.current(subject, now);
    return w && w.count >= this.limit ? w.start + this.windowMs - now : 0;
  }

  /** Counts a failure; answers true the first time the subject crosses the limit in this window. */
  fail(subject: string, now: number): boolean {
    if (this.limit === 0) return false;
    let w = this.current(subject, now);
    if (!w) {
      if (this.windows.size >= this.maxEntries) this.windows.delete(this.windows.keys().next().value!);
      w = { start: now, count: 0, reported: false };
      this.windows.set(subject, w);
    }
    w.count++;
    if (w.count >= this.limit && !w.reported) {
      w.reported = true;
      return true;
    }
    return false;
  }

  clear(subject: string): void {
    this.windows.delete(subject);
  }

  get size(): number {
    return this.windows.size;
  }
}
