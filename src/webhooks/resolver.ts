// Name resolution for webhooks: the one way from a host name to addresses, at registration and at
// every delivery. Tests replace it (StartOptions.resolver), so that none sends a DNS query.
import { lookup } from 'node:dns/promises';
import { FairGate, type FairGateBounds } from '../services/fair-gate.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface Resolver {
  /**
   * Every address of `hostname`; throws, or answers none, when it does not resolve. `party`: whose
   * lookup it is (the webhook's tenant), so that lookups are shared fairly between tenants.
   */
  resolve(hostname: string, party?: string): Promise<ResolvedAddress[]>;
}

type Lookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

export interface LookupBounds extends FairGateBounds {
  /** A lookup not answered by then fails (it may go on holding its slot until the system gives up). */
  timeoutMs: number;
}

/**
 * The system's lookup runs on libuv's thread pool, which password hashing needs too: names that
 * never answer may hold a few threads, never all of them, and no caller waits longer than the
 * timeout. The slots are shared fairly by tenant, so one tenant admin's names that never answer
 * hold that tenant's slot alone, and its queue, while other tenants' lookups go on. A lookup that
 * fails, times out (taken out of its line if it has not started) or finds the queue full does not
 * resolve.
 */
export function boundedResolver(look: Lookup, bounds: LookupBounds): Resolver {
  const gate = new FairGate(bounds, () => new Error('too many name lookups at once'));
  return {
    async resolve(hostname, party = '') {
      const timeout = AbortSignal.timeout(bounds.timeoutMs);
      const timedOut = new Promise<never>((_, reject) => {
        timeout.addEventListener('abort', () => reject(new Error('name lookup timed out')), { once: true });
      });
      timedOut.catch(() => {});
      const found = await Promise.race([gate.run(party, () => look(hostname), timeout), timedOut]);
      return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
    },
  };
}

/** The operating system's resolver (hosts file included), as an HTTP client would use it. */
export const systemResolver: Resolver = boundedResolver(
  (hostname) => lookup(hostname, { all: true, verbatim: true }),
  // A tenant's line holds a delivery round to every endpoint it may have by default (20), thrice.
  { slots: 2, perParty: 1, queueLimit: 512, partyQueueLimit: 64, timeoutMs: 5_000 },
);
