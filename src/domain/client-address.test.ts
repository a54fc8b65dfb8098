import { describe, expect, it } from 'vitest';
import { proxyTrustOf, throttleKeyOf } from './client-address.js';

describe('throttleKeyOf', () => {
  it('keeps an IPv4 address as it is', () => {
    expect(throttleKeyOf('198.51.100.7')).toBe('198.51.100.7');
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address, however it is written', () => {
    expect(throttleKeyOf('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(throttleKeyOf('::FFFF:c633:6407')).toBe('198.51.100.7');
    expect(throttleKeyOf('0:0:0:0:0:ffff:198.51.100.7')).toBe('198.51.100.7');
  });

  it('counts every address of one IPv6 /64 as one client', () => {
    const key = throttleKeyOf('2001:db8:1:2::1');
    expect(key).toBe('2001:db8:1:2::/64');
    expect(throttleKeyOf('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe(key);
    expect(throttleKeyOf('2001:0DB8:0001:0002:abcd::9')).toBe(key);
    expect(throttleKeyOf('2001:db8:1:2:0:0:0:1%eth0')).toBe(key);
    expect(throttleKeyOf('2001:db8:1:3::1')).not.toBe(key);
  });

  it('handles the shortest forms', () => {
    expect(throttleKeyOf('::1')).toBe('0:0:0:0::/64');
    expect(throttleKeyOf('::')).toBe('0:0:0:0::/64');
    expect(throttleKeyOf('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(throttleKeyOf('::2:3:4:5:6:7:8')).toBe('0:2:3:4::/64');
  });

  it('passes anything that is not an address through unchanged', () => {
    expect(throttleKeyOf('unknown')).toBe('unknown');
  });
});

describe('proxyTrustOf', () => {
  it('trusts the n nearest hops for a hop count, and none for 0', () => {
    const trust = proxyTrustOf(2);
    expect(typeof trust).toBe('function');
    const hops = (trust as (a: string, hop: number) => boolean);
    expect([0, 1, 2, 3].map((hop) => hops('203.0.113.1', hop))).toEqual([true, true, false, false]);
    expect(proxyTrustOf(0)).toBe(false);
    expect(proxyTrustOf(true)).toBe(true);
    expect(proxyTrustOf(['10.0.0.0/8'])).toEqual(['10.0.0.0/8']);
  });
});
