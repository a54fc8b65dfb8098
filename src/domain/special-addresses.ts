// Which IP addresses are globally reachable, after IANA's IPv4 and IPv6 Special-Purpose Address
// Registries (https://www.iana.org/assignments/iana-ipv4-special-registry/ and iana-ipv6-special-
// registry/): the one table that keeps webhooks off an operator's inner network. Pure: no lookups.
import { BlockList, isIP } from 'node:net';

type Block = readonly [address: string, prefix: number, name: string];

/** Blocks whose "Globally Reachable" is False, most specific name first where they nest. */
const IPV4_BLOCKS: readonly Block[] = [
  ['0.0.0.0', 8, 'this network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'deprecated 6to4 relay anycast'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'broadcast'],
  ['240.0.0.0', 4, 'reserved'],
];

/** Inside a block above, but marked globally reachable by the registry (anycast services). */
const IPV4_GLOBAL: readonly Block[] = [
  ['192.0.0.9', 32, 'PCP anycast'],
  ['192.0.0.10', 32, 'TURN anycast'],
];

/**
 * Only 2000::/3 is allocated for global unicast; everything outside it (loopback, unspecified,
 * unique-local, link-local, site-local, multicast, discard-only, local-use NAT64) is refused, and
 * these blocks inside it too. Teredo (2001::/32) lies within 2001::/23 and is refused whatever it embeds.
 */
const IPV6_BLOCKS: readonly Block[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['ff00::', 8, 'multicast'],
  ['64:ff9b:1::', 48, 'local-use NAT64'],
  ['2001::', 32, 'Teredo'],
  ['2001:2::', 48, 'benchmarking'],
  ['2001:db8::', 32, 'documentation'],
  ['2001::', 23, 'IETF protocol assignments'],
  ['3fff::', 20, 'documentation'],
  ['5f00::', 16, 'segment routing'],
];

const IPV6_GLOBAL: readonly Block[] = [
  ['2001:1::1', 128, 'PCP anycast'],
  ['2001:1::2', 128, 'TURN anycast'],
  ['2001:1::3', 128, 'DNS-SD SRP anycast'],
  ['2001:3::', 32, 'AMT'],
  ['2001:4:112::', 48, 'AS112-v6'],
  ['2001:20::', 28, 'ORCHIDv2'],
  ['2001:30::', 28, 'drone remote ID'],
];

const GLOBAL_UNICAST_V6 = listOf([['2000::', 3, 'global unicast']], 'ipv6');

/** Forms of IPv6 address that carry an IPv4 address, reached through it: judged by that address. */
const EMBEDDING_V4 = {
  mapped: listOf([['::ffff:0:0', 96, 'IPv4-mapped']], 'ipv6'),
  nat64: listOf([['64:ff9b::', 96, 'NAT64']], 'ipv6'),
  sixToFour: listOf([['2002::', 16, '6to4']], 'ipv6'),
};

function listOf(blocks: readonly Block[], type: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  for (const [address, prefix] of blocks) list.addSubnet(address, prefix, type);
  return list;
}

const named = (blocks: readonly Block[], type: 'ipv4' | 'ipv6') =>
  blocks.map(([address, prefix, name]) => ({ name, list: listOf([[address, prefix, name]], type) }));
const V4 = { blocks: named(IPV4_BLOCKS, 'ipv4'), global: listOf(IPV4_GLOBAL, 'ipv4') };
const V6 = { blocks: named(IPV6_BLOCKS, 'ipv6'), global: listOf(IPV6_GLOBAL, 'ipv6') };

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail included); null if it is not one. */
export function ipv6Groups(address: string): number[] | null {
  if (isIP(address) !== 6) return null;
  let text = address.toLowerCase().replace(/%.*$/, '');
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number);
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const front = parse(head);
  const back = parse(rest);
  return rest === undefined ? front : [...front, ...new Array(8 - front.length - back.length).fill(0), ...back];
}

const dotted = (high: number, low: number) => [high >> 8, high & 255, low >> 8, low & 255].join('.');

/** The IPv4 address an IPv4-mapped, NAT64 (64:ff9b::/96) or 6to4 address leads to; null for others. */
export function embeddedIPv4(address: string): string | null {
  const groups = ipv6Groups(address);
  if (!groups) return null;
  if (EMBEDDING_V4.mapped.check(address, 'ipv6') || EMBEDDING_V4.nat64.check(address, 'ipv6')) return dotted(groups[6], groups[7]);
  if (EMBEDDING_V4.sixToFour.check(address, 'ipv6')) return dotted(groups[1], groups[2]);
  return null;
}

/** The address a connection really goes to: an IPv4-mapped IPv6 address is its IPv4 address. */
export function unmapped(address: string): string {
  return isIP(address) === 6 && EMBEDDING_V4.mapped.check(address, 'ipv6') ? embeddedIPv4(address)! : address;
}

/**
 * Why `address` is not globally reachable ("private", "loopback", "6to4 of private", …), or null
 * when it is. Something that is not an IP address at all is refused too.
 */
export function notGlobalBecause(scoped: string): string | null {
  const address = scoped.replace(/%.*$/, ''); // a zone index (fe80::1%eth0) names an interface, not a host
  const family = isIP(address);
  if (family === 4) {
    if (V4.global.check(address, 'ipv4')) return null;
    return V4.blocks.find((b) => b.list.check(address, 'ipv4'))?.name ?? null;
  }
  if (family !== 6) return 'not an IP address';
  const inner = embeddedIPv4(address);
  if (inner !== null) {
    const why = notGlobalBecause(inner);
    return why && `${EMBEDDING_V4.sixToFour.check(address, 'ipv6') ? '6to4' : EMBEDDING_V4.nat64.check(address, 'ipv6') ? 'NAT64' : 'IPv4-mapped'} form of ${why}`;
  }
  if (V6.global.check(address, 'ipv6')) return null;
  const block = V6.blocks.find((b) => b.list.check(address, 'ipv6'));
  if (block) return block.name;
  return GLOBAL_UNICAST_V6.check(address, 'ipv6') ? null : 'not global unicast';
}

export const isGloballyReachable = (address: string): boolean => notGlobalBecause(address) === null;
