import { describe, expect, it } from 'vitest';
import { retryDelayMs, withRetries, type RetryPolicy } from './retry.js';

const policy: RetryPolicy = { attempts: 4, baseDelayMs: 10, maxDelayMs: 50 };
const transient = new Error('deadlock');
const permanent = new Error('bad input');
const isRetryable = (err: unknown) => err === transient;

describe('write retries', () => {
  it('waits a random time up to a bound that doubles per retry and stops at the cap', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(policy, n, () => 0.999999))).toEqual([10, 20, 40, 50]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(policy, n, () => 0))).toEqual([0, 0, 0, 0]);
  });

  it('runs the attempt again after a retryable failure and answers its first success', async () => {
    const waits: number[] = [];
    let calls = 0;
    const value = await withRetries(policy, isRetryable, async (n) => {
      calls++;
      if (n < 3) throw transient;
      return `done on ${n}`;
    }, { sleep: async (ms) => { waits.push(ms); }, random: () => 0.5 });
    expect(value).toBe('done on 3');
    expect(calls).toBe(3);
    expect(waits).toEqual([5, 10]);
  });

  it('gives up after the policy\'s attempts with the last error', async () => {
    let calls = 0;
    await expect(withRetries(policy, isRetryable, async () => { calls++; throw transient; }, { sleep: async () => {} }))
      .rejects.toBe(transient);
    expect(calls).toBe(4);
  });

  it('does not retry any other failure', async () => {
    let calls = 0;
    await expect(withRetries(policy, isRetryable, async () => { calls++; throw permanent; }, { sleep: async () => {} }))
      .rejects.toBe(permanent);
    expect(calls).toBe(1);
  });
});
