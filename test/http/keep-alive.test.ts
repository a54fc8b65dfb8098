// Idle keep-alive connections (KEYWARDEN_KEEP_ALIVE_TIMEOUT). The server is made by the app's own
// factory (for the verify fast path), where Fastify does not set its keep-alive: without the setting
// it was Node's 5 s, shorter than a load balancer's usual 60 s idle timeout.
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { World } from '../helpers/world.js';
import { logCollector } from '../helpers/log-lines.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ConnectionDrain, SHUTDOWN_GRACE_MS } from '../../src/http/connection-drain.js';

/** A fresh connection to the server, its answers gathered as text, and when it closed (ms after opening). */
async function openConnection(server: TestServer): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  const url = new URL(server.url);
  const socket = connect(Number(url.port), url.hostname);
  await once(socket, 'connect');
  const openedAt = Date.now();
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - openedAt)));
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => { text += chunk; });
  return { socket, received: () => text, closed };
}

/** Sends one request on a fresh connection and gives the answer's head and when the connection closed. */
async function requestOnce(server: TestServer, head: string): Promise<{ answer: string; closed: Promise<number> }> {
  const { socket, received, closed } = await openConnection(server);
  socket.write(head);
  while (!received().includes('\r\n\r\n')) await once(socket, 'data');
  return { answer: received(), closed };
}

const verify = (key: string) => `POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nX-API-Key: ${key}\r\n\r\n{}`;
const health = 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n';

describe('keep-alive by default', () => {
  const world = World.forSuite('sqlite');

  it('keeps idle connections 72 s and says so, on verify\'s fast path and on the API', async () => {
    const tid = await world.tenantWithKeys();
    const dev = await world.member(tid);
    const { secret } = await world.createKey(tid, dev.as);
    for (const head of [verify(secret), health]) {
      const { answer } = await requestOnce(world.server, head);
      expect(answer).toMatch(/^HTTP\/1\.1 200 /);
      expect(answer.toLowerCase()).toContain('\r\nkeep-alive: timeout=72\r\n');
    }
    expect(world.server.app.server.keepAliveTimeout).toBe(72_000);
  });
});

describe('keep-alive set by KEYWARDEN_KEEP_ALIVE_TIMEOUT', () => {
  const world = World.forSuite('sqlite', { KEYWARDEN_KEEP_ALIVE_TIMEOUT: '1s' });

  it('closes a connection left idle for that long', async () => {
    const { answer, closed } = await requestOnce(world.server, health);
    expect(answer.toLowerCase()).toContain('\r\nkeep-alive: timeout=1\r\n');
    // The server, not the client, ends it: the client never closes its side.
    expect(await closed).toBeGreaterThanOrEqual(900);
    expect(await closed).toBeLessThan(4000); // Node adds a second to the timeout it announces
  });
});

/** Fails after `ms`: a bound on how long a stop may take, far below the keep-alive timeout it must not wait for. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** A keep-alive connection with a verification whose body has not ended: busy when the node is told to stop. */
async function busyConnection(server: TestServer): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  const connection = await openConnection(server);
  const taken = once(server.app.server, 'request');
  connection.socket.write(verify('kw_nope').slice(0, -1)); // all but the body's closing brace
  await taken;
  return connection;
}

/** Resolves once Node's server.close() has been called: Fastify has closed the connections idle then. */
async function closeBegun(server: TestServer): Promise<void> {
  while (server.app.server.listening) await new Promise((resolve) => setImmediate(resolve));
}

/** A node told to stop while one of its connections is busy, once Node's close() has begun. */
async function stoppingWithBusyConnection() {
  const log = logCollector();
  const server = await startTestServer('sqlite', { LOG_LEVEL: 'info' }, { logStream: log.stream });
  const busy = await busyConnection(server);
  const stopped = server.stop();
  await closeBegun(server);
  /** Log entries at error level or above: a stop is routine, not a failure. */
  const errorsLogged = () => log.entries().filter((entry) => entry.level >= 50);
  return { ...busy, server, stopped, errorsLogged };
}

/**
 * A plain server with a drain of the given grace, and a connection (not reading) whose request has
 * begun: `head` is sent and the server has taken it. The handler runs for requests the drain admits.
 */
async function drainedServerWithBusyConnection(graceMs: number, head: string, handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer((req, res) => {
    if (drain.admits(req, res)) handle(req, res);
    else req.resume();
  });
  const drain = new ConnectionDrain(server, graceMs);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.pause();
  const taken = once(server, 'request');
  socket.write(head);
  await taken;
  return { server, drain, socket };
}

describe('stopping with keep-alive connections', () => {
  it('ends a connection busy at the stop once its answer is sent, and stops without waiting for the keep-alive timeout', async () => {
    const { socket, received, closed, stopped } = await stoppingWithBusyConnection();
    socket.write('}');
    await within(closed, 3000, 'the server ending the connection');
    expect(received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(received()).toContain('"valid":false');
    await within(stopped, 3000, 'the stop');
  });

  it('answers the next request on such a connection with Connection: close, and runs none behind it', async () => {
    const { server, socket, received, closed, stopped } = await stoppingWithBusyConnection();
    const verifications = () => Object.values(server.verifier.counts).reduce((a, b) => a + b, 0);
    const before = verifications();
    // The body's end and two more verifications in one write: they arrive while stopping.
    const another = verify('kw_nope');
    socket.write(`}${another}${another}`);
    await within(closed, 3000, 'the server ending the connection');
    const answers = received().split(/(?=HTTP\/1\.1 )/);
    expect(answers).toHaveLength(2);
    expect(answers[1]).toMatch(/^HTTP\/1\.1 200 /);
    expect(answers[1].toLowerCase()).toContain('\r\nconnection: close\r\n');
    // The third would be counted (and charged) with no answer to show for it: it is not run.
    expect(verifications() - before).toBe(2);
    await within(stopped, 3000, 'the stop');
  });

  it.each([
    ['a write with a body', 'POST /api/v1/tenants HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{"name":"t"}'],
    // Its 503 answer has a schema of its own (with `checks`), which must not turn the refusal into a 500.
    ['the readiness check', 'GET /api/v1/ready HTTP/1.1\r\nHost: x\r\n\r\n'],
  ])('turns other requests away in the contract\'s shape while stopping (%s): 503 NOT_READY, Connection: close', async (_what, request) => {
    const { socket, received, closed, stopped, errorsLogged } = await stoppingWithBusyConnection();
    socket.write(`}${request}`);
    await within(closed, 3000, 'the server ending the connection');
    const answers = received().split(/(?=HTTP\/1\.1 )/);
    expect(answers).toHaveLength(2);
    expect(answers[1]).toMatch(/^HTTP\/1\.1 503 /);
    expect(answers[1].toLowerCase()).toContain('\r\nconnection: close\r\n');
    const body = JSON.parse(answers[1].slice(answers[1].indexOf('\r\n\r\n') + 4));
    expect(body.error).toEqual({ code: 'NOT_READY', message: expect.stringContaining('stopping') });
    // Readiness answers in its own shape, which says the node is not ready.
    expect(body).toEqual(request.includes('/ready') ? { status: 'not_ready', checks: expect.any(Object), error: body.error } : { error: body.error });
    // The same headers as any other answer of the management API: not cached, not sniffed, not framed.
    const head = answers[1].slice(0, answers[1].indexOf('\r\n\r\n')).toLowerCase();
    for (const header of ['cache-control: no-store', 'x-content-type-options: nosniff', 'x-frame-options: sameorigin', 'content-security-policy: ']) {
      expect(head).toContain(`\r\n${header}`);
    }
    await within(stopped, 3000, 'the stop');
    // A refusal during a stop is routine: logged as an error, each rolling deploy would raise alerts.
    expect(errorsLogged()).toEqual([]);
  });

  it('still answers /metrics while stopping, so a scrape sees the node\'s last figures', async () => {
    const { socket, received, closed, stopped } = await stoppingWithBusyConnection();
    socket.write('}GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n');
    await within(closed, 3000, 'the server ending the connection');
    const answers = received().split(/(?=HTTP\/1\.1 )/);
    expect(answers).toHaveLength(2);
    expect(answers[1]).toMatch(/^HTTP\/1\.1 200 /);
    expect(answers[1]).toContain('keywarden_verifications_total');
    await within(stopped, 3000, 'the stop');
  });

  it('lets an answer still being sent to a slow reader go out whole', async () => {
    const size = 8 << 20;
    const { server, drain, socket } = await drainedServerWithBusyConnection(10_000, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n', (req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-length': size }).end(Buffer.alloc(size)));
    });
    drain.begin();
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    socket.write('x'); // the body ends: 8 MiB go to a client that does not read
    // Longer than connections that merely look idle would be left before being closed.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const closed = once(socket, 'close');
    socket.resume();
    await within(closed, 5000, 'the server ending the connection');
    const whole = Buffer.concat(chunks);
    expect(whole.length - (whole.indexOf('\r\n\r\n') + 4)).toBe(size);
    await within(serverClosed, 3000, 'the close');
  });

  it('cuts a request still unfinished when the grace period ends', async () => {
    // The drain on a server of its own, with a short grace: the product's is SHUTDOWN_GRACE_MS.
    expect(SHUTDOWN_GRACE_MS).toBe(5_000);
    const { server, drain, socket } = await drainedServerWithBusyConnection(200, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{', () => {});
    const closedByServer = once(socket, 'close');
    const started = Date.now();
    drain.begin();
    await within(new Promise<void>((resolve) => server.close(() => resolve())), 3000, 'the close');
    await closedByServer;
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});
