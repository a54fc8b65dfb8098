// Graceful shutdown: SIGTERM while verifications are in flight. The requests the server took
// finish, buffered usage is flushed (the periodic flush is set to an hour, so only the shutdown
// flush can write it), the process exits 0, and after a restart usageCount equals the number of
// valid answers the clients received.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/services.js';
import { adminTenant, HttpClient, newChildStore, startChild, trackChildren } from './child.js';

/** One verification on its own connection (no keep-alive), so a refused connection is the only way not to be served. */
function verifyOnce(base: string, secret: string): Promise<{ valid: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/v1/verify`, { method: 'POST', agent: false, headers: { 'x-api-key': secret } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => {
        try { resolve(JSON.parse(body)); } catch (err) { reject(err); }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('graceful shutdown', () => {
  const { stores, children } = trackChildren();

  it.concurrent.each(DIALECTS)('finishes in-flight verifications, flushes usage and exits 0 on SIGTERM on %s', async (dialect) => {
    const store = await newChildStore(dialect, { KEYWARDEN_FLUSH_INTERVAL: '1h' });
    stores.push(store);
    const first = await startChild(store);
    children.push(first);
    const client = new HttpClient(first.url);
    const tid = await adminTenant(client);
    const created = await client.call('POST', `/tenants/${tid}/keys`, { body: { name: 'shutdown' } });
    expect(created.status).toBe(201);
    const secret: string = created.body.secret;

    let valid = 0;
    let answeredAfterSignal = 0;
    let signalled = false;
    const failures = new Map<string, number>();
    const worker = async () => {
      for (;;) {
        try {
          const answer = await verifyOnce(first.url, secret);
          if (answer.valid) valid++;
          if (signalled) answeredAfterSignal++;
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code ?? String(err);
          failures.set(code, (failures.get(code) ?? 0) + 1);
          return; // the server has stopped taking connections
        }
      }
    };
    const workers = Promise.all(Array.from({ length: 16 }, worker));
    await new Promise((r) => setTimeout(r, 800));
    signalled = true;
    first.process.kill('SIGTERM');
    const exit = await first.exited;
    await workers;

    expect(exit).toEqual({ code: 0, signal: null });
    expect(valid).toBeGreaterThan(0);
    // Clients were refused a connection (or had one reset that the kernel had queued but the server
    // never took: an unavoidable race of closing a listener). A request the server took and then cut
    // off would show below as usage that no client saw.
    expect([...failures.keys()].filter((code) => code !== 'ECONNREFUSED' && code !== 'ECONNRESET')).toEqual([]);

    const second = await startChild(store);
    children.push(second);
    client.base = second.url;
    const key = await client.call('GET', `/tenants/${tid}/keys/${created.body.key.id}`);
    expect(key.body.usageCount).toBe(valid);
    expect(key.body.lastUsedAt).not.toBeNull();
    second.process.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    console.log(`[shutdown:${dialect}] ${valid} valid verifications answered (${answeredAfterSignal} after SIGTERM), usageCount ${key.body.usageCount} after restart`);
  }, 180_000);
});
