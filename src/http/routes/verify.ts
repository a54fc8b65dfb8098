// POST /verify: the heartbeat. Always 200 with `valid`, except a body that breaks the schema.
import { Type } from 'typebox';
import type { FastifyReply } from 'fastify';
import type { App } from '../app.js';
import type { AppDeps } from '../app.js';
import type { VerifyAnswer as Answer } from '../../verify/verifier.js';
import { answerJson } from '../../verify/plain-answer.js';
import { component, Id, KeyMeta, Nullable, Permission, StringEnum } from '../schemas.js';
import { describeRoute, json } from '../openapi.js';
import { VERIFY_CODES, type VerifyCode } from '../../verify/decide.js';

export const VerifyBody = Type.Object({
  tenantId: Type.Optional(Type.String({
    pattern: '^ten_[0-9a-z]{1,64}$', maxLength: 80,
    description: 'Accept only a key of this tenant: a key of any other tenant answers `NOT_FOUND`, exactly as an unknown key (counted against the client address). An API that serves one tenant should always send it.',
  })),
  resourceId: Type.Optional(Id('res')),
  permission: Type.Optional(Permission),
  cost: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  dryRun: Type.Optional(Type.Boolean()),
  limits: Type.Optional(Type.Array(Type.Object({
    name: Type.String({ pattern: '^[a-z0-9_-]{1,32}$' }),
    cost: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'Credits to spend, or tokens to take; default 1.' })),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 10, description: 'Named limits to apply besides the auto-applied ones; a name no limit has is not applied.' })),
}, { additionalProperties: false });

// Every refusal code, in the order verify applies them (DESIGN "Verify"; the list is in decide.ts).
const CODES = VERIFY_CODES;
const everyCodeListed: Exclude<VerifyCode, (typeof CODES)[number]> extends never ? true : never = true;
void everyCodeListed;

const Scopes = Type.Array(Type.Object({ resourceId: Nullable(Type.String()), permission: Permission }, { additionalProperties: false }));
const ValidAnswer = Type.Object({
  valid: Type.Literal(true),
  keyId: Type.String(),
  tenantId: Type.String(),
  ownerId: Type.String(),
  name: Type.String(),
  scopes: Scopes,
  expiresAt: Nullable(Type.String()),
  ratelimit: Type.Optional(Type.Object({ limit: Type.Integer(), remaining: Type.Integer(), resetAt: Type.String() }, { additionalProperties: false })),
  remaining: Type.Optional(Type.Integer({ description: 'Credits left after this verification.' })),
  meta: Type.Optional(KeyMeta),
  limits: Type.Optional(Type.Array(Type.Object({
    name: Type.String(), kind: StringEnum(['rate', 'credits']), per: StringEnum(['key', 'owner', 'tenant']), limit: Type.Integer(),
    remaining: Type.Integer({ description: 'Credits left, or tokens left in the window, after this verification.' }),
    resetAt: Nullable(Type.String({ description: 'The window\'s end or the next refill; null for credits without refill.' })),
  }, { additionalProperties: false }), { description: 'The named limits applied (auto-applied or named in the request).' })),
}, { additionalProperties: false });
const InvalidAnswer = Type.Object({
  valid: Type.Literal(false),
  code: StringEnum(CODES, { description: 'The first reason that applies, in this order.' }),
  limit: Type.Optional(Type.String({ description: 'With `USAGE_EXCEEDED` or `RATE_LIMITED` from a named limit: its name (absent for the key\'s `remaining` and `ratelimit`).' })),
  retryAfterMs: Type.Optional(Type.Integer({ description: 'With `RATE_LIMITED`, or `USAGE_EXCEEDED` of credits that refill: when to try again (also in `Retry-After`).' })),
}, { additionalProperties: false });

/** Every answer, exactly: no other field may leave (held by the tests, since answers are sent as JSON text). */
export const VerifyAnswer = Type.Union([ValidAnswer, InvalidAnswer]);
const VerifyAnswerComponent = component('VerifyAnswer', Type.Union([ValidAnswer, InvalidAnswer], {
  example: { valid: true, keyId: 'key_01jdx3p8s0u2w4y6a8c0e2g4i6', tenantId: 'ten_01jdx3k2m4n6p8r0t2v4x6z8b0', ownerId: 'usr_01jdx3k9q2w8e7r6t5y4u3i2o1', name: 'Billing export', scopes: [{ resourceId: null, permission: 'read' }], expiresAt: null },
}));

const EMPTY = Object.freeze({});

export function verifyRoutes(api: App, { verifier, observe }: Pick<AppDeps, 'verifier'> & { observe?: (seconds: number) => void }) {
  api.post('/verify', {
    // Per-request info logs are skipped on the hot path; warnings and errors are still logged.
    logLevel: 'warn',
    schema: describeRoute({
      operationId: 'verifyKey', summary: 'Check a key presented to your API',
      description: 'Send the key in `X-API-Key`. Whatever the key is (absent, garbage, unknown, revoked), the answer is 200 with `valid`; only a body that breaks the schema is a 400. `resourceId` alone asks for `read` on it, `permission` alone asks for it tenant-wide. A valid answer spends `cost` credits (default 1) unless `dryRun`.',
      tag: 'verify', security: 'public', body: VerifyBody, optionalBody: true,
      headerNotes: { 'X-API-Key': 'The key to check.' },
      response: { 200: json('The verdict. A `RATE_LIMITED` answer also sets `Retry-After`.', VerifyAnswerComponent) },
    }),
    // A request without a body means {} (this scope has no shared hook for it).
    preValidation: (request, _reply, done) => {
      if (request.body === undefined) request.body = EMPTY;
      done();
    },
  }, (request, reply) => {
    const presented = request.headers['x-api-key'];
    const answer = verifier.verify(typeof presented === 'string' ? presented : undefined, request.body, request.ip);
    // Answer synchronously when the verifier did (a cache hit): no promise on the hot path.
    if (answer instanceof Promise) return answer.then((a) => send(reply, a, observe));
    send(reply, answer, observe);
  });
}

function send(reply: FastifyReply, answer: Answer, observe?: (seconds: number) => void): void {
  observe?.(reply.elapsedTime / 1000);
  reply.header('cache-control', 'no-store');
  if (!answer.valid && answer.retryAfterMs !== undefined) reply.header('retry-after', String(Math.ceil(answer.retryAfterMs / 1000)));
  // JSON text rather than the schema's serializer: V8 writes one flat string, where the
  // serializer's concatenated pieces had to be flattened again on the socket write, about 3 µs a
  // request (bench/RESULTS.md). The verifier builds every answer field by field, and a test holds
  // each answer to the schema, which still documents it.
  reply.header('content-type', 'application/json; charset=utf-8').send(answerJson(answer));
}
