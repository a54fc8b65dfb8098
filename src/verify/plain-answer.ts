// The answer to a valid verification of a key without limits depends on its entry alone, so it is
// made once per entry and shared by the verifications that find that entry (a hot key's entry is
// kept, key-table.ts; an entry is replaced, never changed, when its key is). Its JSON text is made
// at most once too: a server sends the text instead of serializing the answer per request, which
// measured about a tenth of a verification's server CPU over HTTP (bench/RESULTS.md). The text is
// a private field, so no serializer, comparison or caller sees it among the answer's fields.
import type { Scope } from '../domain/scopes.js';
import type { KeyEntry } from './decide.js';
import type { ValidAnswer, VerifyAnswer } from './verifier.js';
import type { LimitDefinition } from '../domain/limits.js';
import { answeredLimit, limitResetAt, type AnsweredLimit } from './named-limits.js';

export class PlainAnswer implements ValidAnswer {
  readonly valid = true;
  readonly keyId: string;
  readonly tenantId: string;
  readonly ownerId: string;
  readonly name: string;
  // Serialized only, never mutated: the cached (possibly shared) array is safe to hand out.
  readonly scopes: Scope[];
  readonly expiresAt: string | null;
  // `declare`: an own field only when the key has metadata, as in every other answer.
  declare readonly meta?: Readonly<Record<string, unknown>>;
  #json: string | null = null;

  constructor(entry: KeyEntry) {
    this.keyId = entry.id;
    this.tenantId = entry.tenantId;
    this.ownerId = entry.ownerId;
    this.name = entry.name;
    this.scopes = entry.scopes as Scope[];
    this.expiresAt = entry.expiresAt;
    const meta = entry.extras?.meta;
    if (meta !== undefined) this.meta = meta;
  }

  json(): string {
    return (this.#json ??= JSON.stringify(this));
  }
}

/** A named limit as a LimitedAnswer keeps it: its definition and its JSON text up to its `remaining` value, which is all that the definition fixes. */
export interface LimitText {
  readonly def: LimitDefinition;
  readonly jsonHead: string;
}

/**
 * A valid answer with named limits, from a key's plain answer: the same fields in the same order,
 * then `limits`. It keeps only the plain answer, what each limit has left and the time of the
 * verification, and gives its fields through getters: made on every verification under a plan, an
 * object of four fields costs a third of one that copies the plain answer's seven (bench/RESULTS.md,
 * case 7). Its JSON text is the plain answer's kept one and each limit's kept head, joined with the
 * numbers and reset times of this answer: JSON.stringify of such an answer measured about 1.2 µs,
 * the joining 0.2 (case 7 over HTTP). A server sends that text and never reads `limits`, so the
 * limits' objects are made only for a caller in the same process that reads them.
 */
export class LimitedAnswer implements ValidAnswer {
  readonly #plain: PlainAnswer;
  readonly #texts: readonly LimitText[];
  readonly #left: readonly number[];
  readonly #nowMs: number;

  /** `left[i]` is what the limit of `texts[i]` has left after this verification, at `nowMs`. */
  constructor(plain: PlainAnswer, texts: readonly LimitText[], left: readonly number[], nowMs: number) {
    this.#plain = plain;
    this.#texts = texts;
    this.#left = left;
    this.#nowMs = nowMs;
  }

  get valid(): true { return true; }
  get keyId(): string { return this.#plain.keyId; }
  get tenantId(): string { return this.#plain.tenantId; }
  get ownerId(): string { return this.#plain.ownerId; }
  get name(): string { return this.#plain.name; }
  get scopes(): Scope[] { return this.#plain.scopes; }
  get expiresAt(): string | null { return this.#plain.expiresAt; }
  get meta(): Readonly<Record<string, unknown>> | undefined { return this.#plain.meta; }

  /** The named limits applied, with what is left and when each resets: made anew at each read. */
  get limits(): AnsweredLimit[] {
    const limits: AnsweredLimit[] = [];
    for (let i = 0; i < this.#texts.length; i++) limits.push(answeredLimit(this.#texts[i].def, this.#left[i], this.#nowMs));
    return limits;
  }

  /** The answer as a plain object, as JSON.stringify writes it and a test compares it: the plain answer's fields, then `limits`. */
  toJSON(): ValidAnswer {
    return { ...this.#plain, limits: this.limits };
  }

  json(): string {
    const plain = this.#plain.json();
    // The plain answer's text without its closing brace.
    let text = `${plain.slice(0, -1)},"limits":[`;
    for (let i = 0; i < this.#texts.length; i++) {
      const limit = this.#texts[i];
      // As answeredLimit words it. A finite count is written by String as by JSON (a count read
      // wrong is null, as JSON writes it); a reset time is an ISO time, which has no character JSON escapes.
      const left = Math.max(0, this.#left[i]);
      const remaining = Number.isFinite(left) ? left : null;
      const resetAt = limitResetAt(limit, this.#nowMs);
      text += `${i === 0 ? '' : ','}${limit.jsonHead}${remaining},"resetAt":${resetAt === null ? 'null' : `"${resetAt}"`}}`;
    }
    return `${text}]}`;
  }
}

/** An answer's JSON text: a plain or limited answer's made from kept text, any other made now. */
export function answerJson(answer: VerifyAnswer): string {
  return answer instanceof PlainAnswer || answer instanceof LimitedAnswer ? answer.json() : JSON.stringify(answer);
}
