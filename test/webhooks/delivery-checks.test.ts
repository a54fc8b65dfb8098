// Each delivery checks the URL again and connects to the address it checked (no DNS rebinding),
// follows no redirect, and records a failure as a coarse category only. Names resolve through a
// stub resolver and every connection stays on loopback: the server allows 127.0.0.1 alone, so
// 127.0.0.2 stands for an inner address (refused, yet on this machine should anything go wrong).
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { World } from '../helpers/world.js';
import { StubResolver } from '../helpers/resolver.js';
import { DIALECTS } from '../helpers/services.js';
import type { WebhookWorker } from '../../src/webhooks/worker.js';
import { fastWorker, until } from './receiver.js';

const PUBLIC = '93.184.215.14';

interface Listener {
  port: number;
  /** TCP connections accepted so far. */
  connections: number;
  requests: { url: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

async function listen(server: Server, requests: Listener['requests'] = []): Promise<Listener> {
  const listener: Listener = {
    port: 0, connections: 0, requests,
    close: () => new Promise((resolve) => { server.close(() => resolve()); (server as any).closeAllConnections?.(); }),
  };
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (socket) => {
    listener.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  listener.close = () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  listener.port = (server.address() as AddressInfo).port;
  return listener;
}

/** An HTTP server answering every request with `status` (and `headers`). */
function httpServer(status: number, headers: Record<string, string> = {}): Promise<Listener> {
  const requests: Listener['requests'] = [];
  const server = createHttpServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => res.writeHead(status, headers).end());
  });
  return listen(server, requests);
}

/** Accepts connections and then says `greeting` (or nothing at all). */
const tcpServer = (greeting?: string) => listen(createTcpServer((socket) => { if (greeting) socket.end(greeting); }));

describe.each(DIALECTS)('webhook delivery checks on %s', (dialect) => {
  const resolver = new StubResolver();
  const world = World.forSuite(dialect, { KEYWARDEN_WEBHOOK_ALLOW: '127.0.0.1/32' }, { resolver });
  let worker: WebhookWorker;
  beforeAll(async () => { worker = await fastWorker(world.server, { timeoutMs: 400 }); });
  afterAll(async () => { await worker?.stop(); });

  const call = (method: string, path: string, body?: unknown) => world.call(method, path, { as: world.admin, body });

  /** Registers `url` in a new tenant, makes one event, and answers its first recorded attempt. */
  async function firstAttempt(url: string, beforeEvent: () => void = () => {}) {
    const tid = await world.tenant();
    const hook = await call('POST', `/tenants/${tid}/webhooks`, { url, eventTypes: ['settings.updated'] });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const wid = hook.body.webhook.id;
    beforeEvent();
    await call('PATCH', `/tenants/${tid}/settings`, { maxActiveKeysPerUser: 7 });
    const attempts = await until('an attempt', async () => {
      const res = await call('GET', `/tenants/${tid}/webhooks/${wid}/deliveries`);
      return res.body.items.length > 0 && res.body.items;
    }, 8000);
    await call('PATCH', `/tenants/${tid}/webhooks/${wid}`, { enabled: false });
    return attempts.at(-1);
  }

  it('resolves the name again at delivery and does not connect when it now answers an inner address', async () => {
    const trap = await tcpServer();
    const name = 'localhost'; // today's code, and any that resolved it again, would find it in the hosts file, not DNS
    try {
      resolver.set(name, [PUBLIC]);
      const attempt = await firstAttempt(`https://${name}:${trap.port}/hooks`, () => resolver.set(name, ['127.0.0.2']));
      expect(attempt).toMatchObject({ status: 'failed', responseStatus: null, error: 'refused_address' });
      expect(trap.connections).toBe(0);
      expect(resolver.asked.filter((n) => n === name).length).toBeGreaterThanOrEqual(2);
    } finally {
      await trap.close();
    }
  });

  it('refuses at delivery when one of several addresses is inner', async () => {
    const trap = await tcpServer();
    const name = 'localhost';
    try {
      resolver.set(name, ['127.0.0.1']);
      const attempt = await firstAttempt(`https://${name}:${trap.port}/hooks`, () => resolver.set(name, ['127.0.0.1', '127.0.0.2']));
      expect(attempt).toMatchObject({ status: 'failed', error: 'refused_address' });
      expect(trap.connections).toBe(0);
    } finally {
      await trap.close();
    }
  });

  it('records a name that no longer resolves as dns, without connecting', async () => {
    const trap = await tcpServer();
    const name = 'localhost';
    try {
      resolver.set(name, ['127.0.0.1']);
      const attempt = await firstAttempt(`https://${name}:${trap.port}/hooks`, () => resolver.set(name, []));
      expect(attempt).toMatchObject({ status: 'failed', responseStatus: null, error: 'dns' });
      expect(trap.connections).toBe(0);
    } finally {
      await trap.close();
    }
  });

  it('connects to the address it checked, and names the host in the Host header', async () => {
    const receiver = await httpServer(204);
    try {
      // No other resolver knows this name: a second lookup anywhere would fail the delivery.
      resolver.set('receiver.internal.test', ['127.0.0.1']);
      const attempt = await firstAttempt(`http://receiver.internal.test:${receiver.port}/in`);
      expect(attempt).toMatchObject({ status: 'succeeded', responseStatus: 204, error: null });
      expect(receiver.requests).toHaveLength(1);
      expect(receiver.requests[0]).toMatchObject({ url: '/in', headers: { host: `receiver.internal.test:${receiver.port}` } });
    } finally {
      await receiver.close();
    }
  });

  it('records an HTTP error answer as http_status with the status', async () => {
    const receiver = await httpServer(500);
    try {
      const attempt = await firstAttempt(`http://127.0.0.1:${receiver.port}/in`);
      expect(attempt).toMatchObject({ status: 'failed', responseStatus: 500, error: 'http_status' });
    } finally {
      await receiver.close();
    }
  });

  it('does not follow a redirect', async () => {
    const target = await httpServer(200);
    const redirecting = await httpServer(307, { location: `http://127.0.0.1:${target.port}/elsewhere` });
    try {
      const attempt = await firstAttempt(`http://127.0.0.1:${redirecting.port}/in`);
      expect(attempt).toMatchObject({ status: 'failed', responseStatus: 307, error: 'http_status' });
      expect(target.connections).toBe(0);
    } finally {
      await Promise.all([target.close(), redirecting.close()]);
    }
  });

  it('records a refused connection as connection_failed', async () => {
    const closed = await tcpServer();
    await closed.close(); // nobody listens on this loopback port now
    const attempt = await firstAttempt(`http://127.0.0.1:${closed.port}/in`);
    expect(attempt).toMatchObject({ status: 'failed', responseStatus: null, error: 'connection_failed' });
  });

  it('records a receiver that does not answer in time as timeout', async () => {
    const silent = await tcpServer();
    try {
      const attempt = await firstAttempt(`http://127.0.0.1:${silent.port}/in`);
      expect(attempt).toMatchObject({ status: 'failed', responseStatus: null, error: 'timeout' });
      expect(silent.connections).toBeGreaterThan(0);
    } finally {
      await silent.close();
    }
  });

  it('records a failed TLS handshake as tls', async () => {
    const plain = await tcpServer('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
    try {
      const attempt = await firstAttempt(`https://127.0.0.1:${plain.port}/in`);
      expect(attempt).toMatchObject({ status: 'failed', responseStatus: null, error: 'tls' });
    } finally {
      await plain.close();
    }
  });
});
