import { describe, expect, it } from 'vitest';
import { allowedIpsWithin, compileAllowedIps, effectiveAllowedIps, normalizeAllowedIps } from './allowed-ips.js';
import { KeywardenError } from '../errors.js';

describe('normalizeAllowedIps', () => {
  it('writes each entry in one canonical form and drops duplicates', () => {
    expect(normalizeAllowedIps([
      '203.0.113.7', '203.0.113.7/32', '10.1.2.3/8', ' 198.51.100.0/24 ', '2001:DB8:0:0:0:0:0:1', '2001:db8::1/128',
      '2001:db8:aaaa:bbbb::1/64', '::ffff:192.0.2.0/120', '::FFFF:192.0.2.9', '0.0.0.0/0', '::/0', '2001:0:0:1::/64',
    ], '/allowedIps')).toEqual([
      '203.0.113.7', '10.0.0.0/8', '198.51.100.0/24', '2001:db8::1', '2001:db8:aaaa:bbbb::/64', '192.0.2.0/24',
      '192.0.2.9', '0.0.0.0/0', '::/0', '2001:0:0:1::/64',
    ]);
  });

  it.each(['10.0.0.0/33', '2001:db8::/129', '10.0.0.0/8/8', 'example.com', '10.0.0/8', '10.0.0.0/x', 'fe80::1%eth0', '', '1.2.3.4/-1'])(
    'refuses %j, naming the entry by its index', (entry) => {
      try {
        normalizeAllowedIps(['10.0.0.1', entry], '/allowedIps');
        expect.unreachable();
      } catch (err) {
        expect((err as KeywardenError).code).toBe('VALIDATION_FAILED');
        expect((err as KeywardenError).extra.details?.[0].field).toBe('/allowedIps/1');
      }
    });

  it('takes at most 100 entries', () => {
    const list = Array.from({ length: 101 }, (_, i) => `10.0.${i}.0/24`);
    expect(normalizeAllowedIps(list.slice(0, 100), '/allowedIps')).toHaveLength(100);
    expect(() => normalizeAllowedIps(list, '/allowedIps')).toThrow(KeywardenError);
  });
});

describe('the compiled matcher', () => {
  it('matches IPv4 addresses and CIDRs', () => {
    const m = compileAllowedIps(normalizeAllowedIps(['198.51.100.0/24', '203.0.113.7'], '/x'));
    for (const a of ['198.51.100.1', '198.51.100.255', '203.0.113.7']) expect(m.allows(a), a).toBe(true);
    for (const a of ['198.51.101.1', '203.0.113.8', '2001:db8::1', 'unknown', '']) expect(m.allows(a), a).toBe(false);
  });

  it('matches IPv6 addresses and CIDRs, however they are written', () => {
    const m = compileAllowedIps(normalizeAllowedIps(['2001:db8:1::/48', '2001:db8:ffff::5'], '/x'));
    for (const a of ['2001:db8:1::1', '2001:DB8:1:ffff::9', '2001:db8:ffff:0:0:0:0:5']) expect(m.allows(a), a).toBe(true);
    for (const a of ['2001:db8:2::1', '2001:db8:ffff::6', '198.51.100.1']) expect(m.allows(a), a).toBe(false);
  });

  it('judges an IPv4-mapped IPv6 client as its IPv4 address', () => {
    const m = compileAllowedIps(normalizeAllowedIps(['1.2.3.0/24'], '/x'));
    expect(m.allows('::ffff:1.2.3.4')).toBe(true);
    expect(m.allows('::ffff:0102:0304')).toBe(true);
    expect(m.allows('::ffff:1.2.4.4')).toBe(false);
    const mappedEntry = compileAllowedIps(normalizeAllowedIps(['::ffff:1.2.3.0/120'], '/x'));
    expect(mappedEntry.allows('1.2.3.9')).toBe(true);
  });

  it('allows an address exactly when the narrowing rule counts it within the list (no IPv4 through an IPv6 range)', () => {
    const lists = [['::/0'], ['::/1'], ['0.0.0.0/0'], ['::/0', '10.0.0.0/8'], ['2001:db8::/32'], ['::ffff:1.2.3.0/120'], ['64:ff9b::/96']];
    const addresses = ['127.0.0.1', '10.1.2.3', '1.2.3.4', '::ffff:1.2.3.4', '::1', '2001:db8::5', '64:ff9b::102:304'];
    for (const list of lists) {
      const normal = normalizeAllowedIps(list, '/x');
      const m = compileAllowedIps(normal);
      for (const a of addresses) {
        expect(m.allows(a), `${list} ${a}`).toBe(allowedIpsWithin(normalizeAllowedIps([a], '/y'), normal));
      }
    }
  });
});

describe('allowedIpsWithin (the narrowing rule)', () => {
  const n = (...l: string[]) => normalizeAllowedIps(l, '/x');

  it('treats null as any address', () => {
    expect(allowedIpsWithin(null, null)).toBe(true);
    expect(allowedIpsWithin(n('10.0.0.0/8'), null)).toBe(true);
    expect(allowedIpsWithin(null, n('10.0.0.0/8'))).toBe(false);
  });

  it('accepts a narrower or equal list and refuses a wider one', () => {
    expect(allowedIpsWithin(n('10.1.0.0/16', '10.2.3.4'), n('10.0.0.0/8'))).toBe(true);
    expect(allowedIpsWithin(n('10.0.0.0/8'), n('10.0.0.0/8'))).toBe(true);
    expect(allowedIpsWithin(n('10.0.0.0/7'), n('10.0.0.0/8'))).toBe(false);
    expect(allowedIpsWithin(n('10.0.0.0/8', '192.0.2.1'), n('10.0.0.0/8'))).toBe(false);
    expect(allowedIpsWithin(n('2001:db8:1::/48'), n('2001:db8::/32'))).toBe(true);
    expect(allowedIpsWithin(n('2001:db8::/31'), n('2001:db8::/32'))).toBe(false);
  });

  it('counts a range covered by several entries together as within them', () => {
    expect(allowedIpsWithin(n('192.0.2.0/24'), n('192.0.2.0/25', '192.0.2.128/25'))).toBe(true);
    expect(allowedIpsWithin(n('192.0.2.0/24'), n('192.0.2.0/25', '192.0.2.128/26'))).toBe(false);
  });

  it('does not let one family stand in for the other', () => {
    expect(allowedIpsWithin(n('192.0.2.1'), n('::/0'))).toBe(false);
    expect(allowedIpsWithin(n('::ffff:192.0.2.1'), n('192.0.2.0/24'))).toBe(true);
  });

  it('takes a key\'s own list before its tenant\'s', () => {
    expect(effectiveAllowedIps(['10.0.0.1'], ['10.0.0.2'])).toEqual(['10.0.0.1']);
    expect(effectiveAllowedIps(null, ['10.0.0.2'])).toEqual(['10.0.0.2']);
    expect(effectiveAllowedIps(null, null)).toBeNull();
  });
});
