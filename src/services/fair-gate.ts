// A semaphore shared fairly among parties (the tenants whose webhook names are looked up): at most
// `slots` tasks run at once and at most `perParty` of one party's, and parties waiting for a freed
// slot take it in turn. So one party's tasks that never end hold that party's share, never every
// slot, and a flood from one party waits in its own line, not in front of everyone else's.
interface Waiter {
  start: () => void;
}

export interface FairGateBounds {
  /** Tasks running at once. */
  slots: number;
  /** Tasks of one party running at once. */
  perParty: number;
  /** Tasks waiting, in all and of one party; one more is refused at once. */
  queueLimit: number;
  partyQueueLimit: number;
}

export class FairGate {
  private running = 0;
  private readonly runningOf = new Map<string, number>();
  /** Waiting tasks by party; a Map keeps the parties in turn (one served goes to the back). */
  private readonly waiting = new Map<string, Waiter[]>();
  private waitingCount = 0;

  constructor(private readonly bounds: FairGateBounds, private readonly refuse: () => Error) {
    if (bounds.slots < 1 || bounds.perParty < 1) throw new RangeError('a gate needs at least one slot');
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waitingCount;
  }

  /** Runs `task` in `party`'s turn. An abort while it waits takes it out of the line (and rejects). */
  async run<T>(party: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.mayStart(party)) this.take(party);
    else await this.wait(party, signal);
    try {
      return await task();
    } finally {
      this.release(party);
    }
  }

  private mayStart(party: string): boolean {
    return this.running < this.bounds.slots && (this.runningOf.get(party) ?? 0) < this.bounds.perParty && !this.waiting.has(party);
  }

  private take(party: string): void {
    this.running++;
    this.runningOf.set(party, (this.runningOf.get(party) ?? 0) + 1);
  }

  private wait(party: string, signal?: AbortSignal): Promise<void> {
    const line = this.waiting.get(party) ?? [];
    if (this.waitingCount >= this.bounds.queueLimit || line.length >= this.bounds.partyQueueLimit) throw this.refuse();
    if (signal?.aborted) throw signal.reason;
    return new Promise<void>((resolve, reject) => {
      const abort = () => {
        const at = line.indexOf(waiter);
        if (at !== -1) line.splice(at, 1);
        if (line.length === 0 && this.waiting.get(party) === line) this.waiting.delete(party);
        this.waitingCount--;
        reject(signal!.reason);
      };
      // Called by release() with the slot already taken for this party.
      const waiter: Waiter = { start: () => { signal?.removeEventListener('abort', abort); resolve(); } };
      line.push(waiter);
      this.waiting.set(party, line);
      this.waitingCount++;
      signal?.addEventListener('abort', abort, { once: true });
    });
  }

  private release(party: string): void {
    this.running--;
    const left = this.runningOf.get(party)! - 1;
    if (left === 0) this.runningOf.delete(party);
    else this.runningOf.set(party, left);
    for (const [next, line] of this.waiting) {
      if ((this.runningOf.get(next) ?? 0) >= this.bounds.perParty) continue;
      const waiter = line.shift()!;
      this.waitingCount--;
      // To the back of the turn, or out of it when its line is empty.
      this.waiting.delete(next);
      if (line.length > 0) this.waiting.set(next, line);
      this.take(next);
      waiter.start();
      return;
    }
  }
}
