import { describe, expect, it } from 'vitest';
import { FailureWindows } from './windows.js';

describe('FailureWindows', () => {
  it('counts an attempt before it is checked and refuses past the limit until the window ends', () => {
    const w = new FailureWindows(3);
    expect([0, 1, 2].map(() => w.take('a', 1000).waitMs)).toEqual([0, 0, 0]);
    expect(w.take('a', 1000)).toEqual({ waitMs: 60_000, firstRefusal: true });
    expect(w.take('a', 31_000)).toEqual({ waitMs: 30_000, firstRefusal: false });
    expect(w.take('b', 31_000).waitMs).toBe(0);
    expect(w.take('a', 61_000).waitMs).toBe(0);
  });

  it('counts several attempts at once, all or none, and refuses those that would pass the limit', () => {
    const w = new FailureWindows(10);
    expect(w.take('a', 0, 6).waitMs).toBe(0);
    expect(w.take('a', 0, 5).waitMs).toBe(60_000);
    expect(w.take('a', 0, 4).waitMs).toBe(0);
    expect(w.take('a', 0).waitMs).toBe(60_000);
    expect(w.blockedFor('a', 0)).toBe(60_000);
    expect(w.take('b', 0, 11).waitMs).toBe(60_000);
  });

  it('takes back a given-back attempt, so a success does not use up the limit', () => {
    const w = new FailureWindows(2);
    w.take('a', 0);
    w.giveBack('a', 0);
    w.take('a', 0);
    expect(w.take('a', 0).waitMs).toBe(0);
    expect(w.take('a', 0).waitMs).toBeGreaterThan(0);
  });

  it('answers true once, when a subject first reaches its limit of failures', () => {
    const w = new FailureWindows(2);
    expect([w.fail('ip', 0), w.fail('ip', 0), w.fail('ip', 0)]).toEqual([false, true, false]);
    expect(w.blockedFor('ip', 10)).toBe(59_990);
    expect(w.blockedFor('other', 10)).toBe(0);
  });

  it('never evicts a blocked window to make room: the oldest open one goes instead', () => {
    const w = new FailureWindows(2, 60_000, 3);
    w.fail('attacker', 0);
    w.fail('attacker', 0); // blocked, and the oldest entry
    w.fail('x', 1);
    w.fail('y', 2);
    for (let i = 0; i < 10; i++) w.fail(`flood-${i}`, 3 + i);
    expect(w.size).toBe(3);
    expect(w.blockedFor('attacker', 100)).toBeGreaterThan(0);
  });

  it('keeps no window for attempts given back or refused, so they cannot evict a subject\'s counted attempts', () => {
    const w = new FailureWindows(3, 60_000, 3);
    w.take('victim', 0);
    w.take('victim', 0);
    // Before, each of these left a window at 0, and the table evicted the victim's (oldest) one.
    for (let i = 0; i < 10; i++) {
      w.take(`made-up-${i}`, 1);
      w.giveBack(`made-up-${i}`, 1);
      w.take(`too-many-${i}`, 1, 4);
    }
    expect(w.size).toBe(1);
    expect(w.take('victim', 2).waitMs).toBe(0);
    expect(w.take('victim', 2).waitMs).toBe(59_998);
  });

  it('refuses new subjects while every window is blocked, and takes them again once the blocks end', () => {
    const w = new FailureWindows(1, 60_000, 2);
    w.fail('a', 0);
    w.fail('b', 10);
    expect(w.take('c', 20)).toEqual({ waitMs: 59_980, firstRefusal: false });
    expect(w.blockedFor('c', 20)).toBe(59_980);
    expect(w.take('c', 60_001).waitMs).toBe(0);
  });

  it('blocks a subject until the end of a window another node reported', () => {
    const w = new FailureWindows(5);
    w.block('ip', 1000, 45_000);
    expect(w.blockedFor('ip', 1000)).toBe(44_000);
    expect(w.blockedFor('ip', 45_000)).toBe(0);
  });

  it('says whether any subject may be blocked, so a check can be skipped when none is', () => {
    const w = new FailureWindows(2);
    w.fail('a', 0);
    expect(w.mayBlock).toBe(false);
    w.fail('a', 0);
    expect(w.mayBlock).toBe(true);
  });

  it('counts nothing with a limit of 0', () => {
    const w = new FailureWindows(0);
    for (let i = 0; i < 5; i++) expect(w.take('a', 0).waitMs).toBe(0);
    expect(w.fail('a', 0)).toBe(false);
    expect(w.blockedFor('a', 0)).toBe(0);
  });
});
