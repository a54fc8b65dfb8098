// Stopping a node must not wait on its clients' keep-alive connections. Node's server.close() ends
// connections idle at that instant and then waits for every other one to end by itself: one busy
// at that moment answers with keep-alive and then stays open for the keep-alive timeout (72 s), or
// for as long as a client keeps sending on it. The shutdown's usage flush comes after that wait, so
// a stop grace period (10 s for Docker, 30 s on Kubernetes) would kill the node before it flushed.
import type { Socket } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** How long requests in flight at shutdown may take before their connections are cut. */
export const SHUTDOWN_GRACE_MS = 5_000;

/** The message of the 503 NOT_READY a stopping node answers to all but verifications. */
export const STOPPING = 'This node is stopping; send the request to another node.';

export class ConnectionDrain {
  private closing = false;
  // Connections whose last answer (Connection: close) is given: Node would still run a request
  // pipelined behind it, a verification counted and its credits spent, and never send its answer.
  private readonly lastAnswered = new WeakSet<Socket>();

  constructor(private readonly server: Server, private readonly graceMs = SHUTDOWN_GRACE_MS) {}

  /** True once the node is stopping. */
  get stopping(): boolean {
    return this.closing;
  }

  /**
   * Whether to handle a request. Once stopping, its answer ends its connection (Connection: close),
   * and a request behind that answer on the same connection is left unanswered and not run.
   */
  admits(req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.closing) return true;
    if (this.lastAnswered.has(req.socket)) return false;
    this.lastAnswered.add(req.socket);
    res.shouldKeepAlive = false;
    return true;
  }

  /** The node is stopping: connections end after their answers, and all of them after the grace period. */
  begin(): void {
    if (this.closing || !this.server.listening) return;
    this.closing = true;
    // A connection busy now ends a second after its answer has gone out: Node sets the keep-alive
    // timer (this plus one second) once an answer is finished. Closing connections as soon as they
    // look idle would cut an answer still being sent to a slow reader.
    this.server.keepAliveTimeout = 1;
    const deadline = setTimeout(() => this.server.closeAllConnections(), this.graceMs).unref();
    this.server.once('close', () => clearTimeout(deadline));
  }
}
