// Vitest's global set-up: runs once per run, before any test file.
import { browserLaunchOptions } from '../e2e/browser.js';
import { checkServices } from './services.js';

export default async function setup(): Promise<void> {
  checkServices();
  // The console tests' packaged Chromium unpacks here, once: two files running side by side would
  // otherwise unpack it at the same time, and one could launch the other's half-written file.
  await browserLaunchOptions();
}
