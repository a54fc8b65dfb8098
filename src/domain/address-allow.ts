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

export class AddressAllowList {
  private readonly list = new BlockList();
  readonly isEmpty: boolean;

  /** `entries` as parseAllowEntries gives them. */
  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      if (entry === 'loopback') for (const [address, prefix, type] of LOOPBACK) this.list.addSubnet(address, prefix, type);
      else {
        const cidr = cidrOf(entry);
        if (cidr) this.list.addSubnet(cidr.address, cidr.prefix, cidr.type);
      }
    }
    this.isEmpty = entries.length === 0;
  }

  /** An IPv4-mapped address is judged as the IPv4 address it leads to. */
  allows(address: string): boolean {
    if (this.isEmpty) return false;
    const plain = unmapped(address.replace(/%.*$/, ''));
    const family = isIP(plain);
    return family !== 0 && this.list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  }
}
