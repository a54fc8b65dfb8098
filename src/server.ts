// Wires config → store → services → verifier → HTTP and starts listening; the inverse on close.
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { loadConfig, type Config } from './config.js';
import { openStore, type Store } from './store/store.js';
import { loadServerSecret } from './secret.js';
import { secretFingerprint, safeEqual } from './domain/hashing.js';
import { Verifier } from './verify/verifier.js';
import { RedisLimits } from './verify/redis-limits.js';
import { buildApp, type App } from './http/app.js';
import { loggerOptions } from './log.js';
import { ensureFirstAdmin } from './services/users.js';
import type { ServiceContext } from './services/context.js';
import { WebhookWorker, type WebhookWorkerOptions } from './webhooks/worker.js';
import { ReminderJob } from './services/reminders.js';
import { recordExcessiveUse } from './services/excessive-use.js';

export interface RunningServer {
  url: string;
  app: App;
  ctx: ServiceContext;
  verifier: Verifier;
  webhooks: WebhookWorker;
  reminders: ReminderJob;
  close(): Promise<void>;
}

export interface StartOptions {
  pgSchema?: string; // tests: each file works in its own PostgreSQL schema
  /** Namespace of this server's Redis keys; by default derived from pgSchema, like its LISTEN channel. */
  redisPrefix?: string;
  logStream?: NodeJS.WritableStream;
  webhooks?: Partial<WebhookWorkerOptions>; // tests: a fast poll and back-off
  /** The clock of the services and the verifier (tests move it instead of sleeping). */
  now?: () => Date;
}

const DEFAULT_WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist');

/** The database remembers a fingerprint of the secret: another secret would answer NOT_FOUND for every key. */
async function checkSecretFingerprint(store: Store, secret: Buffer): Promise<void> {
  const fingerprint = secretFingerprint(secret);
  const row = await store.db.selectFrom('meta').select('value').where('key', '=', 'secret_fingerprint').executeTakeFirst();
  if (!row) {
    await store.db.insertInto('meta').values({ key: 'secret_fingerprint', value: fingerprint })
      .onConflict((oc) => oc.column('key').doNothing()).execute();
    // Read it back: a node starting at the same moment may have written its own first.
    return checkSecretFingerprint(store, secret);
  }
  if (!safeEqual(row.value, fingerprint)) {
    throw new Error('The server secret differs from the one this database was created with (KEYWARDEN_SECRET or the data directory\'s secret file); refusing to start, since no existing key would verify.');
  }
}

export async function openServices(config: Readonly<Config>, options: StartOptions = {}): Promise<ServiceContext> {
  const store = await openStore({ url: config.databaseUrl, pgSchema: options.pgSchema });
  try {
    await store.migrate();
    const serverSecret = loadServerSecret(config);
    await checkSecretFingerprint(store, serverSecret);
    return { store, config, serverSecret, now: options.now ?? (() => new Date()) };
  } catch (err) {
    await store.close();
    throw err;
  }
}

export async function startServer(env: Record<string, string | undefined>, options: StartOptions = {}): Promise<RunningServer> {
  const config = loadConfig(env);
  const resolved: Readonly<Config> = Object.freeze({ ...config, webDir: config.webDir ?? (existsSync(DEFAULT_WEB_DIR) ? DEFAULT_WEB_DIR : null) });
  const ctx = await openServices(resolved, options);
  await ensureFirstAdmin(ctx);
  let app: App | undefined;
  const onError = (err: unknown, what: string) => app?.log.error({ err }, `${what} failed`);
  const limits = resolved.redisUrl === null ? undefined : new RedisLimits({
    url: resolved.redisUrl,
    prefix: options.redisPrefix ?? `keywarden${options.pgSchema ? `:${options.pgSchema}` : ''}`,
    failure: resolved.redisFailure,
    onStateChange: (state) => app?.log.warn({ redis: state }, `redis is ${state}`),
  });
  await limits?.connect();
  const verifier = new Verifier(ctx.store, ctx.serverSecret, {
    ipFailuresPerMinute: resolved.verifyIpFailures,
    flushIntervalMs: resolved.flushIntervalMs,
    pollIntervalMs: resolved.pollIntervalMs,
    limits,
    now: () => ctx.now().getTime(),
    onError,
    // The verifier reports excessive use; the service records it and revokes when the tenant says so.
    onExcessiveUse: (use, now) => recordExcessiveUse(ctx.store, use, now),
  });
  const webhooks = new WebhookWorker(ctx, { onError, ...options.webhooks });
  const reminders = new ReminderJob(ctx, { onError });
  app = await buildApp({
    ctx, verifier, webhooks, logger: loggerOptions(resolved.logLevel, options.logStream),
    redisState: () => limits?.state ?? 'absent',
  });
  await ctx.store.listen();
  await verifier.start();
  webhooks.start();
  reminders.start();
  const address = await app.listen({ port: resolved.port, host: resolved.host });
  let closing: Promise<void> | null = null;
  return {
    url: address.replace('[::1]', 'localhost'),
    app, ctx, verifier, webhooks, reminders,
    close() {
      // Stop taking requests, finish those in flight, then flush usage and close the database.
      closing ??= (async () => {
        await app.close();
        await Promise.all([webhooks.stop(), reminders.stop()]);
        await verifier.stop();
        await ctx.store.close();
      })();
      return closing;
    },
  };
}
