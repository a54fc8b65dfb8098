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

  it('checks an IPv4 address only against IPv4 entries, though Node\'s BlockList would match it to IPv6 ones', () => {
    // Security review: with one BlockList, `::/0` admitted every IPv4 client.
    for (const v6 of ['::/0', '::/80', '::ffff:0:0/95', '::', '64:ff9b::/96']) {
      const allow = new AddressAllowList([v6]);
      for (const a of ['127.0.0.1', '10.1.2.3', '0.0.0.0', '::ffff:127.0.0.1']) expect(allow.allows(a), `${v6} ${a}`).toBe(false);
    }
    expect(new AddressAllowList(['::/0']).allows('2001:db8::1')).toBe(true);
    // And an IPv6 address only against IPv6 entries.
    const v4 = new AddressAllowList(['0.0.0.0/0']);
    for (const a of ['::1', '2001:db8::1', '::']) expect(v4.allows(a), a).toBe(false);
    expect(v4.allows('::ffff:192.0.2.1')).toBe(true);
    // An IPv4-mapped entry is the IPv4 range it names.
    const mapped = new AddressAllowList(['::ffff:10.0.0.0/104', '::ffff:192.0.2.7']);
    for (const a of ['10.9.9.9', '::ffff:10.1.1.1', '192.0.2.7']) expect(mapped.allows(a), a).toBe(true);
    for (const a of ['11.0.0.1', '192.0.2.8']) expect(mapped.allows(a), a).toBe(false);
  });
});
