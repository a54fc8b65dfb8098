// Where the test suite finds PostgreSQL and Redis: TEST_DATABASE_URL / TEST_REDIS_URL only, never
// DATABASE_URL / REDIS_URL. With CI set a missing service fails the run; on a laptop those tests skip.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || null;
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || null;

type Env = Record<string, string | undefined>;

const SERVICES = [
  { name: 'PostgreSQL', variable: 'TEST_DATABASE_URL', example: 'postgres://postgres@127.0.0.1:5432/test' },
  { name: 'Redis', variable: 'TEST_REDIS_URL', example: 'redis://127.0.0.1:6379' },
];

/**
 * Runs once before the suite (test/helpers/global-setup.ts), so a run says it once rather than
 * once per file: with CI set a missing service fails the run; elsewhere each missing service gets
 * one visible line naming the variable that brings its tests in.
 */
export function checkServices(env: Env = process.env, say: (line: string) => void = console.warn): void {
  const missing = SERVICES.filter((service) => !env[service.variable]);
  if (missing.length === 0) return;
  if (env.CI) {
    throw new Error(`CI is set but ${missing.map((s) => s.variable).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not: the ${missing.map((s) => s.name).join(' and ')} tests cannot run.`);
  }
  for (const service of missing) {
    say(`[keywarden tests] ${service.name} tests are SKIPPED: set ${service.variable} (e.g. ${service.example}) to run them.`);
  }
}

export type DialectName = 'sqlite' | 'postgres';
/** The dialects to loop storage and HTTP tests over, as Kysely's own tests do. */
export const DIALECTS: DialectName[] = TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/** A fresh schema name per test server, so files and tests can run side by side. */
export function newSchemaName(): string {
  return `kwt_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  if (!TEST_DATABASE_URL) return;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

/**
 * A PostgreSQL database of its own whose default collation is a language's (ICU `en`), as many
 * operators' databases are; the test database itself may use C. Null without PostgreSQL.
 */
export async function createLocaleDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  if (!TEST_DATABASE_URL) return null;
  const name = `kwt_${randomBytes(6).toString('hex')}_en`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL! });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`create database ${name} template template0 locale_provider icu icu_locale 'en' locale 'C.UTF-8'`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}
