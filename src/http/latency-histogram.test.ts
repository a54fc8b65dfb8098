import { describe, expect, it } from 'vitest';
import { Histogram, Registry } from 'prom-client';
import { LatencyHistogram } from './latency-histogram.js';

describe('LatencyHistogram', () => {
  it('writes the same exposition text as prom-client\'s Histogram for the same observations', async () => {
    const buckets = [0.001, 0.01, 0.1];
    const ours = new Registry();
    const theirs = new Registry();
    const fast = new LatencyHistogram('t_seconds', 'A test.', buckets, ours);
    const reference = new Histogram({ name: 't_seconds', help: 'A test.', buckets, registers: [theirs] });
    for (const s of [0.0005, 0.001, 0.002, 0.05, 0.1, 0.2, 3]) {
      fast.observe(s);
      reference.observe(s);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.metrics()).toContain('t_seconds_bucket{le="0.01"} 3');
    fast.reset();
    expect(await ours.metrics()).toContain('t_seconds_count 0');
  });
});
