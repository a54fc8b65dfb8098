// Rules for a webhook endpoint, pure: which URLs may be called, and which event types it wants.
import { isIP } from 'node:net';

/**
 * `https://` anywhere, or plain `http://` only on this machine (127.0.0.0/8, ::1, localhost), where
 * nothing travels over a network: returns why a URL is refused, or null when it is fine.
 */
export function urlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol === 'https:') return url.hostname ? null : 'needs a host';
  if (url.protocol !== 'http:') return 'must start with https://';
  return isLoopback(url.hostname) ? null : 'must use https:// (http:// is allowed only on a loopback address)';
}

export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.split('.')[0] === '127';
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/** `key.revoked` matches itself, `key.*` every key event, `*` every event. */
export function matchesEventType(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}
