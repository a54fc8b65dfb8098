// The server secret: KEYWARDEN_SECRET, or a random one created once in the data directory (0600).
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from './config.js';

export const SECRET_FILE = 'secret';

export function loadServerSecret(config: Pick<Config, 'secret' | 'dataDir'>): Buffer {
  if (config.secret) return Buffer.from(config.secret, 'utf8');
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 }); // private, as DESIGN "Key format" says
  const path = join(config.dataDir, SECRET_FILE);
  if (!existsSync(path)) {
    writeFileSync(path, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  }
  // Keep the file private even if someone loosened it.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return Buffer.from(readFileSync(path, 'utf8').trim(), 'utf8');
}
