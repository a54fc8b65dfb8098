// Reads and validates the configuration once; the result is frozen and passed down.
// This is the only module that reads process.env.
import { readFileSync, existsSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { PREFIX_PATTERN } from './domain/key-format.js';
import { parseAllowEntries } from './domain/address-allow.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string; // sqlite:PATH or postgres://…
  redisUrl: string | null;
  redisFailure: 'open' | 'closed';
  secret: string | null; // KEYWARDEN_SECRET; null = the data-dir file
  keyPrefix: string;
  sessionTtlMs: number;
  /** A session ends after this long without a request (KEYWARDEN_SESSION_IDLE). */
  sessionIdleMs: number;
  cookieSecure: boolean;
  trustProxy: boolean | number | string[];
  verifyIpFailures: number;
  /** Sign-in attempts a minute, per account and per client IP alike; 0 = off. */
  loginFailures: number;
  /** Password hashes at once: the libuv thread pool's size (UV_THREADPOOL_SIZE, default 4). */
  hashThreads: number;
  metricsToken: string | null;
  logLevel: string;
  adminEmail: string | null;
  adminPassword: string | null;
  bodyLimit: number;
  /** KEYWARDEN_KEEP_ALIVE_TIMEOUT: how long an idle keep-alive connection stays open (Fastify's 72 s by default). */
  keepAliveTimeoutMs: number;
  flushIntervalMs: number;
  pollIntervalMs: number;
  webDir: string | null;
  /** KEYWARDEN_WEBHOOK_ALLOW: CIDRs and `loopback` where webhooks may reach inner receivers; empty = none. */
  webhookAllow: readonly string[];
  /** Per tenant; past them creating one is 409 QUOTA_REACHED. */
  maxResources: number;
  maxWebhooks: number;
  /** KEYWARDEN_LEAK_REPORTS: keys a client IP may report a minute on POST /leaks; 0 = no throttle. */
  leakReports: number;
  /**
   * KEYWARDEN_IMPORT_ITEMS: import items (dry runs included) a tenant, and a client IP, may send an hour;
   * bounds how fast KEY_EXISTS, which answers for the whole instance, can be used to guess secrets.
   */
  importItems: number;
  /**
   * KEYWARDEN_GITHUB_SCANNING_KEYS: the file of GitHub's secret-scanning public keys; null switches
   * POST /leaks/github off (404).
   */
  githubScanningKeys: string | null;
  /** How long daily usage buckets are kept (KEYWARDEN_USAGE_RETENTION); hourly ones are kept 35 days. */
  usageRetentionMs: number;
}

export class ConfigError extends Error {
  constructor(readonly setting: string, message: string) {
    super(`${setting}: ${message}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_KEY_PREFIX = 'kw';

const DURATION = /^(\d+)(s|m|h|d)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function parseDuration(setting: string, value: string): number {
  const m = DURATION.exec(value.trim());
  if (!m || Number(m[1]) <= 0) throw new ConfigError(setting, `"${value}" is not a duration like 30s, 15m, 12h or 7d`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

function integer(setting: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value.trim())) throw new ConfigError(setting, `"${value}" is not a whole number`);
  const n = Number(value);
  if (n < min || n > max) throw new ConfigError(setting, `must be between ${min} and ${max}`);
  return n;
}

function boolean(setting: string, value: string): boolean {
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new ConfigError(setting, `"${value}" is not true or false`);
}

function webhookAllow(value: string): string[] {
  try {
    return parseAllowEntries(value);
  } catch (err) {
    throw new ConfigError('KEYWARDEN_WEBHOOK_ALLOW', (err as Error).message);
  }
}

/** Daily buckets are kept at least as long as hourly ones (35 days), and at most ten years. */
function usageRetention(value: string): number {
  const ms = parseDuration('KEYWARDEN_USAGE_RETENTION', value);
  if (ms < 35 * UNIT_MS.d || ms > 3650 * UNIT_MS.d) throw new ConfigError('KEYWARDEN_USAGE_RETENTION', 'must be between 35d and 3650d');
  return ms;
}

/**
 * An idle connection's life: at least a second, at most an hour (a connection that never times out
 * would be kept by every client that went away without closing it).
 */
function keepAliveTimeout(value: string): number {
  const ms = parseDuration('KEYWARDEN_KEEP_ALIVE_TIMEOUT', value);
  if (ms > UNIT_MS.h) throw new ConfigError('KEYWARDEN_KEEP_ALIVE_TIMEOUT', 'must be between 1s and 1h');
  return ms;
}

function trustProxy(value: string): Config['trustProxy'] {
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * The environment merged over a dotenv file: `--config FILE`, or `.env` in the working directory;
 * `null` for none (the environment alone).
 */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env, configFile?: string | null): Record<string, string | undefined> {
  if (configFile === null) return { ...env };
  const file = configFile ?? resolve('.env');
  if (configFile && !existsSync(configFile)) throw new ConfigError('--config', `file not found: ${configFile}`);
  const fromFile = existsSync(file) ? parseDotenv(readFileSync(file)) : {};
  return { ...fromFile, ...env };
}

export function loadConfig(env: Record<string, string | undefined>): Readonly<Config> {
  const get = (name: string) => {
    const v = env[name];
    return v === undefined || v === '' ? undefined : v;
  };
  const dataDir = resolve(get('KEYWARDEN_DATA_DIR') ?? './data');
  const databaseUrl = get('DATABASE_URL') ?? `sqlite:${join(dataDir, 'keywarden.db')}`;
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must start with sqlite: or postgres://');
  }
  const isPostgres = databaseUrl.startsWith('postgres');
  const secret = get('KEYWARDEN_SECRET') ?? null;
  if (isPostgres && !secret) {
    throw new ConfigError('KEYWARDEN_SECRET', 'is required with PostgreSQL, so that every node hashes keys alike');
  }
  if (secret !== null && secret.length < 32) throw new ConfigError('KEYWARDEN_SECRET', 'must be at least 32 characters');
  const keyPrefix = get('KEYWARDEN_KEY_PREFIX') ?? DEFAULT_KEY_PREFIX;
  if (!PREFIX_PATTERN.test(keyPrefix)) {
    throw new ConfigError('KEYWARDEN_KEY_PREFIX', 'must be 1..16 lowercase letters and digits, starting with a letter');
  }
  const redisFailure = get('KEYWARDEN_REDIS_FAILURE') ?? 'open';
  if (redisFailure !== 'open' && redisFailure !== 'closed') {
    throw new ConfigError('KEYWARDEN_REDIS_FAILURE', 'must be open or closed');
  }
  const logLevel = get('LOG_LEVEL') ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `"${logLevel}" is not a pino level`);
  }
  const adminEmail = get('KEYWARDEN_ADMIN_EMAIL') ?? null;
  const adminPassword = get('KEYWARDEN_ADMIN_PASSWORD') ?? null;
  if ((adminEmail === null) !== (adminPassword === null)) {
    throw new ConfigError('KEYWARDEN_ADMIN_PASSWORD', 'set KEYWARDEN_ADMIN_EMAIL and KEYWARDEN_ADMIN_PASSWORD together');
  }
  if (adminPassword !== null && adminPassword.length < 8) {
    throw new ConfigError('KEYWARDEN_ADMIN_PASSWORD', 'must be at least 8 characters');
  }
  const githubScanningKeys = get('KEYWARDEN_GITHUB_SCANNING_KEYS') ?? null;
  if (githubScanningKeys !== null && keyPrefix === DEFAULT_KEY_PREFIX) {
    // GitHub maps one prefix to one partner: every installation's `kw_` keys would go to one of them.
    throw new ConfigError('KEYWARDEN_GITHUB_SCANNING_KEYS', `needs a key prefix of this installation's own: set KEYWARDEN_KEY_PREFIX to something other than the default "${DEFAULT_KEY_PREFIX}" and register that prefix with GitHub (docs/operators.md, "GitHub secret scanning")`);
  }
  return Object.freeze({
    port: integer('PORT', get('PORT') ?? '8080', 0, 65535),
    host: get('HOST') ?? '127.0.0.1',
    dataDir,
    databaseUrl,
    redisUrl: get('REDIS_URL') ?? null,
    redisFailure,
    secret,
    keyPrefix,
    sessionTtlMs: parseDuration('KEYWARDEN_SESSION_TTL', get('KEYWARDEN_SESSION_TTL') ?? '12h'),
    sessionIdleMs: parseDuration('KEYWARDEN_SESSION_IDLE', get('KEYWARDEN_SESSION_IDLE') ?? '1h'),
    cookieSecure: boolean('KEYWARDEN_COOKIE_SECURE', get('KEYWARDEN_COOKIE_SECURE') ?? 'false'),
    trustProxy: trustProxy(get('KEYWARDEN_TRUST_PROXY') ?? 'false'),
    verifyIpFailures: integer('KEYWARDEN_VERIFY_IP_FAILURES', get('KEYWARDEN_VERIFY_IP_FAILURES') ?? '100', 0, 1e9),
    loginFailures: integer('KEYWARDEN_LOGIN_FAILURES', get('KEYWARDEN_LOGIN_FAILURES') ?? '10', 0, 1e6),
    // libuv reads UV_THREADPOOL_SIZE itself (1..1024); hashing is bounded by the same number.
    hashThreads: integer('UV_THREADPOOL_SIZE', get('UV_THREADPOOL_SIZE') ?? '4', 1, 1024),
    metricsToken: get('KEYWARDEN_METRICS_TOKEN') ?? null,
    logLevel,
    adminEmail,
    adminPassword,
    bodyLimit: integer('KEYWARDEN_BODY_LIMIT', get('KEYWARDEN_BODY_LIMIT') ?? '65536', 1024, 1 << 30),
    keepAliveTimeoutMs: keepAliveTimeout(get('KEYWARDEN_KEEP_ALIVE_TIMEOUT') ?? '72s'),
    flushIntervalMs: parseDuration('KEYWARDEN_FLUSH_INTERVAL', get('KEYWARDEN_FLUSH_INTERVAL') ?? '1s'),
    pollIntervalMs: parseDuration('KEYWARDEN_POLL_INTERVAL', get('KEYWARDEN_POLL_INTERVAL') ?? '1s'),
    webDir: get('KEYWARDEN_WEB_DIR') ?? null,
    webhookAllow: Object.freeze(webhookAllow(get('KEYWARDEN_WEBHOOK_ALLOW') ?? '')),
    maxResources: integer('KEYWARDEN_MAX_RESOURCES', get('KEYWARDEN_MAX_RESOURCES') ?? '10000', 1, 1_000_000),
    maxWebhooks: integer('KEYWARDEN_MAX_WEBHOOKS', get('KEYWARDEN_MAX_WEBHOOKS') ?? '20', 1, 10_000),
    leakReports: integer('KEYWARDEN_LEAK_REPORTS', get('KEYWARDEN_LEAK_REPORTS') ?? '100', 0, 1_000_000),
    importItems: integer('KEYWARDEN_IMPORT_ITEMS', get('KEYWARDEN_IMPORT_ITEMS') ?? '10000', 1, 10_000_000),
    githubScanningKeys: githubScanningKeys === null ? null : resolve(githubScanningKeys),
    usageRetentionMs: usageRetention(get('KEYWARDEN_USAGE_RETENTION') ?? '400d'),
  });
}
