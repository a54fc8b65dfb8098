// A real webhook receiver for tests: node:http on 127.0.0.1, recording every request, answering
// with the status a test chooses per request; plus a fast delivery worker in place of the server's.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { TestServer } from '../helpers/server.js';
import { WebhookWorker, type WebhookWorkerOptions } from '../../src/webhooks/worker.js';
import type { ServiceContext } from '../../src/services/context.js';

export interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  event: any;
  status: number;
}

export class Receiver {
  readonly received: Received[] = [];
  /** Decides the answer to the n-th request (0-based) and its event. */
  respond: (n: number, event: any) => number = () => 200;
  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(path = '/hooks'): Promise<Receiver> {
    let receiver: Receiver;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const event = JSON.parse(body);
        const status = receiver.respond(receiver.received.length, event);
        receiver.received.push({ headers: req.headers, body, event, status });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver = new Receiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
    return receiver;
  }

  /** The event ids of the requests answered with a 2xx, in arrival order. */
  get delivered(): string[] {
    return this.received.filter((r) => r.status < 300).map((r) => r.event.id);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Fast enough for tests: poll every 20 ms, retry after 40 ms, 80 ms, …, give up after 1 s. */
export const FAST: Partial<WebhookWorkerOptions> = {
  pollIntervalMs: 20, retryBaseMs: 40, retryMaxDelayMs: 400, retryForMs: 1000, timeoutMs: 2000, leaseMs: 10_000,
};

/** Replaces the server's delivery worker with a fast one; stop it before the server. */
export async function fastWorker(server: TestServer, options: Partial<WebhookWorkerOptions> = {}, ctx: ServiceContext = server.ctx) {
  await server.webhooks.stop();
  const worker = new WebhookWorker(ctx, { ...FAST, onError: (err) => console.error(err), ...options });
  worker.start();
  return worker;
}

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/** Polls `probe` until it answers something truthy, and returns that. */
export async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 5000): Promise<Truthy<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as Truthy<T>;
    if (Date.now() > end) expect.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}
