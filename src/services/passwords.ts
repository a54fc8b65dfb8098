// Passwords are hashed with scrypt (node:crypto), N=2^17, r=8, p=1, 16-byte salt, as DESIGN
// "Authentication" asks. The parameters are written into the hash (`scrypt$N$r$p$salt$hash`), so a
// hash made with weaker ones still verifies and is replaced at the next successful sign-in.
// Each scrypt takes a libuv thread-pool thread for about a second and 128 MiB: the hasher lets at
// most as many run as the pool has threads, queues a bounded number more and refuses the rest (429).
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { rateLimited } from '../errors.js';
import { Gate } from './gate.js';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export const SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ N: 1 << 17, r: 8, p: 1 });
/** No stored hash may ask for more than this (a hash is ours, but a bad row must not exhaust memory). */
const MAX_N = 1 << 20;
/** Bounds a stored row may name: past them it is damaged, not a hash this server made. */
const MAX_R = 32;
const MAX_P = 16;
const MIN_BYTES = 16;

export type Derive = (password: string, salt: Buffer, length: number, params: ScryptParams) => Promise<Buffer>;

/** scrypt needs about 128·N·r·p bytes; maxmem must allow that, with room for its small extra buffers. */
const maxmemFor = ({ N, r, p }: ScryptParams) => 128 * N * r * p + 32 * 1024 * 1024;

export const scrypt: Derive = (password, salt, length, params) =>
  new Promise((resolve, reject) =>
    scryptCb(password, salt, length, { ...params, maxmem: maxmemFor(params) }, (err, key) => (err ? reject(err) : resolve(key))),
  );

function format(params: ScryptParams, salt: Buffer, hash: Buffer): string {
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | null {
  const [scheme, n, r, p, salt, hash, ...rest] = stored.split('$');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (scheme !== 'scrypt' || rest.length > 0 || salt === undefined || hash === undefined) return null;
  if (![params.N, params.r, params.p].every(Number.isSafeInteger) || params.N < 2 || params.N > MAX_N) return null;
  if (params.r < 1 || params.r > MAX_R || params.p < 1 || params.p > MAX_P) return null;
  const parsed = { params, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
  // An empty hash would match the empty derivation of any password.
  return parsed.salt.length >= MIN_BYTES && parsed.hash.length >= MIN_BYTES ? parsed : null;
}

/** Whether a hash made with `made` is weaker than one made with `wanted`. */
export const isWeaker = (made: ScryptParams, wanted: ScryptParams) =>
  made.N < wanted.N || made.r < wanted.r || made.p < wanted.p;

/** A hash with the production parameters, outside any hasher's bounds (tooling and test fixtures). */
export async function hashPassword(password: string, params: ScryptParams = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  return format(params, salt, await scrypt(password, salt, 32, params));
}

/**
 * A fixed hash to compare against when the email is unknown, so both paths take the same time.
 * Its parameters are the production ones; a hasher with other parameters makes its own.
 */
export const DUMMY_PASSWORD_HASH = `scrypt$${SCRYPT_PARAMS.N}$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`;

export interface PasswordHasherOptions {
  /** scrypts at once: the libuv thread pool's size (UV_THREADPOOL_SIZE, default 4). */
  slots: number;
  /** How many more may wait for a slot before the next is refused with 429. */
  queueLimit: number;
  /** The parameters of new hashes. Only test servers pass others (StartOptions.passwords), never the environment. */
  params?: ScryptParams;
  /** The key derivation; tests hold it to fill the slots deterministically. */
  derive?: Derive;
}

export interface PasswordCheck {
  ok: boolean;
  /** The password matched a hash made with weaker parameters than today's: store a new one. */
  needsRehash: boolean;
}

export class PasswordHasher {
  readonly params: Readonly<ScryptParams>;
  readonly dummyHash: string;
  private readonly gate: Gate;
  private readonly derive: Derive;

  constructor(options: PasswordHasherOptions) {
    this.params = Object.freeze({ ...(options.params ?? SCRYPT_PARAMS) });
    this.derive = options.derive ?? scrypt;
    this.gate = new Gate(options.slots, options.queueLimit,
      () => rateLimited(1, 'Too many sign-ins at once; try again in a moment.'));
    this.dummyHash = format(this.params, Buffer.alloc(16), Buffer.alloc(32));
  }

  /** Hashes with today's parameters; 429 RATE_LIMITED when the queue is full. */
  hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    return this.gate.run(async () => format(this.params, salt, await this.derive(password, salt, 32, this.params)));
  }

  /** Checks a password against a stored hash; 429 RATE_LIMITED when the queue is full. */
  async check(password: string, stored: string): Promise<PasswordCheck> {
    const parsed = parse(stored) ?? parse(this.dummyHash)!;
    const actual = await this.gate.run(() => this.derive(password, parsed.salt, parsed.hash.length, parsed.params));
    const ok = actual.length === parsed.hash.length && timingSafeEqual(actual, parsed.hash) && stored !== this.dummyHash;
    return { ok, needsRehash: ok && isWeaker(parsed.params, this.params) };
  }

  /** Tasks running and waiting, for tests and metrics. */
  get load(): { active: number; queued: number } {
    return { active: this.gate.active, queued: this.gate.queued };
  }
}
