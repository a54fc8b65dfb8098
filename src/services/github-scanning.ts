// GitHub's secret-scanning partner programme (DESIGN v1.1 "Leak reports"): GitHub posts the tokens
// it found with our prefix, signed with ECDSA P-256 over the raw body; we check the signature
// against GitHub's published keys (a file the operator keeps), act on each token as on a leak
// report, and answer a label per token. A repeated delivery (the same body) acts once.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { fieldInvalid } from '../errors.js';
import type { ServiceContext } from './context.js';
import { httpUrlOrNull } from '../domain/http-url.js';
import { findReportedKey, markLeaked } from './leaks.js';

/** GitHub's key list (`https://api.github.com/meta/public_keys/secret_scanning`). */
interface KeyList {
  public_keys: { key_identifier: string; key: string; is_current?: boolean }[];
}

/**
 * How long a handled delivery is remembered. GitHub retries within minutes, but a delivery carries
 * no time of its own, so a captured one stays validly signed: replayed after it is forgotten, it
 * would act again (a new `key.leaked`, a revocation). 30 days keeps the table small while making a
 * replay as old as that of little use (security review, v1.1; it was 7 days).
 */
const DELIVERY_MEMORY_MS = 30 * 86_400_000;

function parseKeyList(text: string, path: string): Map<string, KeyObject> {
  const fail = (why: string) => new Error(`KEYWARDEN_GITHUB_SCANNING_KEYS: ${path} ${why}; expected GitHub's list {"public_keys": [{"key_identifier", "key"}]}`);
  let list: KeyList;
  try {
    list = JSON.parse(text) as KeyList;
  } catch {
    throw fail('is not JSON');
  }
  if (!list || !Array.isArray(list.public_keys) || list.public_keys.length === 0) throw fail('has no public_keys');
  const keys = new Map<string, KeyObject>();
  for (const entry of list.public_keys) {
    if (typeof entry?.key_identifier !== 'string' || typeof entry.key !== 'string') throw fail('has an entry without key_identifier or key');
    try {
      keys.set(entry.key_identifier, createPublicKey(entry.key));
    } catch {
      throw fail(`has a key that is not a PEM public key (${entry.key_identifier.slice(0, 16)}…)`);
    }
  }
  return keys;
}

/** The public keys in the operator's file, read again whenever the file changes. */
export class GithubScanningKeys {
  private loaded: { mtimeMs: number; size: number; keys: Map<string, KeyObject> } | null = null;

  constructor(readonly path: string, private readonly onError: (err: unknown, what: string) => void = () => {}) {}

  /** Reads the file; a start with a missing or broken file stops with a message naming the setting. */
  async load(): Promise<void> {
    const info = await stat(this.path).catch(() => {
      throw new Error(`KEYWARDEN_GITHUB_SCANNING_KEYS: cannot read ${this.path}`);
    });
    const keys = parseKeyList(await readFile(this.path, 'utf8'), this.path);
    this.loaded = { mtimeMs: info.mtimeMs, size: info.size, keys };
  }

  /** The key GitHub names, from the file as it is now; a broken change keeps the last good keys. */
  async keyFor(identifier: string): Promise<KeyObject | null> {
    try {
      const info = await stat(this.path);
      if (!this.loaded || info.mtimeMs !== this.loaded.mtimeMs || info.size !== this.loaded.size) await this.load();
    } catch (err) {
      this.onError(err, 'reading the GitHub secret-scanning keys');
    }
    return this.loaded?.keys.get(identifier) ?? null;
  }

  /** Whether `signature` (base64 DER) is GitHub's ECDSA P-256 / SHA-256 signature of the raw body. */
  async isSignedByGithub(identifier: unknown, signature: unknown, raw: Buffer): Promise<boolean> {
    if (typeof identifier !== 'string' || typeof signature !== 'string' || identifier === '' || signature === '') return false;
    const key = await this.keyFor(identifier);
    if (!key) return false;
    try {
      return verify('sha256', raw, { key, dsaEncoding: 'der' }, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  }
}

interface Match {
  token: string;
  type: string;
  url?: unknown;
  source?: unknown;
}

export interface Label {
  token_raw: string;
  token_type: string;
  label: 'true_positive' | 'false_positive';
}

/** The body, once its signature holds: an array of matches; unknown fields are ignored. */
function parseMatches(raw: Buffer): Match[] {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw fieldInvalid('', 'is not valid JSON');
  }
  if (!Array.isArray(body)) throw fieldInvalid('', 'must be an array of matches');
  return body.map((m, i) => {
    if (typeof m !== 'object' || m === null || typeof (m as Match).token !== 'string') throw fieldInvalid(`/${i}/token`, 'is required');
    const { token, type, url, source } = m as Match;
    return { token, type: typeof type === 'string' ? type : '', url, source };
  });
}

/** Forgets deliveries older than DELIVERY_MEMORY_MS. */
async function forgetOldDeliveries(ctx: ServiceContext, now: Date): Promise<void> {
  await ctx.store.write(async (trx) => {
    await trx.deleteFrom('leak_deliveries').where('received_at', '<', new Date(now.getTime() - DELIVERY_MEMORY_MS).toISOString()).execute();
  });
}

/**
 * Handles a delivery whose signature holds. A token is `true_positive` when it is a key of this
 * instance, whatever its status (the match was right), else `false_positive`. A repeated delivery
 * gets the same labels and acts on no key again: each key's action is remembered with the delivery's
 * digest in the action's own transaction, so a delivery whose handler died part-way (GitHub then
 * retries) still acts on the keys it had not reached.
 */
export async function handleGithubDelivery(ctx: ServiceContext, raw: Buffer): Promise<Label[]> {
  const matches = parseMatches(raw);
  const digest = createHash('sha256').update(raw).digest('hex');
  await forgetOldDeliveries(ctx, ctx.now());
  const acted = new Set<string>();
  const labels: Label[] = [];
  for (const m of matches) {
    const keyId = await findReportedKey(ctx, m.token);
    if (keyId !== null && !acted.has(keyId)) {
      acted.add(keyId);
      const where = typeof m.source === 'string' && m.source !== '' ? m.source.slice(0, 180) : null;
      const once = createHash('sha256').update(`${digest}:${keyId}`).digest('hex');
      await markLeaked(ctx, keyId, { source: where ? `GitHub (${where})` : 'GitHub', url: httpUrlOrNull(m.url) }, once);
    }
    labels.push({ token_raw: m.token, token_type: m.type, label: keyId !== null ? 'true_positive' : 'false_positive' });
  }
  return labels;
}
