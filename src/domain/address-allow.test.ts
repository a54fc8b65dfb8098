import { describe, expect, it } from 'vitest';
import { AddressAllowList, parseAllowEntries } from './address-allow.js';

describe('the webhook allow list', () => {
  it('reads CIDRs, single addresses and loopback from a comma list', () => {
    expect(parseAllowEntries(' 10.1.0.0/16, fd00::/8 ,LOOPBACK,192.168.1.5 ')).toEqual(['10.1.0.0/16', 'fd00::/8', 'loopback', '192.168.1.5']);
    expect(parseAllowEntries('')).toEqual([]);
  });

  it.each(['10.0.0.0/33', 'fd00::/129', '10.0.0.0/8/8', 'example.com', '10.0.0/8', 'local', '10.0.0.0/x'])('refuses %s, naming it', (entry) => {
    expect(() => parseAllowEntries(`loopback,${entry}`)).toThrow(entry);
  });

  it('allows loopback in both families, and the IPv4-mapped form of an allowed IPv4 address', () => {
    const allow = new AddressAllowList(['loopback']);
    for (const a of ['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1']) expect(allow.allows(a), a).toBe(true);
    for (const a of ['10.0.0.1', '::2', '128.0.0.1', 'localhost']) expect(allow.allows(a), a).toBe(false);
  });

  it('allows the listed ranges and nothing else', () => {
    const allow = new AddressAllowList(['10.1.0.0/16', 'fd00::/8', '192.168.1.5']);
    for (const a of ['10.1.2.3', 'fd12::1', '192.168.1.5', '::ffff:10.1.0.9']) expect(allow.allows(a), a).toBe(true);
    for (const a of ['10.2.0.1', 'fc00::1', '192.168.1.6', '127.0.0.1']) expect(allow.allows(a), a).toBe(false);
    expect(new AddressAllowList([]).allows('127.0.0.1')).toBe(false);
  });
});
