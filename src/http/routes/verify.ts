// POST /verify: the heartbeat. Always 200 with `valid`, except a body that breaks the schema.
import { Type } from 'typebox';
import type { App } from '../app.js';
import type { RouteDeps } from './index.js';
import { Id, Nullable, Permission, errors } from '../schemas.js';

const VerifyBody = Type.Object({
  resourceId: Type.Optional(Id('res')),
  permission: Type.Optional(Permission),
  cost: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  dryRun: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

const VerifyAnswer = Type.Object({
  valid: Type.Boolean(),
  code: Type.Optional(Type.String()),
  retryAfterMs: Type.Optional(Type.Integer()),
  keyId: Type.Optional(Type.String()),
  tenantId: Type.Optional(Type.String()),
  ownerId: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  scopes: Type.Optional(Type.Array(Type.Object({ resourceId: Nullable(Type.String()), permission: Type.String() }))),
  expiresAt: Type.Optional(Nullable(Type.String())),
  ratelimit: Type.Optional(Type.Object({ limit: Type.Integer(), remaining: Type.Integer(), resetAt: Type.String() })),
  remaining: Type.Optional(Type.Integer()),
});

export function verifyRoutes(api: App, { verifier }: RouteDeps) {
  api.post('/verify', {
    // The key is checked here, not by the auth hook; per-request info logs are skipped on the hot path.
    config: { auth: 'none' },
    logLevel: 'warn',
    schema: { tags: ['verify'], body: VerifyBody, response: { 200: VerifyAnswer, ...errors(400) } },
  }, async (request, reply) => {
    const presented = request.headers['x-api-key'];
    const answer = await verifier.verify(typeof presented === 'string' ? presented : undefined, request.body, request.ip);
    if (!answer.valid && answer.retryAfterMs !== undefined) reply.header('retry-after', String(Math.ceil(answer.retryAfterMs / 1000)));
    return answer;
  });
}
