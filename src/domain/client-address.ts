// The subject a per-address throttle counts under. An IPv6 client usually holds a whole /64 and can
// pick any address in it, so it is counted by its /64; an IPv4-mapped IPv6 address (::ffff:a.b.c.d,
// as a dual-stack socket reports IPv4 clients) counts as the IPv4 address it carries.
import { isIPv4, isIPv6 } from 'node:net';

/** The eight 16-bit groups of an IPv6 address, or null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  const bare = address.replace(/%.*$/, ''); // a zone id (fe80::1%eth0) is not part of the address
  if (!isIPv6(bare)) return null;
  let text = bare.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  if (tail === null) return left;
  const right = parse(tail);
  return [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
}

/** The throttle key of a client address: IPv4 as is, IPv4-mapped IPv6 as its IPv4, other IPv6 by /64. */
export function throttleKeyOf(address: string): string {
  if (isIPv4(address)) return address;
  const groups = ipv6Groups(address);
  if (groups === null) return address; // not an address (e.g. "unknown"): counted as given
  const isMapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (isMapped) return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/** A proxy trust Fastify and the verify fast path both take: all, none, CIDRs, or a function of a hop. */
export type ProxyTrust = boolean | string[] | ((address: string, hop: number) => boolean);

/**
 * KEYWARDEN_TRUST_PROXY as both paths apply it (one definition, so the fast path and Fastify always
 * agree). A hop count n trusts the n proxies nearest the server: hop 0 is the socket's peer, hop 1
 * the last X-Forwarded-For entry, and so on; the client is the first address past them. Fastify 5
 * takes a bare number as "trust nothing", hence the function (security review, v1.1).
 */
export function proxyTrustOf(setting: boolean | number | string[]): ProxyTrust {
  if (typeof setting !== 'number') return setting;
  if (setting === 0) return false;
  return (_address, hop) => hop < setting;
}

