// Stopping a node must not wait on its clients' keep-alive connections. Node's server.close() ends
// connections idle at that instant and then waits for every other one to end by itself: one busy
// at that moment answers with keep-alive and then stays open for the keep-alive timeout (72 s), or
// for as long as a client keeps sending on it. The shutdown's usage flush comes after that wait, so
// a stop grace period (10 s for Docker, 30 s on Kubernetes) would kill the node before it flushed.
import type { Server, ServerResponse } from 'node:http';

/** How long requests in flight at shutdown may take before their connections are cut. */
export const SHUTDOWN_GRACE_MS = 5_000;
/** How often connections that became idle since the shutdown began are ended. */
const SWEEP_MS = 100;

export class ConnectionDrain {
  private closing = false;

  constructor(private readonly server: Server, private readonly graceMs = SHUTDOWN_GRACE_MS) {}

  /** For each request before it is handled: once stopping, its answer ends its connection (Connection: close). */
  answerCloses(res: ServerResponse): void {
    if (this.closing) res.shouldKeepAlive = false;
  }

  /** The node is stopping: end each connection once its answer is sent, and all of them after the grace period. */
  begin(): void {
    if (this.closing || !this.server.listening) return;
    this.closing = true;
    const sweep = setInterval(() => this.server.closeIdleConnections(), SWEEP_MS).unref();
    const deadline = setTimeout(() => this.server.closeAllConnections(), this.graceMs).unref();
    this.server.once('close', () => {
      clearInterval(sweep);
      clearTimeout(deadline);
    });
  }
}
