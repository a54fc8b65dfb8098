// Idle keep-alive connections (KEYWARDEN_KEEP_ALIVE_TIMEOUT). The server is made by the app's own
// factory (for the verify fast path), where Fastify does not set its keep-alive: without the setting
// it was Node's 5 s, shorter than a load balancer's usual 60 s idle timeout.
import { connect } from 'node:net';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { World } from '../helpers/world.js';
import type { TestServer } from '../helpers/server.js';

/** Sends one request on a fresh connection and gives the answer's head and the open socket. */
async function requestOnce(server: TestServer, head: string): Promise<{ answer: string; closed: Promise<number> }> {
  const url = new URL(server.url);
  const socket = connect(Number(url.port), url.hostname);
  await once(socket, 'connect');
  const sentAt = Date.now();
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - sentAt)));
  let answer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => { answer += chunk; });
  socket.write(head);
  while (!answer.includes('\r\n\r\n')) await once(socket, 'data');
  return { answer, closed };
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
  });
});
