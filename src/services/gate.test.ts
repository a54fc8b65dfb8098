import { describe, expect, it } from 'vitest';
import { Gate } from './gate.js';

/** A task that runs until its release() is called. */
function held() {
  let release!: () => void;
  const done = new Promise<void>((resolve) => { release = resolve; });
  let started = false;
  return { task: async () => { started = true; await done; return 'ran'; }, release, get started() { return started; } };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Gate', () => {
  it('runs at most `slots` tasks at once and starts a waiting one when a slot frees', async () => {
    const gate = new Gate(2, 5, () => new Error('full'));
    const tasks = [held(), held(), held()];
    const runs = tasks.map((t) => gate.run(t.task));
    await tick();
    expect(tasks.map((t) => t.started)).toEqual([true, true, false]);
    expect([gate.active, gate.queued]).toEqual([2, 1]);
    tasks[0].release();
    await tick();
    expect(tasks[2].started).toBe(true);
    expect([gate.active, gate.queued]).toEqual([2, 0]);
    tasks[1].release();
    tasks[2].release();
    expect(await Promise.all(runs)).toEqual(['ran', 'ran', 'ran']);
    expect([gate.active, gate.queued]).toEqual([0, 0]);
  });

  it('refuses a task at once when the queue is full, and takes new ones once it drains', async () => {
    const gate = new Gate(1, 1, () => new Error('full'));
    const [a, b] = [held(), held()];
    const runs = [gate.run(a.task), gate.run(b.task)];
    await expect(gate.run(async () => 'never')).rejects.toThrow('full');
    a.release();
    b.release();
    await Promise.all(runs);
    expect(await gate.run(async () => 'again')).toBe('again');
  });

  it('frees the slot when a task fails', async () => {
    const gate = new Gate(1, 0, () => new Error('full'));
    await expect(gate.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await gate.run(async () => 'next')).toBe('next');
  });
});
