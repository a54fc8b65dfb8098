// Fastify hook: `app.addHook('preHandler', keywardenFastify({ baseUrl }))` (or per route as
// `preHandler`), then `request.keywarden` in handlers.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KeyVerifier, type KeywardenIdentity, type MiddlewareOptions } from './verifier.js';

declare module 'fastify' {
  interface FastifyRequest {
    keywarden?: KeywardenIdentity;
  }
}

export function keywardenFastify(options: MiddlewareOptions<FastifyRequest>) {
  const verifier = new KeyVerifier<FastifyRequest>(options);
  return async function keywardenHook(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const presented = request.headers[verifier.header];
    const outcome = await verifier.check(Array.isArray(presented) ? presented[0] : presented, request, request.ip);
    if (outcome.headers) reply.headers(outcome.headers);
    if (outcome.ok) {
      request.keywarden = outcome.identity;
      return;
    }
    const { status, body, retryAfter } = outcome.refusal;
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
    await reply.code(status).send(body);
  };
}
