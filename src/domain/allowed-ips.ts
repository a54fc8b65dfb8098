// A key's or a tenant's `allowedIps` (DESIGN v1.1 "IP restrictions"): at most 100 IPv4/IPv6
// addresses or CIDRs. Pure: parsing and normalising the list, the narrowing rule (is one list within
// another?) and the compiled matcher the verifier keeps per key. null means any address.
import { isIP } from 'node:net';
import { fieldInvalid } from '../errors.js';
import { AddressAllowList } from './address-allow.js';
import { ipv6Groups } from './special-addresses.js';

export const MAX_ALLOWED_IPS = 100;

interface Cidr {
  family: 4 | 6;
  /** The network's bits, host bits cleared. */
  bits: bigint;
  prefix: number;
}

const width = (family: 4 | 6) => (family === 4 ? 32 : 128);

function addressBits(address: string): { family: 4 | 6; bits: bigint } | null {
  const family = isIP(address);
  if (family === 4) return { family, bits: address.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n) };
  // A zone (fe80::1%eth0) names an interface, not a network: not accepted in a list.
  if (family !== 6 || address.includes('%')) return null;
  const groups = ipv6Groups(address);
  return groups && groups.length === 8 ? { family, bits: groups.reduce((n, g) => (n << 16n) | BigInt(g), 0n) } : null;
}

const MAPPED = 0xffffn << 32n;

/** An entry as a network, or null when it is no address or CIDR. An IPv4-mapped network is its IPv4 network. */
function parseCidr(entry: string): Cidr | null {
  const [address, prefixText, extra] = entry.trim().split('/');
  const parsed = addressBits(address);
  if (!parsed || extra !== undefined || (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText))) return null;
  let { family, bits } = parsed;
  let prefix = prefixText === undefined ? width(family) : Number(prefixText);
  if (prefix > width(family)) return null;
  if (family === 6 && prefix >= 96 && bits >> 32n === MAPPED >> 32n) {
    family = 4;
    bits &= 0xffffffffn;
    prefix -= 96;
  }
  const host = width(family) - prefix;
  return { family, bits: (bits >> BigInt(host)) << BigInt(host), prefix };
}

function formatAddress(family: 4 | 6, bits: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((bits >> s) & 255n)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((bits >> BigInt(112 - 16 * i)) & 0xffffn));
  // The longest run of two or more zero groups becomes "::" (RFC 5952).
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLength).join(':')}`;
}

const formatCidr = (c: Cidr) => (c.prefix === width(c.family) ? formatAddress(c.family, c.bits) : `${formatAddress(c.family, c.bits)}/${c.prefix}`);

/**
 * The list as stored: each entry canonical (host bits cleared, IPv6 compressed and lower-case,
 * IPv4-mapped networks as IPv4, a single address without /32 or /128), duplicates dropped.
 * A bad entry is a 400 on `<field>/<index>`.
 */
export function normalizeAllowedIps(list: readonly string[], field: string): string[] {
  if (list.length > MAX_ALLOWED_IPS) throw fieldInvalid(field, `must have at most ${MAX_ALLOWED_IPS} entries`);
  const out = new Set<string>();
  list.forEach((entry, i) => {
    const cidr = parseCidr(entry);
    if (!cidr) throw fieldInvalid(`${field}/${i}`, 'must be an IPv4 or IPv6 address or CIDR (like 203.0.113.0/24 or 2001:db8::/32)');
    out.add(formatCidr(cidr));
  });
  return [...out];
}

const contains = (outer: Cidr, inner: Cidr) =>
  outer.family === inner.family && outer.prefix <= inner.prefix &&
  inner.bits >> BigInt(width(outer.family) - outer.prefix) === outer.bits >> BigInt(width(outer.family) - outer.prefix);

/** Whether the union of `outers` covers all of `c` (a /24 may be covered by two /25s). */
function covered(c: Cidr, outers: readonly Cidr[]): boolean {
  if (outers.some((o) => contains(o, c))) return true;
  const inside = outers.filter((o) => contains(c, o));
  if (inside.length === 0 || c.prefix === width(c.family)) return false;
  const prefix = c.prefix + 1;
  const half = 1n << BigInt(width(c.family) - prefix);
  return covered({ family: c.family, bits: c.bits, prefix }, inside) && covered({ family: c.family, bits: c.bits | half, prefix }, inside);
}

/** Whether every address `inner` allows is allowed by `outer` (null: any address). Both normalised. */
export function allowedIpsWithin(inner: readonly string[] | null, outer: readonly string[] | null): boolean {
  if (outer === null) return true;
  if (inner === null) return false;
  const outers = outer.map(parseCidr).filter((c): c is Cidr => c !== null);
  return inner.every((entry) => {
    const c = parseCidr(entry);
    return c !== null && covered(c, outers);
  });
}

/** The list that applies to a key: its own, else its tenant's, else null (any address). */
export const effectiveAllowedIps = (own: readonly string[] | null, tenant: readonly string[] | null | undefined) =>
  own ?? tenant ?? null;

/**
 * The matcher the verifier keeps (built once per cached key or tenant, never per request).
 * IPv4-mapped client addresses (::ffff:1.2.3.4) are judged as their IPv4 address.
 */
export const compileAllowedIps = (list: readonly string[]): AddressAllowList => new AddressAllowList(list);
export type AllowedIpsMatcher = AddressAllowList;
