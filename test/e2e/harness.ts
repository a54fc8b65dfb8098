// Shared pieces of the console's end-to-end tests: a real server on a random port with a fresh
// SQLite database, the built console, headless Chromium, and a small API client for set-up.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startServer } from '../../src/server.js';
import { ADMIN, TEST_SCRYPT_PARAMS } from '../helpers/server.js';
import { StubResolver } from '../helpers/resolver.js';
import { unique, World } from '../helpers/world.js';
import { flattenMessages, mergeMessages, type Messages } from '../../web/src/i18n/tree.js';
import { launchBrowser } from './browser.js';

export { ADMIN };

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WEB_DIST = join(ROOT, 'web', 'dist');
export const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
export type Lang = 'en' | 'nl';

const I18N = join(ROOT, 'web/src/i18n');

/** The main file, then the area part files (parts/<area>.<lang>.json), merged as web/src/i18n/messages.ts does. */
function textsOf(lang: Lang): Map<string, string> {
  const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Messages;
  const parts = readdirSync(join(I18N, 'parts')).filter((f) => f.endsWith(`.${lang}.json`)).sort();
  return flattenMessages(parts.reduce((tree, file) => mergeMessages(tree, read(join(I18N, 'parts', file))), read(join(I18N, `${lang}.json`))));
}

const texts: Record<Lang, Map<string, string>> = { en: textsOf('en'), nl: textsOf('nl') };

/** A console text as a person sees it (part files included), so tests find elements by their visible names. */
export function tr(lang: Lang, key: string, values: Record<string, string | number> = {}): string {
  const text = texts[lang].get(key);
  if (text === undefined) throw new Error(`no text ${lang}:${key}`);
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(values[name] ?? ''));
}

export function buildConsoleIfMissing(): void {
  if (!existsSync(join(WEB_DIST, 'index.html'))) execSync('npx vite build web', { cwd: ROOT, stdio: 'inherit' });
}

export interface Harness {
  url: string;
  browser: Browser;
  /** Set-up through the API, in process, as the platform admin. */
  world: World;
  /** The browser views the running test opened; each is checked and closed after it. */
  views: ConsolePage[];
  /** Writes the per-minute failure summaries now instead of when their minute ends. */
  closeFailureMinute(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts one harness for the test file, hands it to `use`, and closes it when the file is done.
 * After each test its views are closed, and a view whose page logged an error or met an answer
 * of 500 or more fails the test.
 */
export function useHarness(use: (harness: Harness) => void): void {
  let started: Harness | undefined;
  beforeAll(async () => {
    started = await startHarness();
    use(started);
  }, 180_000);
  afterEach(async () => {
    const views = started?.views.splice(0) ?? [];
    await Promise.all(views.map((view) => view.context.close()));
    for (const view of views) {
      expect(view.errors).toEqual([]);
      expect(view.serverErrors).toEqual([]);
    }
  });
  afterAll(async () => {
    await started?.close();
  });
}

export async function startHarness(): Promise<Harness> {
  buildConsoleIfMissing();
  const dataDir = mkdtempSync(join(tmpdir(), 'keywarden-e2e-'));
  const server = await startServer({
    PORT: '0',
    HOST: '127.0.0.1',
    KEYWARDEN_DATA_DIR: dataDir,
    KEYWARDEN_ADMIN_EMAIL: ADMIN.email,
    KEYWARDEN_ADMIN_PASSWORD: ADMIN.password,
    KEYWARDEN_SECRET: 'x'.repeat(40),
    KEYWARDEN_WEB_DIR: WEB_DIST,
    LOG_LEVEL: 'silent',
    // The receivers listen on loopback; names under .test resolve there too, never through DNS.
    KEYWARDEN_WEBHOOK_ALLOW: 'loopback',
  }, { resolver: new StubResolver(), passwords: { params: TEST_SCRYPT_PARAMS } }); // the suite's hashing cost (test/helpers/server.ts)
  const browser = await launchBrowser();
  return {
    url: server.url,
    browser,
    world: await World.on(server),
    views: [],
    closeFailureMinute: () => server.verifier.usage.flush(Date.now() + 60_000),
    async close() {
      await browser.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ConsolePage {
  page: Page;
  context: BrowserContext;
  /** Errors the page logged or threw, apart from the browser's own notes on failed requests. */
  errors: string[];
  /** Every answer of 500 or more, which the console should never cause. */
  serverErrors: string[];
}

export async function openConsole(harness: Harness, lang: Lang): Promise<ConsolePage> {
  const context = await harness.browser.newContext({
    locale: lang === 'nl' ? 'nl-NL' : 'en-GB',
    viewport: { width: 1280, height: 860 },
    // The server's CSP forbids inline scripts, as it should; the test injects axe-core inline.
    bypassCSP: true,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.url });
  const page = await context.newPage();
  const errors: string[] = [];
  const serverErrors: string[] = [];
  page.on('console', (message) => {
    // A 4xx the console handles (401 before sign-in, a refused create) still makes Chromium log
    // "Failed to load resource"; that is the browser's note, not an error of the console.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('response', (response) => {
    if (response.status() >= 500) serverErrors.push(`${response.status()} ${response.url()}`);
  });
  page.setDefaultTimeout(10_000);
  const view = { page, context, errors, serverErrors };
  harness.views.push(view);
  return view;
}

export async function signIn(page: Page, harness: Harness, lang: Lang, email: string, password: string): Promise<void> {
  await page.goto(harness.url + '/');
  await page.getByLabel(tr(lang, 'login.email')).fill(email);
  await page.getByLabel(tr(lang, 'login.password')).fill(password);
  await page.getByRole('button', { name: tr(lang, 'login.submit') }).click();
  await page.getByRole('button', { name: tr(lang, 'header.signOut') }).waitFor();
}

const requireFromHere = createRequire(import.meta.url);
const AXE_PATH = requireFromHere.resolve('axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core on the page as it is; answers the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Saves the page under docs/screenshots when it has none yet, or on request (UPDATE_SCREENSHOTS=1),
 * so that an ordinary test run leaves the working tree as it found it.
 */
export async function screenshot(page: Page, name: string, lang: Lang): Promise<void> {
  const path = join(SCREENSHOTS, `${name}-${lang}.png`);
  if (existsSync(path) && !process.env.UPDATE_SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
}

/** A small client of the API for set-up and checks, signed in with a session cookie like a browser. */
export class ApiSession {
  private cookie = '';
  constructor(private readonly base: string) {}

  static async signIn(base: string, email: string, password: string): Promise<ApiSession> {
    const session = new ApiSession(base);
    const response = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!response.ok) throw new Error(`login ${email}: ${response.status} ${await response.text()}`);
    session.cookie = (response.headers.getSetCookie?.() ?? [response.headers.get('set-cookie') ?? ''])
      .map((line) => line.split(';')[0])
      .join('; ');
    return session;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: body === undefined ? { cookie: this.cookie } : { cookie: this.cookie, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** Asks verify about a secret, as a program behind an API would. */
export async function verify(base: string, secret: string): Promise<{ valid: boolean; code?: string }> {
  const response = await fetch(`${base}/api/v1/verify`, { method: 'POST', headers: { 'x-api-key': secret } });
  return (await response.json()) as { valid: boolean; code?: string };
}

export interface ConsoleWorld {
  tenantId: string;
  tenantName: string;
  admin: { id: string; email: string; password: string; name: string };
  developer: { id: string; email: string; password: string; name: string };
}

/**
 * A tenant with a tenant admin and a developer (not yet granted: tests grant through the UI or
 * call grantDeveloper), made through the API by the platform admin.
 */
export async function buildWorld(harness: Harness, options: { grant?: boolean; enable?: boolean; tenantName?: string } = {}): Promise<ConsoleWorld> {
  const { world } = harness;
  const tag = unique();
  const tenantName = options.tenantName ?? `Acme ${tag}`;
  const tenantId = await world.tenant(undefined, tenantName);
  const admin = { email: `alice.${tag}@example.test`, password: 'alice-password-1', name: 'Alice Admin' };
  const developer = { email: `dana.${tag}@example.test`, password: 'dana-password-1', name: 'Dana Developer' };
  const adminUser = await world.user(admin);
  const developerUser = await world.user(developer);
  expect((await world.grant(tenantId, adminUser.id, ['tenant_admin'])).status).toBe(200);
  await world.resource(tenantId, 'Accounts', null, 'account');
  if (options.grant) expect((await world.grant(tenantId, developerUser.id, ['developer'], true)).status).toBe(200);
  if (options.enable) expect((await world.call('PATCH', `/tenants/${tenantId}/settings`, { as: world.admin, body: { apiKeysEnabled: true } })).status).toBe(200);
  return { tenantId, tenantName, admin: { ...admin, id: adminUser.id }, developer: { ...developer, id: developerUser.id } };
}
