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
import { PasswordHasher, type PasswordHasherOptions } from './services/passwords.js';
import { LoginThrottle } from './services/sign-in.js';
import { connectThrottleRedis, SharedWindows } from './throttle/shared-windows.js';
import { ImportBudget } from './throttle/import-budget.js';
import { SessionSweep } from './services/sessions.js';
import type { ServiceContext } from './services/context.js';
import { WebhookWorker, type WebhookWorkerOptions } from './webhooks/worker.js';
import { ReminderJob } from './services/reminders.js';
import { PolicyJob } from './services/policy-job.js';
import { describeRedis, describeStore } from './startup-line.js';
import { systemResolver, type Resolver } from './webhooks/resolver.js';
import { switchOffRefusedWebhooks } from './webhooks/upgrade.js';
import { revokeImpersonatingKeys } from './services/impersonation.js';
import { securePaths } from './file-modes.js';
import { recordExcessiveUse } from './services/excessive-use.js';
import { LeakQueue, type LeakQueueOptions } from './services/leak-queue.js';
import { GithubScanningKeys } from './services/github-scanning.js';
import { UsageRetentionJob } from './services/usage-retention.js';

export interface RunningServer {
  url: string;
  app: App;
  ctx: ServiceContext;
  verifier: Verifier;
  webhooks: WebhookWorker;
  reminders: ReminderJob;
  /** The tenant key policies (rotation reminders, unused keys), one node at a time by a lease. */
  policies: PolicyJob;
  sessionSweep: SessionSweep;
  usageRetention: UsageRetentionJob;
  loginThrottle: LoginThrottle;
  /** Leak reports waiting to be looked at (POST /leaks answers before they are). */
  leaks: LeakQueue;
  /** The work deferred from start until the key table is loaded (Store.afterStart); never rejects. */
  afterStart: Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions {
  pgSchema?: string; // tests: each file works in its own PostgreSQL schema
  /** Namespace of this server's Redis keys; by default derived from pgSchema, like its LISTEN channel. */
  redisPrefix?: string;
  logStream?: NodeJS.WritableStream;
  webhooks?: Partial<WebhookWorkerOptions>; // tests: a fast poll and back-off
  /** Resolves webhook host names, at registration and delivery; tests give a stub that sends no query. */
  resolver?: Resolver;
  /**
   * Tests only, never the environment: a held key derivation, or cheaper scrypt parameters for suites
   * that sign in many times (the production parameters are SCRYPT_PARAMS in services/passwords.ts).
   */
  passwords?: Partial<PasswordHasherOptions>;
  /** The clock of the services and the verifier (tests move it instead of sleeping). */
  now?: () => Date;
  /** Tests: hold leak-report processing (LeakQueueOptions.beforeProcessing) to check what is answered first. */
  leaks?: Partial<Pick<LeakQueueOptions, 'beforeProcessing'>>;
}

/** Sign-ins that may wait for a hashing slot, per slot, before the next answers 429. */
const HASH_QUEUE_PER_THREAD = 16;
const seconds = (ms: number) => (ms / 1000).toFixed(1);

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
    const passwords = new PasswordHasher({
      slots: config.hashThreads, queueLimit: config.hashThreads * HASH_QUEUE_PER_THREAD, ...options.passwords,
    });
    return {
      store, config, serverSecret, now: options.now ?? (() => new Date()), resolver: options.resolver ?? systemResolver, passwords,
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}

export async function startServer(env: Record<string, string | undefined>, options: StartOptions = {}): Promise<RunningServer> {
  const started = performance.now();
  const config = loadConfig(env);
  const resolved: Readonly<Config> = Object.freeze({ ...config, webDir: config.webDir ?? (existsSync(DEFAULT_WEB_DIR) ? DEFAULT_WEB_DIR : null) });
  // GitHub's keys are read before anything opens: a missing or broken file stops the start.
  const github = resolved.githubScanningKeys === null ? null
    : new GithubScanningKeys(resolved.githubScanningKeys, (err, what) => app?.log.error({ err }, `${what} failed`));
  await github?.load();
  // Before the store opens, so nothing is ever written into a directory others can read.
  const tightened = securePaths(resolved);
  const ctx = await openServices(resolved, options);
  // Right after the migrations: keys made in another member's name before creation refused it.
  const impersonating = await revokeImpersonatingKeys(ctx.store, ctx.now()).catch(async (err) => {
    await ctx.store.close();
    throw err;
  });
  await ensureFirstAdmin(ctx);
  await switchOffRefusedWebhooks(ctx);
  let app: App | undefined;
  let listeningMs = 0;
  const onError = (err: unknown, what: string) => app?.log.error({ err }, `${what} failed`);
  ctx.store.onBackgroundError = onError;
  const redisPrefix = options.redisPrefix ?? `keywarden${options.pgSchema ? `:${options.pgSchema}` : ''}`;
  const limits = resolved.redisUrl === null ? undefined : new RedisLimits({
    url: resolved.redisUrl,
    prefix: redisPrefix,
    failure: resolved.redisFailure,
    onStateChange: (state) => app?.log.warn({ redis: state }, `redis is ${state}`),
  });
  await limits?.connect();
  const throttleRedis = resolved.redisUrl === null ? null : await connectThrottleRedis(resolved.redisUrl, redisPrefix);
  const verifier = new Verifier(ctx.store, ctx.serverSecret, {
    ipFailuresPerMinute: resolved.verifyIpFailures,
    // With Redis every node counts the same bad keys per address; without it each node its own.
    ipFailures: new SharedWindows('verify-ip', resolved.verifyIpFailures, throttleRedis),
    flushIntervalMs: resolved.flushIntervalMs,
    pollIntervalMs: resolved.pollIntervalMs,
    limits,
    // The real clock without a Date per verification; a test's clock through the services' own.
    now: options.now === undefined ? Date.now : () => ctx.now().getTime(),
    onError,
    // The verifier reports excessive use; the service records it and revokes when the tenant says so.
    onExcessiveUse: (use, now) => recordExcessiveUse(ctx.store, use, now),
    onPreloaded: ({ keys, ms, complete }) => app?.log.info({ keys, ms: Math.round(ms), afterStartMs: Math.round(performance.now() - started), complete },
      `key table loaded: ${keys} keys in ${seconds(ms)} s, ${seconds(performance.now() - started)} s after start${complete ? '' : ' (stopped early: closing, or the cache is full)'}; `
      // A small table is loaded before the node listens: then no verification came before it.
      + (listeningMs === 0 ? 'before listening' : `verifying since listening at ${seconds(listeningMs)} s, until then a key not yet loaded was read from the database on its first use`)),
  });
  const webhooks = new WebhookWorker(ctx, { onError, ...options.webhooks });
  const reminders = new ReminderJob(ctx, { onError });
  const policies = new PolicyJob(ctx, { onError });
  const sessionSweep = new SessionSweep(ctx, { onError });
  const usageRetention = new UsageRetentionJob(ctx, { onError });
  // With Redis every node counts the same sign-in attempts; without it each node counts its own.
  const loginThrottle = new LoginThrottle(resolved.loginFailures, throttleRedis);
  const leaks = new LeakQueue(ctx, { onError, ...options.leaks });
  app = await buildApp({
    ctx, verifier, webhooks, loginThrottle, logger: loggerOptions(resolved.logLevel, options.logStream),
    redisState: () => limits?.state ?? 'absent',
    // With Redis every node counts the same reported keys per address; without it each node its own.
    leaks: { queue: leaks, throttle: new SharedWindows('leak-ip', resolved.leakReports, throttleRedis), github },
    importBudget: new ImportBudget(resolved.importItems, throttleRedis),
  });
  for (const t of tightened) app.log.warn({ path: t.path, from: t.from, to: t.to }, `tightened the permissions of ${t.path} from ${t.from} to ${t.to}: other local users could read it`);
  if (impersonating > 0) {
    app.log.warn({ revoked: impersonating }, 'revoked management keys that had been created in another member\'s name (reason "impersonation")');
  }
  await ctx.store.listen();
  await verifier.start();
  webhooks.start();
  reminders.start();
  policies.start();
  sessionSweep.start();
  usageRetention.start();
  const address = await app.listen({ port: resolved.port, host: resolved.host });
  listeningMs = performance.now() - started;
  const url = address.replace('[::1]', 'localhost');
  const store = describeStore(resolved.databaseUrl, ctx.store.schema);
  const redis = describeRedis(resolved.redisUrl);
  app.log.info({ url, store, redis, afterStartMs: Math.round(listeningMs) },
    `Keywarden listening on ${url} (store: ${store}; redis: ${redis}) ${seconds(listeningMs)} s after start; loading the key table meanwhile`);
  // Deferred from opening the store (SQLite's statistics refresh, off the verifying thread), and
  // after the key table's load, which it would otherwise slow down.
  const afterStart = verifier.preloaded.then(() => ctx.store.afterStart()).catch((err) => onError(err, 'statistics refresh'));
  let closing: Promise<void> | null = null;
  return {
    url,
    afterStart,
    app, ctx, verifier, webhooks, reminders, policies, sessionSweep, usageRetention, loginThrottle, leaks,
    close() {
      // Stop taking requests, finish those in flight, then flush usage and close the database.
      closing ??= (async () => {
        // A step that fails is logged and the stop goes on: the usage write and the database's
        // close must not be skipped for another step's fault. Failures are named in the steps'
        // order, not in the order they happened to end.
        const steps: string[] = [];
        const failed = new Set<string>();
        const step = (what: string, done: Promise<unknown>) => {
          steps.push(what);
          return done.catch((err) => {
            failed.add(what);
            onError(err, `stop: ${what}`);
          });
        };
        await step('closing the HTTP server', app.close());
        // The usage flush does not wait behind the background work: a held leak queue or a policy
        // pass can take seconds, and a stop grace period ends in a SIGKILL. Reports already answered
        // 202 are still looked at before the database closes.
        await Promise.all([
          step('usage flush', verifier.stop()), step('leak reports', leaks.idle()), step('webhooks', webhooks.stop()),
          step('reminders', reminders.stop()), step('key policies', policies.stop()), step('session sweep', sessionSweep.stop()),
          step('usage retention', usageRetention.stop()),
        ]);
        throttleRedis?.close();
        await step('closing the database', ctx.store.close());
        if (failed.size > 0) throw new Error(`The stop failed in: ${steps.filter((what) => failed.has(what)).join(', ')} (logged above).`);
      })();
      return closing;
    },
  };
}
