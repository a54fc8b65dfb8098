// The operator's allow list for inner webhook receivers (KEYWARDEN_WEBHOOK_ALLOW): CIDRs, or the
// word `loopback`. Pure; config.ts validates the text with parseAllowEntries at start.
import { BlockList, isIP } from 'node:net';
import { unmapped } from './special-addresses.js';

const LOOPBACK: readonly (readonly [string, number, 'ipv4' | 'ipv6'])[] = [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']];

/**
 * The entries of a comma list, each `loopback` or an address with an optional /prefix (an address
 * alone is itself only); throws an Error naming the first entry that is neither.
 */
export function parseAllowEntries(text: string): string[] {
  const entries = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of entries) {
    if (entry.toLowerCase() !== 'loopback' && cidrOf(entry) === null) {
      throw new Error(`"${entry}" is not a CIDR (like 10.1.0.0/16 or fd00::/8), an address, or loopback`);
    }
  }
  return entries.map((e) => (e.toLowerCase() === 'loopback' ? 'loopback' : e));
}

function cidrOf(entry: string): { address: string; prefix: number; type: 'ipv4' | 'ipv6' } | null {
  const [address, prefixText, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return null;
  const max = family === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  return prefix <= max ? { address, prefix, type: family === 4 ? 'ipv4' : 'ipv6' } : null;
}

/** An IPv6 range inside ::ffff:0:0/96 as the IPv4 range it names, else the range as it is. */
function ownFamily(address: string, prefix: number, type: 'ipv4' | 'ipv6'): [string, number, 'ipv4' | 'ipv6'] {
  if (type === 'ipv6' && prefix >= 96) {
    const v4 = unmapped(address);
    if (v4 !== address) return [v4, prefix - 96, 'ipv4'];
  }
  return [address, prefix, type];
}

export class AddressAllowList {
  // One BlockList per family: Node's BlockList matches an IPv4 address against IPv6 rules too (as
  // its IPv4-mapped form), so in one list `::/0` admitted every IPv4 client. An IPv4 address is
  // checked against IPv4 entries only, an IPv6 one against IPv6 entries only, as the narrowing rule
  // (allowed-ips.ts) counts them; a list is made only for a family that has entries (memory per key).
  private v4: BlockList | null = null;
  private v6: BlockList | null = null;
  readonly isEmpty: boolean;

  /** `entries` as parseAllowEntries gives them. */
  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      if (entry === 'loopback') for (const [address, prefix, type] of LOOPBACK) this.add(address, prefix, type);
      else {
        const cidr = cidrOf(entry);
        if (cidr) this.add(cidr.address, cidr.prefix, cidr.type);
      }
    }
    this.isEmpty = entries.length === 0;
  }

  private add(...range: [string, number, 'ipv4' | 'ipv6']): void {
    const [address, prefix, type] = ownFamily(...range);
    const list = type === 'ipv4' ? (this.v4 ??= new BlockList()) : (this.v6 ??= new BlockList());
    list.addSubnet(address, prefix, type);
  }

  /** An IPv4-mapped address is judged as the IPv4 address it leads to. */
  allows(address: string): boolean {
    if (this.isEmpty) return false;
    const plain = unmapped(address.replace(/%.*$/, ''));
    const family = isIP(plain);
    if (family === 4) return this.v4 !== null && this.v4.check(plain, 'ipv4');
    return family === 6 && this.v6 !== null && this.v6.check(plain, 'ipv6');
  }
}
