// The answer to a valid verification of a key without limits depends on its entry alone, so it is
// made once per entry and shared by the verifications that find that entry (a hot key's entry is
// kept, key-table.ts; an entry is replaced, never changed, when its key is). Its JSON text is made
// at most once too: a server sends the text instead of serializing the answer per request, which
// measured about a tenth of a verification's server CPU over HTTP (bench/RESULTS.md). The text is
// a private field, so no serializer, comparison or caller sees it among the answer's fields.
import type { Scope } from '../domain/scopes.js';
import type { KeyEntry } from './decide.js';
import type { ValidAnswer, VerifyAnswer } from './verifier.js';

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

/** An answer's JSON text: a plain answer's kept one, any other made now. */
export function answerJson(answer: VerifyAnswer): string {
  return answer instanceof PlainAnswer ? answer.json() : JSON.stringify(answer);
}
