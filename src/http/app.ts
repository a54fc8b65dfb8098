// Builds the Fastify app: validation, errors, security headers, auth, the v1 routes, the console.
import { existsSync } from 'node:fs';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions, type RawServerDefault } from 'fastify';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ServiceContext } from '../services/context.js';
import type { Verifier } from '../verify/verifier.js';
import { LoginThrottle } from '../services/sign-in.js';
import { KeywardenError, notFound } from '../errors.js';
import { errorHandler, sendError } from './errors.js';
import { validatorCompiler } from './validation.js';
import { makeAuthHook } from './auth.js';
import { registerRoutes } from './routes/index.js';
import { verifyRoutes, VerifyBody } from './routes/verify.js';
import { proxyTrustOf } from '../domain/client-address.js';
import { ConnectionDrain, STOPPING } from './connection-drain.js';
import { FastPath, VERIFY_PATH } from './verify-fast-path.js';
import { compileBodyValidator } from './validation.js';
import { registerMetrics } from './metrics.js';
import { componentSchemas, documentOptions } from './openapi.js';
import type { WebhookWorker } from '../webhooks/worker.js';
import type { LeakDeps } from './routes/leaks.js';
import type { ImportBudget } from '../throttle/import-budget.js';

export interface AppDeps {
  ctx: ServiceContext;
  verifier: Verifier;
  logger: FastifyServerOptions['logger'];
  /** Readiness of optional parts (Redis), reported by /ready. */
  redisState?: () => 'ok' | 'down' | 'absent';
  /** The webhook delivery worker, for its metrics. */
  webhooks?: WebhookWorker;
  /** The sign-in throttle, shared between nodes when it has Redis; by default one of this node's own. */
  loginThrottle?: LoginThrottle;
  /** The leak-report queue, throttle and GitHub keys; by default this node's own, without GitHub. */
  leaks?: LeakDeps;
  /** The import budget (KEYWARDEN_IMPORT_ITEMS), shared between nodes when it has Redis; by default this node's own. */
  importBudget?: ImportBudget;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answered while the node stops, which the route reports itself (readiness); the rest get 503 NOT_READY. */
    whileStopping?: boolean;
  }
}

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

/**
 * Request ids unique across nodes and restarts: a random prefix per process and a counter, which
 * costs far less per request than a UUID.
 */
function requestIds(): () => string {
  const prefix = crypto.randomUUID().slice(0, 8);
  let n = 0;
  return () => `${prefix}-${(++n).toString(36)}`;
}

export async function buildApp(deps: AppDeps): Promise<App> {
  const { ctx } = deps;
  let verifyLogger: FastifyBaseLogger | undefined;
  const nextRequestId = requestIds();
  // Filled in below, once the metrics exist; the server only takes requests after listen().
  let fastPath: FastPath | null = null;
  let drain: ConnectionDrain | null = null;
  const app: App = Fastify({
    // Verifications are answered before Fastify's router (verify-fast-path.ts); the rest goes on.
    serverFactory: (handler) => {
      const server = createServer((req, res) => {
        // A request behind a stopping connection's last answer is read and dropped, not run.
        if (!drain!.admits(req, res)) return void req.resume();
        if (fastPath !== null && fastPath.handle(req, res)) return;
        handler(req, res);
      });
      drain = new ConnectionDrain(server);
      // Fastify sets its keep-alive only on a server it makes itself; Node's own 5 s is shorter than
      // the 60 s idle timeout of common load balancers, which would then send a request down a
      // connection the node is closing (a 502 for the client). The request and header timeouts stay
      // Node's (300 s, 60 s): a slow sender is cut off.
      server.keepAliveTimeout = ctx.config.keepAliveTimeoutMs;
      return server;
    },
    // Refused in the contract's shape instead (the management scope's onRequest hook).
    return503OnClosing: false,
    logger: deps.logger,
    bodyLimit: ctx.config.bodyLimit,
    // The same trust as the verify fast path's (a hop count as a function of the hop).
    trustProxy: proxyTrustOf(ctx.config.trustProxy),
    genReqId: nextRequestId,
    // Verify logs only warnings and errors: it shares one child logger instead of making one per request.
    childLoggerFactory: (logger, bindings, options, rawRequest) =>
      rawRequest.url === VERIFY_PATH ? (verifyLogger ??= logger.child({ route: 'verify' }, options)) : logger.child(bindings, options),
    // Validation is validation.ts's own compiler (strict bodies, converted query strings).
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Before Fastify closes the server: keep-alive connections end as their answers are sent.
  app.addHook('preClose', async () => drain?.begin());
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler);
  // JSON only: any other body type is 415 UNSUPPORTED_MEDIA_TYPE.
  app.removeAllContentTypeParsers();
  // An empty JSON body where one is optional means {} (verify, rotate, revoke).
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new SyntaxError('bad json'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }), undefined);
    }
  });
  await app.register(swagger, documentOptions());
  // The document's named objects; answers refer to them by $ref (src/http/openapi.ts).
  for (const schema of componentSchemas()) app.addSchema(schema);
  const observeVerify = registerMetrics(app, deps, () => fastPath?.taken ?? 0);
  fastPath = new FastPath({
    verifier: deps.verifier, bodyLimit: ctx.config.bodyLimit, trustProxy: ctx.config.trustProxy,
    validate: compileBodyValidator(VerifyBody), observe: observeVerify, nextRequestId,
    log: () => (verifyLogger ??= app.log.child({ route: 'verify' })),
  });

  // The hot path in a scope of its own: none of the console's and management API's hooks
  // (cookies, security headers, authentication) run for a verification.
  await app.register(async (hot) => verifyRoutes(hot as App, { verifier: deps.verifier, observe: observeVerify }), { prefix: '/api/v1' });
  await app.register(async (scope) => managementScope(scope as App, deps, () => drain?.stopping ?? false));
  return app;
}

/** Everything but verify: the management API, health, and the console's static files. */
async function managementScope(app: App, deps: AppDeps, stopping: () => boolean): Promise<void> {
  const { ctx } = deps;
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined && ['POST', 'PUT', 'PATCH'].includes(request.method)) request.body = {};
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    // Answers about keys and sessions are never cached by browsers or proxies.
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] } },
    crossOriginEmbedderPolicy: false,
  });
  // While stopping, a verification (from memory) and /metrics (outside this scope, for a last
  // scrape) are still answered; other work is turned away in the contract's shape, for a load
  // balancer to send elsewhere. After helmet's hook, so the refusal has every answer's security
  // headers; sent, not thrown, since the error handler logs every 5xx as a failure and a stop is routine.
  app.addHook('onRequest', async (request, reply) => {
    if (stopping() && !request.routeOptions.config.whileStopping) return sendError(reply, new KeywardenError('NOT_READY', STOPPING));
  });
  // The OpenAPI reference at /docs, served from the npm package: no CDN, works offline.
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true }, theme: { title: 'Keywarden API reference' } });

  const authenticate = makeAuthHook(ctx, deps.verifier);
  const loginThrottle = deps.loginThrottle ?? new LoginThrottle(ctx.config.loginFailures);
  await app.register(async (api) => {
    // Before the body is read: a request without valid credentials is 401 whatever its body
    // (DESIGN "Creating a key"), and no one without them makes the server read and parse a body
    // (the import route's is up to 1 MiB).
    api.addHook('onRequest', authenticate);
    await registerRoutes(api as App, { ...deps, loginThrottle, stopping });
    api.setNotFoundHandler((_request, reply) => sendError(reply, notFound('route')));
  }, { prefix: '/api/v1' });

  app.get('/health', { config: { auth: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));

  const webDir = ctx.config.webDir;
  if (webDir && existsSync(webDir)) {
    await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, cacheControl: false });
    // Other unknown paths belong to the console (client-side routes).
    app.setNotFoundHandler((request, reply) => {
      if (request.method !== 'GET' || request.url.startsWith('/api/')) return sendError(reply, notFound('route'));
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  } else {
    app.setNotFoundHandler((_request, reply) => sendError(reply, notFound('route')));
  }
}
