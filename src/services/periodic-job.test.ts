import { describe, expect, it, vi } from 'vitest';
import { PeriodicJob } from './periodic-job.js';

/** A pass that waits until released, recording how it was called. */
function heldPasses() {
  const calls: boolean[] = [];
  const releases: (() => void)[] = [];
  const pass = (atStart: boolean) => {
    calls.push(atStart);
    return new Promise<void>((resolve) => releases.push(resolve));
  };
  return { calls, releases, pass };
}

describe('PeriodicJob', () => {
  it('runs a pass at start, told so, and does not start a second one while it runs', async () => {
    const { calls, releases, pass } = heldPasses();
    const job = new PeriodicJob('test', 3_600_000, pass);
    job.start();
    const again = job.run();
    expect(calls).toEqual([true]);
    releases[0]();
    await again;
    const next = job.run();
    expect(calls).toEqual([true, false]);
    releases[1]();
    await next;
  });

  it('ticks every interval with the injected timers, and a stop waits for the pass in flight', async () => {
    vi.useFakeTimers();
    try {
      const { calls, releases, pass } = heldPasses();
      const job = new PeriodicJob('test', 1000, pass);
      job.start();
      releases[0]();
      await vi.advanceTimersByTimeAsync(1000);
      expect(calls).toEqual([true, false]);
      let stopped = false;
      const stopping = job.stop().then(() => { stopped = true; });
      await vi.advanceTimersByTimeAsync(5000);
      expect(stopped).toBe(false);
      expect(calls).toHaveLength(2); // no tick after stop
      releases[1]();
      await stopping;
      expect(stopped).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('hands a failed pass to onError with its name and runs the next one', async () => {
    const errors: [unknown, string][] = [];
    let fail = true;
    const job = new PeriodicJob('expiry reminders', 3_600_000, async () => {
      if (fail) throw new Error('down');
    }, (err, what) => errors.push([err, what]));
    await job.run();
    fail = false;
    await job.run();
    expect(errors).toHaveLength(1);
    expect(errors[0][1]).toBe('expiry reminders');
    expect((errors[0][0] as Error).message).toBe('down');
  });
});
