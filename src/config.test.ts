import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDuration, readEnvironment } from './config.js';

describe('configuration', () => {
  it('gives the documented defaults on an empty environment', () => {
    const config = loadConfig({ KEYWARDEN_DATA_DIR: '/tmp/kw-defaults' });
    expect(config).toMatchObject({
      port: 8080, host: '127.0.0.1', databaseUrl: 'sqlite:/tmp/kw-defaults/keywarden.db', redisUrl: null,
      redisFailure: 'open', secret: null, keyPrefix: 'kw', sessionTtlMs: 12 * 3_600_000, cookieSecure: false,
      trustProxy: false, verifyIpFailures: 100, logLevel: 'info', bodyLimit: 65_536, webhookAllow: [],
      sessionIdleMs: 3_600_000, loginFailures: 10, hashThreads: 4,
      maxResources: 10_000, maxWebhooks: 20, leakReports: 100, githubScanningKeys: null, importItems: 10_000,
    });
    expect(config.usageRetentionMs).toBe(400 * 86_400_000);
    expect(config.keepAliveTimeoutMs).toBe(72_000);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads durations written as <n>s|m|h|d', () => {
    expect(parseDuration('X', '30s')).toBe(30_000);
    expect(parseDuration('X', '15m')).toBe(900_000);
    expect(parseDuration('X', '7d')).toBe(7 * 86_400_000);
    expect(() => parseDuration('X', '10')).toThrow(ConfigError);
    expect(() => parseDuration('X', '0s')).toThrow(ConfigError);
  });

  it.each([
    ['PORT', 'eighty', 'PORT'],
    ['PORT', '70000', 'PORT'],
    ['KEYWARDEN_KEY_PREFIX', 'Kw', 'KEYWARDEN_KEY_PREFIX'],
    ['KEYWARDEN_KEY_PREFIX', 'a'.repeat(17), 'KEYWARDEN_KEY_PREFIX'],
    ['KEYWARDEN_REDIS_FAILURE', 'maybe', 'KEYWARDEN_REDIS_FAILURE'],
    ['KEYWARDEN_SESSION_TTL', '12 hours', 'KEYWARDEN_SESSION_TTL'],
    ['KEYWARDEN_SESSION_IDLE', '1 hour', 'KEYWARDEN_SESSION_IDLE'],
    ['KEYWARDEN_LOGIN_FAILURES', 'ten', 'KEYWARDEN_LOGIN_FAILURES'],
    ['KEYWARDEN_LOGIN_FAILURES', '-1', 'KEYWARDEN_LOGIN_FAILURES'],
    ['UV_THREADPOOL_SIZE', '0', 'UV_THREADPOOL_SIZE'],
    ['KEYWARDEN_IMPORT_ITEMS', '0', 'KEYWARDEN_IMPORT_ITEMS'],
    ['KEYWARDEN_IMPORT_ITEMS', 'many', 'KEYWARDEN_IMPORT_ITEMS'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL'],
    ['DATABASE_URL', 'mysql://x', 'DATABASE_URL'],
    ['KEYWARDEN_SECRET', 'short', 'KEYWARDEN_SECRET'],
    ['KEYWARDEN_WEBHOOK_ALLOW', 'loopback,10.0.0.0/40', 'KEYWARDEN_WEBHOOK_ALLOW'],
    ['KEYWARDEN_WEBHOOK_ALLOW', 'intranet.example', 'KEYWARDEN_WEBHOOK_ALLOW'],
    ['KEYWARDEN_MAX_RESOURCES', '0', 'KEYWARDEN_MAX_RESOURCES'],
    ['KEYWARDEN_MAX_RESOURCES', 'many', 'KEYWARDEN_MAX_RESOURCES'],
    ['KEYWARDEN_MAX_WEBHOOKS', '-1', 'KEYWARDEN_MAX_WEBHOOKS'],
    ['KEYWARDEN_MAX_WEBHOOKS', '10001', 'KEYWARDEN_MAX_WEBHOOKS'],
    ['KEYWARDEN_LEAK_REPORTS', 'lots', 'KEYWARDEN_LEAK_REPORTS'],
    ['KEYWARDEN_LEAK_REPORTS', '-5', 'KEYWARDEN_LEAK_REPORTS'],
    ['KEYWARDEN_GITHUB_SCANNING_KEYS', '/etc/keywarden/github-keys.json', 'KEYWARDEN_GITHUB_SCANNING_KEYS'],
    ['KEYWARDEN_USAGE_RETENTION', '400', 'KEYWARDEN_USAGE_RETENTION'],
    ['KEYWARDEN_KEEP_ALIVE_TIMEOUT', '0s', 'KEYWARDEN_KEEP_ALIVE_TIMEOUT'],
    ['KEYWARDEN_KEEP_ALIVE_TIMEOUT', '72', 'KEYWARDEN_KEEP_ALIVE_TIMEOUT'],
    ['KEYWARDEN_KEEP_ALIVE_TIMEOUT', '2h', 'KEYWARDEN_KEEP_ALIVE_TIMEOUT'],
    ['KEYWARDEN_USAGE_RETENTION', '30d', 'KEYWARDEN_USAGE_RETENTION'],
    ['KEYWARDEN_USAGE_RETENTION', '3651d', 'KEYWARDEN_USAGE_RETENTION'],
  ])('stops on a bad %s (%s) with a message naming it', (name, value, named) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${named}:`));
  });

  it('reads KEYWARDEN_USAGE_RETENTION as a duration', () => {
    expect(loadConfig({ KEYWARDEN_USAGE_RETENTION: '90d' }).usageRetentionMs).toBe(90 * 86_400_000);
  });

  it('reads KEYWARDEN_WEBHOOK_ALLOW as a list of CIDRs and loopback', () => {
    expect(loadConfig({ KEYWARDEN_WEBHOOK_ALLOW: 'loopback, 10.20.0.0/16' }).webhookAllow).toEqual(['loopback', '10.20.0.0/16']);
  });

  it('takes GitHub secret scanning only with a key prefix of the installation\'s own', () => {
    expect(() => loadConfig({ KEYWARDEN_GITHUB_SCANNING_KEYS: 'keys.json' })).toThrow(/KEYWARDEN_KEY_PREFIX.*other than the default "kw"/);
    expect(loadConfig({ KEYWARDEN_GITHUB_SCANNING_KEYS: '/etc/kw/keys.json', KEYWARDEN_KEY_PREFIX: 'acme' }).githubScanningKeys).toBe('/etc/kw/keys.json');
  });

  it('requires KEYWARDEN_SECRET with PostgreSQL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/x' })).toThrow(/^KEYWARDEN_SECRET:/);
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/x', KEYWARDEN_SECRET: 's'.repeat(32) }).databaseUrl).toBe('postgres://localhost/x');
  });

  it('requires the first-start admin email and password together', () => {
    expect(() => loadConfig({ KEYWARDEN_ADMIN_EMAIL: 'a@b.c' })).toThrow(/KEYWARDEN_ADMIN_PASSWORD/);
  });

  it('reads a dotenv file, with the environment winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-config-'));
    const file = join(dir, 'keywarden.env');
    writeFileSync(file, 'PORT=9090\nHOST=0.0.0.0\n');
    const env = readEnvironment({ PORT: '9191' }, file);
    const config = loadConfig(env);
    expect(config.port).toBe(9191);
    expect(config.host).toBe('0.0.0.0');
    expect(() => readEnvironment({}, join(dir, 'missing.env'))).toThrow(/--config/);
  });

  it('accepts a hop count or a list of addresses for KEYWARDEN_TRUST_PROXY', () => {
    expect(loadConfig({ KEYWARDEN_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ KEYWARDEN_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(loadConfig({ KEYWARDEN_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });
});
