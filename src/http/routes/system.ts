// Health, readiness and the OpenAPI document.
import { Type } from 'typebox';
import type { App } from '../app.js';
import { STOPPING } from '../connection-drain.js';
import type { RouteDeps } from './index.js';
import { component } from '../schemas.js';
import { describeRoute, json } from '../openapi.js';

const Health = component('Health', Type.Object({ status: Type.String() }, { example: { status: 'ok' } }));
const Check = Type.Unsafe<string>({ type: 'string', enum: ['ok', 'down', 'absent'] });
const Readiness = component('Readiness', Type.Object({
  status: Type.Unsafe<string>({ type: 'string', enum: ['ready', 'not_ready'] }),
  checks: Type.Object({ database: Check, redis: Check }),
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
}, { example: { status: 'ready', checks: { database: 'ok', redis: 'absent' } } }));

export function systemRoutes(api: App, deps: RouteDeps) {
  const pub = { auth: 'public' as const };
  api.get('/health', {
    config: pub,
    schema: describeRoute({
      operationId: 'getHealth', summary: 'Check that the server is alive', description: 'Liveness only: it does not touch the database.',
      tag: 'system', security: 'public', errors: [401, 429],
      response: { 200: json('The server answers.', Health) },
    }),
  }, async () => ({ status: 'ok' }));

  api.get('/ready', {
    // Not turned away while stopping: it says so itself, in its own shape.
    config: { ...pub, whileStopping: true },
    schema: describeRoute({
      operationId: 'getReadiness', summary: 'Check that the server can serve requests',
      description: 'Each check is `ok`, `down` or `absent` (not configured). A Redis that is down leaves the server ready.',
      tag: 'system', security: 'public', errors: [401, 429],
      response: {
        200: json('Ready.', Readiness),
        503: json('`NOT_READY`: the database is down (`checks` says which part failed), or this node is stopping (`error.message` says so): send requests to another node.', Readiness),
      },
    }),
  }, async (_request, reply) => {
    const database = await deps.ctx.store.ping().then(() => 'ok', () => 'down');
    const redis = deps.redisState?.() ?? 'absent';
    const checks = { database, redis };
    // Why the node is not ready, or null when it is.
    const notReady = database !== 'ok' ? 'The database is not reachable.' : deps.stopping() ? STOPPING : null;
    if (notReady === null) return { status: 'ready', checks };
    return reply.status(503).send({ status: 'not_ready', checks, error: { code: 'NOT_READY', message: notReady } });
  });

  api.get('/openapi.json', {
    config: pub,
    schema: describeRoute({
      operationId: 'getOpenApiDocument', summary: 'Get this OpenAPI document',
      description: 'Import it into Postman or Insomnia, or generate a client from it (docs/developers.md).',
      tag: 'system', security: 'public', errors: [401, 429],
      response: { 200: json('The OpenAPI 3 document of this API.', Type.Object({}, { additionalProperties: true })) },
    }),
  }, async () => api.swagger());
}
