// Name resolution for webhooks: the one way from a host name to addresses, at registration and at
// every delivery. Tests replace it (StartOptions.resolver), so that none sends a DNS query.
import { lookup } from 'node:dns/promises';
import { Gate } from '../services/gate.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface Resolver {
  /** Every address of `hostname`; throws, or answers none, when it does not resolve. */
  resolve(hostname: string): Promise<ResolvedAddress[]>;
}

type Lookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

export interface LookupBounds {
  /** Lookups running at once. */
  slots: number;
  /** Lookups waiting for a slot; one more fails at once. */
  queueLimit: number;
  /** A lookup not answered by then fails (it may go on holding its slot until the system gives up). */
  timeoutMs: number;
}

/**
 * The system's lookup runs on libuv's thread pool, which password hashing needs too: a tenant
 * admin's names that never answer may hold one thread, never all of them, and no caller waits
 * longer than the timeout. A lookup that fails, times out or finds the queue full does not resolve.
 */
export function boundedResolver(look: Lookup, bounds: LookupBounds): Resolver {
  const gate = new Gate(bounds.slots, bounds.queueLimit, () => new Error('too many name lookups at once'));
  return {
    async resolve(hostname) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('name lookup timed out')), bounds.timeoutMs);
      });
      try {
        const found = await Promise.race([gate.run(() => look(hostname)), timeout]);
        return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** The operating system's resolver (hosts file included), as an HTTP client would use it. */
export const systemResolver: Resolver = boundedResolver(
  (hostname) => lookup(hostname, { all: true, verbatim: true }),
  { slots: 1, queueLimit: 32, timeoutMs: 5_000 },
);
