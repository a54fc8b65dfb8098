// Health, readiness and the OpenAPI document.
import { Type } from 'typebox';
import type { App } from '../app.js';
import type { RouteDeps } from './index.js';

export function systemRoutes(api: App, deps: RouteDeps) {
  const pub = { auth: 'public' as const };
  api.get('/health', { config: pub, schema: { tags: ['system'], response: { 200: Type.Object({ status: Type.String() }) } } },
    async () => ({ status: 'ok' }));

  api.get('/ready', { config: pub, schema: { tags: ['system'] } }, async (_request, reply) => {
    const database = await deps.ctx.store.ping().then(() => 'ok', () => 'down');
    const redis = deps.redisState?.() ?? 'absent';
    const body = { status: database === 'ok' ? 'ready' : 'not_ready', checks: { database, redis } };
    if (database !== 'ok') {
      return reply.status(503).send({ ...body, error: { code: 'NOT_READY', message: 'The database is not reachable.' } });
    }
    return body;
  });

  api.get('/openapi.json', { config: pub, schema: { hide: true } }, async () => api.swagger());
}
