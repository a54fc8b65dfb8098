import { describe, expect, it } from 'vitest';
import { boundedResolver } from './resolver.js';

/** A lookup that answers only when the test says so. */
function heldLookup() {
  const pending: { hostname: string; answer: () => void }[] = [];
  const look = (hostname: string) => new Promise<{ address: string; family: number }[]>((resolve) => {
    pending.push({ hostname, answer: () => resolve([{ address: '93.184.215.14', family: 4 }]) });
  });
  return { look, pending };
}

describe('boundedResolver', () => {
  it('runs one lookup at a time: a second waits until the first is answered', async () => {
    const { look, pending } = heldLookup();
    const resolver = boundedResolver(look, { slots: 1, queueLimit: 4, timeoutMs: 60_000 });
    const first = resolver.resolve('one.example');
    const second = resolver.resolve('two.example');
    await Promise.resolve();
    expect(pending.map((p) => p.hostname)).toEqual(['one.example']);
    pending[0].answer();
    expect(await first).toEqual([{ address: '93.184.215.14', family: 4 }]);
    await new Promise((r) => setImmediate(r));
    expect(pending.map((p) => p.hostname)).toEqual(['one.example', 'two.example']);
    pending[1].answer();
    expect(await second).toHaveLength(1);
  });

  it('fails a lookup past the queue at once, and one that is not answered within the timeout', async () => {
    const { look } = heldLookup();
    const resolver = boundedResolver(look, { slots: 1, queueLimit: 1, timeoutMs: 50 });
    const running = resolver.resolve('slow.example');
    const queued = resolver.resolve('queued.example');
    await expect(resolver.resolve('third.example')).rejects.toThrow(/too many/);
    await expect(running).rejects.toThrow(/timed out/);
    await expect(queued).rejects.toThrow(/timed out/);
  });
});
