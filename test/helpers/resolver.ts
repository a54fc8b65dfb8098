// A resolver for tests: answers from a table the test sets, and sends no DNS query. Without an
// entry, `localhost` and names under `.test` (reserved for testing, RFC 6761) answer 127.0.0.1,
// so that test URLs like https://hooks.example.test/ are accepted (with KEYWARDEN_WEBHOOK_ALLOW=
// loopback) and their deliveries stay on this machine; any other name does not resolve.
import type { ResolvedAddress, Resolver } from '../../src/webhooks/resolver.js';

export class StubResolver implements Resolver {
  /** Every name asked, in order. */
  readonly asked: string[] = [];
  private readonly table = new Map<string, string[]>();

  constructor(entries: Record<string, string[]> = {}) {
    for (const [name, addresses] of Object.entries(entries)) this.set(name, addresses);
  }

  /** From now on `name` answers `addresses` (none: it does not resolve). */
  set(name: string, addresses: string[]): this {
    this.table.set(name.toLowerCase(), addresses);
    return this;
  }

  async resolve(hostname: string): Promise<ResolvedAddress[]> {
    const name = hostname.toLowerCase();
    this.asked.push(name);
    const addresses = this.table.get(name) ?? (name === 'localhost' || name.endsWith('.test') ? ['127.0.0.1'] : []);
    if (addresses.length === 0) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  }
}
