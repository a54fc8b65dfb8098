// Which Chromium the console tests drive, decided here and nowhere else: CHROMIUM_PATH when set,
// else the system's /usr/bin/chromium when there is one, else the build that @sparticuz/chromium
// ships inside its npm package, so that `npm ci` is all a machine needs.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** The browser stays on loopback: no background requests, updates, sync or QUIC; no GPU. */
const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Flags of the packaged build left out: one process cannot hold the several contexts a test opens,
 * and the console is tested under the same-origin rules a real browser keeps.
 */
const PACKAGED_FLAGS_LEFT_OUT = new Set(['--single-process', '--disable-web-security', '--allow-running-insecure-content']);

export async function browserLaunchOptions(): Promise<LaunchOptions> {
  const system = process.env.CHROMIUM_PATH || (existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined);
  if (system) return { executablePath: system, args: QUIET_FLAGS, headless: true };
  const { default: packaged } = await import('@sparticuz/chromium');
  packaged.setGraphicsMode = false; // no WebGL needed, and one archive less to unpack
  // Unpacks into the temporary directory on first use, then answers the unpacked file.
  const executablePath = await packaged.executablePath();
  const args = packaged.args.filter((flag) => !PACKAGED_FLAGS_LEFT_OUT.has(flag));
  return { executablePath, args: [...args, ...QUIET_FLAGS], headless: true };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch(await browserLaunchOptions());
}
