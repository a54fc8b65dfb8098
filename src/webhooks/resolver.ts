// Name resolution for webhooks: the one way from a host name to addresses, at registration and at
// every delivery. Tests replace it (StartOptions.resolver), so that none sends a DNS query.
import { lookup } from 'node:dns/promises';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface Resolver {
  /** Every address of `hostname`; throws, or answers none, when it does not resolve. */
  resolve(hostname: string): Promise<ResolvedAddress[]>;
}

/** The operating system's resolver (hosts file included), as an HTTP client would use it. */
export const systemResolver: Resolver = {
  async resolve(hostname) {
    const found = await lookup(hostname, { all: true, verbatim: true });
    return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
  },
};
