// @keywarden/sdk: the typed client, the key-checking core and the webhook signature check. Middleware lives in the subpaths
// `@keywarden/sdk/express`, `/fastify` and `/hono`, so that none of them is loaded unless used.
export { KeywardenClient, type ClientOptions } from './client.js';
export { KeywardenError, type ErrorDetail } from './errors.js';
export { ROUTES, type RouteName } from './routes.js';
export { isWellFormedKey, startOfKey } from './key-format.js';
export { KeyVerifier, refusalFor, type KeywardenIdentity, type MiddlewareOptions, type Outcome, type Refusal } from './verifier.js';
export { isSignedByKeywarden, readWebhook, SIGNATURE_HEADER, WebhookSignatureError, type WebhookCheckOptions } from './webhooks.js';
export type * from './types.js';
