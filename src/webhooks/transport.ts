// One POST to a checked destination: the connection goes to the checked address (a lookup that
// answers only it), the URL's host name still names the server (Host header, TLS SNI and
// certificate check), a fresh connection each time (a pooled one could lead elsewhere), and a
// redirect is an answer like any other, never followed. A failure is one coarse category, never a
// socket message, so deliveries tell nothing about the network beyond whether it worked.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Destination } from './destination.js';
import type { ResolvedAddress } from './resolver.js';

/** What a delivery attempt records as its `error`. */
export type DeliveryError = 'timeout' | 'dns' | 'refused_address' | 'connection_failed' | 'tls' | 'http_status';

export class DeliveryFailed extends Error {
  constructor(readonly category: DeliveryError) {
    super(`delivery failed: ${category}`);
    this.name = 'DeliveryFailed';
  }
}

function pinnedLookup({ address, family }: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as LookupFunction;
}

/**
 * POSTs `body` and answers the response status (the body is not read). `signal` ends it as a
 * `timeout`; a failure before the TCP connection is `connection_failed`, during the TLS handshake `tls`.
 */
export function postTo(destination: Destination, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<number> {
  const isHttps = destination.url.protocol === 'https:';
  const request = isHttps ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let stage: 'connecting' | 'handshake' | 'connected' = 'connecting';
    const req = request(destination.url, {
      method: 'POST',
      agent: false,
      lookup: pinnedLookup(destination.address),
      signal,
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    }, (res) => {
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    req.on('socket', (socket) => {
      socket.once('connect', () => { stage = isHttps ? 'handshake' : 'connected'; });
      socket.once('secureConnect', () => { stage = 'connected'; });
    });
    req.on('error', () => {
      reject(new DeliveryFailed(signal.aborted ? 'timeout' : stage === 'handshake' ? 'tls' : 'connection_failed'));
    });
    req.end(body);
  });
}
