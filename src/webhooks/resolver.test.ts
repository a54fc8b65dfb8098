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

/** Waits, a turn of the event loop at a time, until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let turns = 0; !done(); turns++) {
    if (turns > 1000) throw new Error('never happened');
    await new Promise((r) => setImmediate(r));
  }
}

describe('boundedResolver', () => {
  it('runs one lookup at a time: a second waits until the first is answered', async () => {
    const { look, pending } = heldLookup();
    const resolver = boundedResolver(look, { slots: 1, perParty: 1, queueLimit: 4, partyQueueLimit: 4, timeoutMs: 60_000 });
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
    const resolver = boundedResolver(look, { slots: 1, perParty: 1, queueLimit: 1, partyQueueLimit: 1, timeoutMs: 50 });
    const running = resolver.resolve('slow.example');
    const queued = resolver.resolve('queued.example');
    await expect(resolver.resolve('third.example')).rejects.toThrow(/too many/);
    await expect(running).rejects.toThrow(/timed out/);
    await expect(queued).rejects.toThrow(/timed out/);
  });

  it('shares its slots fairly by tenant: one tenant\'s names that never answer hold its own slot, not the others\'', async () => {
    // Before, one slot served the whole node: a tenant admin's 33 registrations naming hosts under a
    // silent DNS server filled it and its queue, and every tenant's deliveries failed with `dns`.
    const { look, pending } = heldLookup();
    const resolver = boundedResolver(look, { slots: 2, perParty: 1, queueLimit: 32, partyQueueLimit: 8, timeoutMs: 60_000 });
    // One running, eight in its line: the tenant's next is refused at once.
    const attacker = Array.from({ length: 9 }, (_, i) => resolver.resolve(`h${i}.attacker.example`, 'ten_attacker'));
    await expect(resolver.resolve('h9.attacker.example', 'ten_attacker')).rejects.toThrow(/too many/);
    const victim = resolver.resolve('hooks.victim.example', 'ten_victim');
    await Promise.resolve();
    expect(pending.map((p) => p.hostname)).toEqual(['h0.attacker.example', 'hooks.victim.example']);
    pending[1].answer();
    expect(await victim).toHaveLength(1);
    // The next victim lookup takes the freed slot, ahead of the attacker's line.
    const again = resolver.resolve('hooks.victim.example', 'ten_victim');
    await Promise.resolve();
    expect(pending.at(-1)!.hostname).toBe('hooks.victim.example');
    pending.at(-1)!.answer();
    expect(await again).toHaveLength(1);
    // The attacker's names answer at last: its line runs out, one lookup at a time.
    for (let answered = 2; answered < 2 + attacker.length; answered++) {
      await until(() => pending.length > answered);
      pending[answered === 2 ? 0 : answered].answer();
    }
    expect(await Promise.all(attacker)).toHaveLength(9);
  });

  it('takes a lookup that timed out while waiting out of the line, so it never runs', async () => {
    const { look, pending } = heldLookup();
    const resolver = boundedResolver(look, { slots: 1, perParty: 1, queueLimit: 4, partyQueueLimit: 4, timeoutMs: 50 });
    const running = resolver.resolve('slow.example', 'ten_a');
    const waiting = resolver.resolve('stale.example', 'ten_b');
    const [stale, slow] = await Promise.allSettled([waiting, running]);
    expect([stale.status, slow.status]).toEqual(['rejected', 'rejected']);
    pending[0].answer(); // the slow lookup ends at last: the stale one must not start
    await new Promise((r) => setImmediate(r));
    expect(pending.map((p) => p.hostname)).toEqual(['slow.example']);
    expect(await resolver.resolve('fresh.example', 'ten_b').then(() => 'answered', () => 'failed')).toBe('failed'); // held, times out
    expect(pending.map((p) => p.hostname)).toEqual(['slow.example', 'fresh.example']);
  });
});
