// GET /metrics (outside /api/v1): Prometheus text from a registry of this app's own, so several
// servers in one process (the tests) do not share or clash. Most figures are read at scrape time
// from the parts that already count them; only the verify latency is observed per request.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { LatencyHistogram } from './latency-histogram.js';
import { safeEqual } from '../domain/hashing.js';
import { KeywardenError, notFound } from '../errors.js';
import type { App, AppDeps } from './app.js';
import { sendError } from './errors.js';
import { countKeysByStatus } from '../services/key-status.js';

interface PoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** The PostgreSQL pool's counters when the store exposes its pool; SQLite has none. */
function poolOf(deps: AppDeps): PoolLike | null {
  return deps.ctx.store.pool ?? null;
}

function makeRegistry(deps: AppDeps, startedAt: number, fastPathTaken: () => number) {
  const { ctx, verifier } = deps;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  new Counter({
    name: 'keywarden_verifications_total', help: 'Verifications answered by this node, by result (VALID or the failure code).',
    labelNames: ['result'], registers: [registry],
    collect() {
      this.reset();
      for (const [result, n] of Object.entries(verifier.counts)) this.inc({ result }, n);
    },
  });

  new Counter({
    name: 'keywarden_verify_fast_path_total', help: 'Verifications answered before the router (the verify fast path).',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(fastPathTaken());
    },
  });

  const latency = new LatencyHistogram('keywarden_verify_duration_seconds', 'Time to answer POST /api/v1/verify.',
    [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registry);

  new Gauge({
    name: 'keywarden_keys', help: 'API keys in the database, by status.', labelNames: ['status'], registers: [registry],
    async collect() {
      const counts = await countKeysByStatus(ctx.store.db, ctx.now());
      this.reset();
      for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
    },
  });

  new Gauge({
    name: 'keywarden_usage_flush_lag_seconds',
    help: 'How long the oldest buffered usage has waited for a flush (0 when nothing waits).',
    registers: [registry],
    collect() {
      const waiting = verifier.usage.pendingKeys > 0;
      const since = Math.max(verifier.usage.lastFlushAt, startedAt);
      this.set(waiting ? Math.max(0, Date.now() - since) / 1000 : 0);
    },
  });

  new Gauge({
    name: 'keywarden_usage_pending_keys', help: 'Keys with usage buffered and not yet written.', registers: [registry],
    collect() { this.set(verifier.usage.pendingKeys); },
  });

  if (deps.webhooks) {
    const counts = deps.webhooks.counts;
    new Counter({
      name: 'keywarden_webhook_deliveries_total', help: 'Webhook delivery attempts made by this node, by status.',
      labelNames: ['status'], registers: [registry],
      collect() {
        this.reset();
        for (const [status, n] of Object.entries(counts) as [string, number][]) this.inc({ status }, n);
      },
    });
  }

  if (deps.redisState) {
    const state = deps.redisState;
    new Gauge({
      name: 'keywarden_redis_up', help: '1 when Redis answers, 0 when it is down (absent when not configured).', registers: [registry],
      collect() {
        const s = state();
        this.reset();
        if (s !== 'absent') this.set(s === 'ok' ? 1 : 0);
      },
    });
  }

  if (poolOf(deps)) {
    new Gauge({
      name: 'keywarden_db_pool_connections', help: 'PostgreSQL pool connections, by state.', labelNames: ['state'], registers: [registry],
      collect() {
        const pool = poolOf(deps);
        if (!pool) return;
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }
  return { registry, latency };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * Without a token, metrics are for the machine itself: a loopback socket (IPv4, IPv6, or IPv4 in
 * IPv6), judged by the socket's own address and never by request.ip, which KEYWARDEN_TRUST_PROXY
 * may take from a header. A forwarding header means a proxy on this machine relays someone else.
 */
function isLocalScrape(request: FastifyRequest): boolean {
  if (request.headers.forwarded !== undefined || request.headers['x-forwarded-for'] !== undefined) return false;
  const address = request.raw.socket.remoteAddress ?? '';
  return address === '::1' || /^(::ffff:)?127\./i.test(address);
}

/**
 * Registers GET /metrics; returns the verify latency observer (seconds), which the verify route and
 * its fast path call as they send their answer (a call, not an onResponse hook: no hook runner per verification).
 */
export function registerMetrics(app: App, deps: AppDeps, fastPathTaken: () => number): (seconds: number) => void {
  const { registry, latency } = makeRegistry(deps, Date.now(), fastPathTaken);
  const observeVerify = (seconds: number) => latency.observe(seconds);

  const token = deps.ctx.config.metricsToken;
  const tokenDigest = token === null ? null : sha256(token);
  app.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (request, reply) => {
    if (tokenDigest !== null) {
      const header = request.headers.authorization ?? '';
      const presented = header.startsWith('Bearer ') ? header.slice(7) : '';
      // Digests of equal length, so the comparison's time tells nothing, not even the token's length.
      if (!timingSafeEqual(sha256(presented), tokenDigest)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        return sendError(reply, new KeywardenError('UNAUTHENTICATED', 'Send Authorization: Bearer <metrics token>.'));
      }
    } else if (!isLocalScrape(request)) {
      return sendError(reply, notFound('route'));
    }
    const body = await registry.metrics();
    return reply.header('content-type', registry.contentType).send(body);
  });
  return observeVerify;
}
