// Where a webhook may be delivered (shared/DESIGN.md, "Webhooks"): an `https://` URL without user
// or password, naming a host whose every address is globally reachable or allowed by the operator;
// plain `http://` only when every address is allowed. The same check runs at registration and
// before each delivery, which then connects to the address checked here, never to a fresh answer.
import { isIP } from 'node:net';
import { notGlobalBecause } from '../domain/special-addresses.js';
import { AddressAllowList } from '../domain/address-allow.js';
import type { ResolvedAddress, Resolver } from './resolver.js';

export interface Destination {
  url: URL;
  /** The checked address to connect to, whatever the name resolves to later. */
  address: ResolvedAddress;
}

/** `url`: the URL's form is refused; `dns`: the name does not resolve; `address`: an address is refused. */
export type RefusalKind = 'url' | 'dns' | 'address';

export class DestinationRefused extends Error {
  constructor(readonly kind: RefusalKind, message: string) {
    super(message);
    this.name = 'DestinationRefused';
  }
}

// One message for every refused name: a different one for "does not resolve" and "resolves to an
// inner address", or one naming the address, would let a tenant admin map the operator's network.
const NOT_PUBLIC = 'must name a host whose every address is publicly reachable';

const HTTPS_ONLY = 'must use https:// (http:// is accepted only for a receiver the operator allows)';

/** The URL's form alone: returns its parsed form, or throws DestinationRefused('url'). */
export function parseWebhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DestinationRefused('url', 'is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new DestinationRefused('url', 'must start with https://');
  if (url.username || url.password) throw new DestinationRefused('url', 'must not carry a user name or password');
  if (!url.hostname) throw new DestinationRefused('url', 'needs a host');
  return url;
}

async function addressesOf(hostname: string, resolver: Resolver, party: string | undefined): Promise<ResolvedAddress[]> {
  const literal = hostname.replace(/^\[|\]$/g, '');
  const family = isIP(literal);
  if (family !== 0) return [{ address: literal, family: family === 6 ? 6 : 4 }];
  let found: ResolvedAddress[];
  try {
    found = await resolver.resolve(hostname, party);
  } catch {
    found = [];
  }
  if (found.length === 0) throw new DestinationRefused('dns', NOT_PUBLIC);
  return found;
}

/**
 * Resolves the URL's host once and checks every address it has; returns the address to connect
 * to, or throws DestinationRefused saying why (in words fit for the `/url` field).
 */
export async function checkDestination(text: string, resolver: Resolver, allow: AddressAllowList, party?: string): Promise<Destination> {
  const url = parseWebhookUrl(text);
  if (url.protocol === 'http:' && allow.isEmpty) throw new DestinationRefused('url', HTTPS_ONLY);
  const isLiteral = isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0;
  const addresses = await addressesOf(url.hostname, resolver, party);
  for (const { address } of addresses) {
    if (allow.allows(address)) continue;
    if (url.protocol === 'http:') {
      throw new DestinationRefused('url', HTTPS_ONLY);
    }
    const why = notGlobalBecause(address);
    if (why !== null) throw new DestinationRefused('address', isLiteral ? `is not a publicly reachable address (${why})` : NOT_PUBLIC);
  }
  return { url, address: addresses[0] };
}

const allowLists = new WeakMap<readonly string[], AddressAllowList>();

/** The allow list of the config's entries (KEYWARDEN_WEBHOOK_ALLOW), built once. */
export function allowListOf(entries: readonly string[]): AddressAllowList {
  let list = allowLists.get(entries);
  if (!list) allowLists.set(entries, (list = new AddressAllowList(entries)));
  return list;
}
