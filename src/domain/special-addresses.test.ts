import { describe, expect, it } from 'vitest';
import { embeddedIPv4, ipv6Groups, isGloballyReachable, notGlobalBecause, unmapped } from './special-addresses.js';

describe('globally reachable addresses', () => {
  it.each([
    ['0.0.0.0', 'this network'], ['0.255.1.2', 'this network'],
    ['10.0.0.1', 'private'], ['10.255.255.255', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'], ['100.127.255.254', 'carrier-grade NAT'],
    ['127.0.0.1', 'loopback'], ['127.8.9.10', 'loopback'],
    ['169.254.169.254', 'link-local'], ['169.254.0.1', 'link-local'],
    ['172.16.0.1', 'private'], ['172.31.255.254', 'private'],
    ['192.0.0.1', 'IETF protocol assignments'], ['192.0.0.170', 'IETF protocol assignments'],
    ['192.0.2.7', 'documentation'], ['198.51.100.7', 'documentation'], ['203.0.113.7', 'documentation'],
    ['192.88.99.1', 'deprecated 6to4 relay anycast'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'benchmarking'], ['198.19.255.254', 'benchmarking'],
    ['224.0.0.1', 'multicast'], ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'], ['255.255.255.254', 'reserved'], ['255.255.255.255', 'broadcast'],
  ])('refuses the IPv4 address %s (%s)', (address, why) => {
    expect(notGlobalBecause(address)).toBe(why);
    expect(isGloballyReachable(address)).toBe(false);
  });

  it.each([
    ['::', 'unspecified'], ['::1', 'loopback'],
    ['fc00::1', 'unique-local'], ['fd12:3456::1', 'unique-local'],
    ['fe80::1', 'link-local'], ['febf::1', 'link-local'], ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'], ['ff0e::101', 'multicast'],
    ['64:ff9b:1::a00:1', 'local-use NAT64'], ['64:ff9b:1::808:808', 'local-use NAT64'],
    ['2001::1', 'Teredo'], ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
    ['2001:2::1', 'benchmarking'], ['2001:db8::1', 'documentation'], ['2001:db8:ffff::1', 'documentation'],
    ['2001:5::1', 'IETF protocol assignments'], ['2001:1::4', 'IETF protocol assignments'], ['2001:10::1', 'IETF protocol assignments'],
    ['3fff::1', 'documentation'], ['5f00::1', 'segment routing'],
    ['100::1', 'not global unicast'], ['fec0::1', 'not global unicast'], ['::a00:1', 'not global unicast'], ['4000::1', 'not global unicast'],
  ])('refuses the IPv6 address %s (%s)', (address, why) => {
    expect(notGlobalBecause(address)).toBe(why);
  });

  it.each([
    // IPv4-mapped
    ['::ffff:127.0.0.1', 'IPv4-mapped form of loopback'], ['::ffff:7f00:1', 'IPv4-mapped form of loopback'],
    ['::ffff:169.254.169.254', 'IPv4-mapped form of link-local'], ['::ffff:a00:1', 'IPv4-mapped form of private'],
    ['::ffff:100.64.0.1', 'IPv4-mapped form of carrier-grade NAT'], ['::ffff:0.0.0.0', 'IPv4-mapped form of this network'],
    // NAT64's well-known prefix
    ['64:ff9b::10.0.0.1', 'NAT64 form of private'], ['64:ff9b::a9fe:a9fe', 'NAT64 form of link-local'],
    ['64:ff9b::7f00:1', 'NAT64 form of loopback'], ['64:ff9b::c000:201', 'NAT64 form of documentation'],
    // 6to4: the IPv4 address sits in groups 2 and 3
    ['2002:a00:1::1', '6to4 form of private'], ['2002:7f00:1::', '6to4 form of loopback'],
    ['2002:a9fe:a9fe::1', '6to4 form of link-local'], ['2002:c0a8:101:0:0:0:0:1', '6to4 form of private'],
    ['2002:e000:1::1', '6to4 form of multicast'], ['2002:f000::1', '6to4 form of reserved'],
  ])('judges %s by the IPv4 address it carries (%s)', (address, why) => {
    expect(notGlobalBecause(address)).toBe(why);
  });

  it('accepts public addresses, their mapped, NAT64 and 6to4 forms, and the anycast exceptions', () => {
    for (const address of [
      '8.8.8.8', '1.1.1.1', '93.184.215.14', '100.63.255.255', '100.128.0.0', '172.15.255.255', '172.32.0.0', '192.0.1.255',
      '192.0.0.9', '192.0.0.10', '198.17.255.255', '198.20.0.0', '223.255.255.255', '11.0.0.1', '169.253.255.255',
      '2606:4700::1111', '2a00:1450:4001::200e', '2001:4860:4860::8888', '2620:4f:8000::1',
      '::ffff:8.8.8.8', '::ffff:808:808', '64:ff9b::8.8.8.8', '64:ff9b::808:808', '2002:808:808::1',
      '2001:1::1', '2001:1::2', '2001:1::3', '2001:3::1', '2001:4:112::1', '2001:20::1', '2001:30::1',
    ]) {
      expect(notGlobalBecause(address), address).toBeNull();
    }
  });

  it('refuses what is not an IP address', () => {
    expect(notGlobalBecause('example.com')).toBe('not an IP address');
    expect(notGlobalBecause('')).toBe('not an IP address');
    expect(notGlobalBecause('10.0.0.256')).toBe('not an IP address');
  });
});

describe('IPv6 forms', () => {
  it('reads the eight groups, compressed, full and with an IPv4 tail', () => {
    expect(ipv6Groups('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(ipv6Groups('2001:db8::ff00:42:8329')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0xff00, 0x42, 0x8329]);
    expect(ipv6Groups('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ipv6Groups('::ffff:192.168.1.2')).toEqual([0, 0, 0, 0, 0, 0xffff, 0xc0a8, 0x102]);
    expect(ipv6Groups('1.2.3.4')).toBeNull();
  });

  it('finds the IPv4 address in mapped, NAT64 and 6to4 forms only', () => {
    expect(embeddedIPv4('::ffff:a00:1')).toBe('10.0.0.1');
    expect(embeddedIPv4('64:ff9b::c0a8:1')).toBe('192.168.0.1');
    expect(embeddedIPv4('2002:a9fe:a9fe:1::2')).toBe('169.254.169.254');
    expect(embeddedIPv4('2001:db8::a00:1')).toBeNull();
    expect(embeddedIPv4('10.0.0.1')).toBeNull();
  });

  it('unmaps an IPv4-mapped address and leaves others as they are', () => {
    expect(unmapped('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(unmapped('::1')).toBe('::1');
    expect(unmapped('10.0.0.1')).toBe('10.0.0.1');
  });
});
