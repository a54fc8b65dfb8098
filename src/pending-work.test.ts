import { describe, expect, it } from 'vitest';
import { PendingWork } from './pending-work.js';

function held<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

describe('PendingWork', () => {
  it('settles only once every tracked promise has, whether it resolved or failed', async () => {
    const work = new PendingWork();
    const [a, b] = [held(), held()];
    work.track(a.promise);
    work.track(b.promise).catch(() => {});
    expect(work.size).toBe(2);
    const order: string[] = [];
    const settled = work.settled().then(() => order.push('settled'));
    a.resolve();
    await a.promise;
    order.push('a');
    b.reject(new Error('lost connection'));
    await settled;
    expect(order).toEqual(['a', 'settled']);
    expect(work.size).toBe(0);
  });

  it('also waits for work tracked while it waits', async () => {
    const work = new PendingWork();
    const [first, second] = [held(), held()];
    work.track(first.promise.then(() => { work.track(second.promise); }));
    let settled = false;
    const waiting = work.settled().then(() => { settled = true; });
    first.resolve();
    await first.promise;
    await Promise.resolve();
    expect(work.size).toBe(1);
    expect(settled).toBe(false);
    second.resolve();
    await waiting;
    expect(settled).toBe(true);
  });

  it('settles at once with nothing tracked', async () => {
    await expect(new PendingWork().settled()).resolves.toBeUndefined();
  });
});
