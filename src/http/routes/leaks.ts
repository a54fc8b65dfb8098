// POST /leaks (anyone reports keys found in the open) and POST /leaks/github (GitHub's secret-scanning
// partner programme), DESIGN v1.1 "Leak reports". Neither needs credentials.
import { Type } from 'typebox';
import type { App } from '../app.js';
import type { RouteDeps } from './index.js';
import { component } from '../schemas.js';
import { describeRoute, json } from '../openapi.js';
import { fieldInvalid, notFound, rateLimited, signatureInvalid } from '../../errors.js';
import { throttleKeyOf } from '../../domain/client-address.js';
import { isHttpUrl } from '../../domain/http-url.js';
import { LeakQueue } from '../../services/leak-queue.js';
import { handleGithubDelivery, type GithubScanningKeys } from '../../services/github-scanning.js';
import { SharedWindows } from '../../throttle/shared-windows.js';

/** What the leak routes share with the server: the queue, the per-IP throttle, GitHub's keys. */
export interface LeakDeps {
  queue: LeakQueue;
  /** Reported keys a minute per client IP (KEYWARDEN_LEAK_REPORTS), shared through Redis when there is one. */
  throttle: SharedWindows;
  /** Null without KEYWARDEN_GITHUB_SCANNING_KEYS: POST /leaks/github is then 404. */
  github: GithubScanningKeys | null;
}

/** GitHub's deliveries may be large (many matches); DESIGN allows up to 1 MiB on this route. */
const GITHUB_BODY_LIMIT = 1 << 20;

const LeakReportBody = Type.Object({
  keys: Type.Array(Type.String({ maxLength: 256 }), { minItems: 1, maxItems: 100, description: 'The keys found, as found.' }),
  source: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Where they were found, for people (`pastebin`, `a public repository`).' })),
  url: Type.Optional(Type.String({ maxLength: 2000, pattern: '^[Hh][Tt][Tt][Pp][Ss]?://', description: 'An `http` or `https` address of the place.' })),
}, { additionalProperties: false });
const LeakReceipt = component('LeakReceipt', Type.Object({
  received: Type.Integer({ description: 'How many keys the report named.' }),
}, { example: { received: 2 } }));

const GithubMatches = Type.Array(Type.Object({
  token: Type.String(), type: Type.String(), url: Type.Optional(Type.String()), source: Type.Optional(Type.String()),
}, { additionalProperties: true }), { description: 'GitHub\'s matches; fields not listed are ignored.' });
const GithubLabels = component('GithubScanningLabels', Type.Array(Type.Object({
  token_raw: Type.String(), token_type: Type.String(),
  label: Type.Unsafe<'true_positive' | 'false_positive'>({ type: 'string', enum: ['true_positive', 'false_positive'] }),
}), {
  description: '`true_positive` for a key of this instance, whatever its status; `false_positive` otherwise.',
  example: [{ token_raw: 'acme_…', token_type: 'acme_api_key', label: 'true_positive' }],
}));

export function leakRoutes(api: App, deps: RouteDeps) {
  const { ctx } = deps;
  const leaks: LeakDeps = deps.leaks ?? {
    queue: new LeakQueue(ctx), throttle: new SharedWindows('leak-ip', ctx.config.leakReports, null), github: null,
  };

  api.post('/leaks', {
    // No credentials, and none looked at: a scanner's report is the same whoever sends it.
    config: { auth: 'none' },
    schema: describeRoute({
      operationId: 'reportLeakedKeys', summary: 'Report keys found where they should not be',
      description: 'No credentials. Answers 202 before looking at any key, with the same body whatever the keys are, so it tells nothing about them. Each key of this instance that is not revoked is marked as leaked and, by its tenant\'s `leakPolicy`, revoked. Throttled per client IP to `KEYWARDEN_LEAK_REPORTS` reported keys a minute (429).',
      tag: 'leaks', security: 'public', body: LeakReportBody,
      response: { 202: json('Received; the keys are looked at afterwards.', LeakReceipt) }, errors: [429],
    }),
  }, async (request, reply) => {
    const { keys, source, url } = request.body;
    if (url !== undefined && !isHttpUrl(url)) throw fieldInvalid('/url', 'must be an http or https URL');
    const attempt = await leaks.throttle.take(throttleKeyOf(request.ip), ctx.now().getTime(), keys.length);
    if (attempt.waitMs > 0) throw rateLimited(Math.ceil(attempt.waitMs / 1000), 'Too many reported keys from this address; try again later.');
    reply.status(202).send({ received: keys.length });
    // Only once the answer has left (or the client has gone: the report still counts) are the keys
    // handed over, so no lookup can shape the answer or its timing.
    await reply.then(() => undefined, () => undefined);
    leaks.queue.push(keys, { source: source ?? null, url: url ?? null });
    return reply;
  });

  // GitHub signs the raw body: this route reads it as bytes and checks the signature before parsing.
  api.register(async (scope) => {
    // Unconfigured, the route is 404 before anything else is looked at (its body type and size included).
    scope.addHook('onRequest', async (request) => {
      if (leaks.github === null) throw notFound('route');
      // Per client IP, before the body (up to 1 MiB) is read or its signature checked: the leak
      // throttle (KEYWARDEN_LEAK_REPORTS a minute), a delivery counting as one report.
      const attempt = await leaks.throttle.take(throttleKeyOf(request.ip), ctx.now().getTime());
      if (attempt.waitMs > 0) throw rateLimited(Math.ceil(attempt.waitMs / 1000), 'Too many deliveries from this address; try again later.');
    });
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: GITHUB_BODY_LIMIT }, (_request, body, done) => done(null, body));
    // The body schema documents GitHub's format; it is checked by the handler, after the signature.
    scope.setValidatorCompiler(() => () => true);
    scope.post('/leaks/github', {
      bodyLimit: GITHUB_BODY_LIMIT,
      config: { auth: 'none' },
      schema: describeRoute({
        operationId: 'reportGithubSecretScanning', summary: 'Take GitHub secret-scanning matches',
        description: 'GitHub\'s secret-scanning partner format, signed by GitHub (`Github-Public-Key-Identifier`, `Github-Public-Key-Signature`: ECDSA P-256 over the raw body) with a key from the file `KEYWARDEN_GITHUB_SCANNING_KEYS`; 404 when that is not set, 401 for a missing or bad signature. Bodies up to 1 MiB. Acts on each match as `POST /leaks` does; a repeated delivery acts once (deliveries are remembered for 30 days). Throttled per client IP, before the body is read, by the leak-report throttle (`KEYWARDEN_LEAK_REPORTS`, a delivery counting as one report; 429).',
        tag: 'leaks', security: 'public', body: GithubMatches,
        headerNotes: { 'Github-Public-Key-Identifier': 'The identifier of GitHub\'s signing key.', 'Github-Public-Key-Signature': 'Base64 ECDSA signature of the raw body.' },
        response: { 200: json('A label per match.', GithubLabels) }, errors: [401, 404, 429], codes: { 401: ['UNAUTHENTICATED'] },
      }),
    }, async (request) => {
      const github = leaks.github!;
      const raw = request.body as unknown;
      if (!Buffer.isBuffer(raw)) throw signatureInvalid();
      const signed = await github.isSignedByGithub(request.headers['github-public-key-identifier'], request.headers['github-public-key-signature'], raw);
      if (!signed) throw signatureInvalid();
      return handleGithubDelivery(ctx, raw);
    });
  });
}
