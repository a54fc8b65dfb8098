// POST /verify: the heartbeat. Always 200 with `valid`, except a body that breaks the schema.
import { Type } from 'typebox';
import type { FastifyReply } from 'fastify';
import type { App } from '../app.js';
import type { AppDeps } from '../app.js';
import type { VerifyAnswer as Answer } from '../../verify/verifier.js';
import { Id, Nullable, Permission, errors } from '../schemas.js';

const VerifyBody = Type.Object({
  resourceId: Type.Optional(Id('res')),
  permission: Type.Optional(Permission),
  cost: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  dryRun: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

/** Every answer, exactly: no other field may leave (held by the tests, since answers are sent as JSON text). */
export const VerifyAnswer = Type.Object({
  valid: Type.Boolean(),
  code: Type.Optional(Type.String()),
  retryAfterMs: Type.Optional(Type.Integer()),
  keyId: Type.Optional(Type.String()),
  tenantId: Type.Optional(Type.String()),
  ownerId: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  scopes: Type.Optional(Type.Array(Type.Object({ resourceId: Nullable(Type.String()), permission: Type.String() }, { additionalProperties: false }))),
  expiresAt: Type.Optional(Nullable(Type.String())),
  ratelimit: Type.Optional(Type.Object({ limit: Type.Integer(), remaining: Type.Integer(), resetAt: Type.String() }, { additionalProperties: false })),
  remaining: Type.Optional(Type.Integer()),
}, { additionalProperties: false });

const EMPTY = Object.freeze({});

export function verifyRoutes(api: App, { verifier, observe }: Pick<AppDeps, 'verifier'> & { observe?: (reply: FastifyReply) => void }) {
  api.post('/verify', {
    // Per-request info logs are skipped on the hot path; warnings and errors are still logged.
    logLevel: 'warn',
    schema: { tags: ['verify'], body: VerifyBody, response: { 200: VerifyAnswer, ...errors(400) } },
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

function send(reply: FastifyReply, answer: Answer, observe?: (reply: FastifyReply) => void): void {
  observe?.(reply);
  reply.header('cache-control', 'no-store');
  if (!answer.valid && answer.retryAfterMs !== undefined) reply.header('retry-after', String(Math.ceil(answer.retryAfterMs / 1000)));
  // JSON.stringify rather than the schema's serializer: V8 writes one flat string, where the
  // serializer's concatenated pieces had to be flattened again on the socket write, about 3 µs a
  // request (bench/RESULTS.md). The verifier builds every answer field by field, and a test holds
  // each answer to the schema, which still documents it.
  reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(answer));
}
