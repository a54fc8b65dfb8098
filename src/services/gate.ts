// A semaphore with a bounded queue: at most `slots` tasks run at once, at most `queueLimit` wait,
// and a task beyond that is refused at once. Password hashing goes through one, so a flood of
// sign-ins waits its turn for the thread pool (or is turned away) instead of starving the server.
export class Gate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly slots: number, readonly queueLimit: number, private readonly refuse: () => Error) {
    if (slots < 1) throw new RangeError('a gate needs at least one slot');
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.slots) {
      if (this.waiting.length >= this.queueLimit) throw this.refuse();
      // The slot is handed over by release(), so `running` never drops below the slots in use.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
