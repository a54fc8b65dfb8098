// The in-process loops: Keywarden's verify over cached keys, and the floor it is measured against.
import type { Verifier } from '../src/verify/verifier.js';
import type { VerifyRequest } from '../src/verify/decide.js';
import { KeyedHash } from '../dist/verify/keyed-hash.js';

const tick = () => new Promise((r) => setImmediate(r));

/**
 * The keys as a request brings them: each verification gets a fresh string decoded from bytes, as
 * the HTTP parser makes one per request. Holding 100,000 ready-made strings instead would make the
 * loop wait on the driver's own scattered strings, a cost no server has.
 */
class Presented {
  private readonly bytes: Buffer;
  private readonly starts: Int32Array;
  constructor(keys: string[]) {
    this.bytes = Buffer.from(keys.join(''), 'latin1');
    this.starts = new Int32Array(keys.length + 1);
    for (let i = 0; i < keys.length; i++) this.starts[i + 1] = this.starts[i] + keys[i].length;
  }
  get length() { return this.starts.length - 1; }
  key(i: number): string { return this.bytes.toString('latin1', this.starts[i], this.starts[i + 1]); }
}

/** Verifications the loops make between yields: a few milliseconds' worth. */
const TURN = 2000;

/** TURN verifications of the keys from the i-th on, each from memory; the index to go on from. */
function verifyTurn(verifier: Verifier, keys: Presented, i: number, request: VerifyRequest): number {
  for (let j = 0; j < TURN; j++) {
    const answer = verifier.verify(keys.key(i), request, '127.0.0.1');
    if (answer instanceof Promise || !answer.valid) throw new Error(`a cached key did not verify from memory: ${answer instanceof Promise ? 'promise' : JSON.stringify(answer)} (key ${i})`);
    if (++i === keys.length) i = 0;
  }
  return i;
}

/** Verifications per second over `keys` for `ms`, yielding every few ms so the flush timer runs as in production. */
export async function verifyLoop(verifier: Verifier, keyList: string[], ms: number, dryRun = false): Promise<number> {
  const keys = new Presented(keyList);
  // A dry run takes the whole decision from the cache but buffers no usage: the cache alone.
  const request = dryRun ? { dryRun: true } : {};
  const end = Date.now() + ms;
  let ops = 0;
  let i = 0;
  const started = process.hrtime.bigint();
  while (Date.now() < end) {
    i = verifyTurn(verifier, keys, i, request);
    ops += TURN;
    await tick();
  }
  return ops / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** One turn of a loop measured side by side: TURN operations from the i-th key on; the index to go on from. */
type Turn = (i: number) => number;

/**
 * Operations per second of each turn function, measured side by side: the functions take turns
 * every TURN (2,000) operations (about a millisecond; the order turned at each turn) for `ms`,
 * yielding between turns as verifyLoop does. On a shared machine the rate drifts by several points
 * within seconds (bench/RESULTS.md); taking turns this often puts any drift on every function alike,
 * where rounds of seconds each leave it to the order of the rounds.
 */
async function sideBySide(turns: Turn[], ms: number): Promise<number[]> {
  const next = turns.map(() => 0);
  const ns = turns.map(() => 0n);
  const ops = turns.map(() => 0);
  const turn = (k: number) => {
    const started = process.hrtime.bigint();
    next[k] = turns[k](next[k]);
    ns[k] += process.hrtime.bigint() - started;
    ops[k] += TURN;
  };
  const end = Date.now() + ms;
  for (let t = 0; Date.now() < end; t++) {
    for (let k = 0; k < turns.length; k++) turn(t % 2 === 0 ? k : turns.length - 1 - k);
    await tick();
  }
  return ops.map((n, k) => n / (Number(ns[k]) / 1e9));
}

/** Verifications per second over each key list, measured side by side (see sideBySide). */
export function sideBySideLoops(verifier: Verifier, keyLists: string[][], ms: number): Promise<number[]> {
  const request = {};
  return sideBySide(keyLists.map((keys) => {
    const presented = new Presented(keys);
    return (i) => verifyTurn(verifier, presented, i, request);
  }), ms);
}

/** The floor: HMAC-SHA-256 of the key (the verifier's own fast form) and one Map lookup, nothing else. */
function floorTurns(secret: Buffer, keyList: string[]): Turn {
  const hmac = new KeyedHash(secret);
  const map = new Map<string, number>();
  for (let i = 0; i < keyList.length; i++) map.set(hmac.latin1(keyList[i]), i);
  const keys = new Presented(keyList);
  return (i) => {
    for (let j = 0; j < TURN; j++) {
      if (map.get(hmac.latin1(keys.key(i))) === undefined) throw new Error('floor lookup missed');
      if (++i === keys.length) i = 0;
    }
    return i;
  };
}

/**
 * Verifications per second over `keyList` and the floor's operations per second over the same keys,
 * measured side by side (see sideBySide): [verify, floor].
 */
export function verifyBesideFloor(verifier: Verifier, secret: Buffer, keyList: string[], ms: number): Promise<number[]> {
  const presented = new Presented(keyList);
  const request = {};
  return sideBySide([(i) => verifyTurn(verifier, presented, i, request), floorTurns(secret, keyList)], ms);
}
