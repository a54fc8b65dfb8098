// The OpenAPI document's frame (servers, tags, security schemes, named components) and
// describeRoute, which turns a route's line of the contract table into its Fastify schema: the same
// schema validates the request, types the handler, shapes the answer and writes the document.
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { TSchema } from 'typebox';
import type { ErrorCode } from '../errors.js';
import { SESSION_COOKIE } from './auth.js';
import { ErrorBody, componentSchemas } from './schemas.js';

export const TAGS = [
  { name: 'system', description: 'Liveness, readiness and this document; no credentials needed.' },
  { name: 'auth', description: 'Sessions for people: sign in and out, and the caller\'s own account.' },
  { name: 'users', description: 'User accounts of the instance (platform admins).' },
  { name: 'tenants', description: 'Tenants (organisations), each with its own members, resources, keys and events.' },
  { name: 'settings', description: 'A tenant\'s key policy: keys on or off, maximum expiry, key limits, reminders.' },
  { name: 'members', description: 'Who has access to a tenant, with which roles and licence (tenant admins).' },
  { name: 'resources', description: 'The tenant\'s resource tree that key scopes point into.' },
  { name: 'keys', description: 'API keys: create (the secret is shown once), list, change, rotate, revoke, delete.' },
  { name: 'events', description: 'The audit trail: hash-chained events, newest first.' },
  { name: 'usage', description: 'Usage metering: verifications and credits spent per tenant, owner or key, in UTC buckets; JSON or CSV.' },
  { name: 'webhooks', description: 'Endpoints that receive a tenant\'s events, signed, and their delivery attempts.' },
  { name: 'leaks', description: 'Reports of keys found in the open, from anyone or from GitHub secret scanning; no credentials needed.' },
  { name: 'verify', description: 'The hot path your own APIs call to check a key presented to them.' },
] as const;
export type Tag = (typeof TAGS)[number]['name'];

/** Who may call: the credentials an operation accepts, as OpenAPI security requirements. */
export const SECURITY = {
  /** No credentials (health, readiness, login, leak reports, verify, which checks the key it is given itself). */
  public: [],
  /** Uses the session when one comes, and needs none (logout). */
  optionalSession: [{ session: [] }, {}],
  /** A person's session or a management key. */
  signedIn: [{ session: [] }, { apiKey: [] }],
  /** A person's session only: a key gets 403 `FORBIDDEN`. */
  person: [{ session: [] }],
} as const;
export type Security = keyof typeof SECURITY;

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

const ERROR_TEXT: Record<ErrorStatus, [ErrorCode[], string]> = {
  400: [['VALIDATION_FAILED'], 'the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer.'],
  401: [['UNAUTHENTICATED'], 'no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code).'],
  403: [['FORBIDDEN', 'CSRF_FAILED'], 'signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin.'],
  404: [['NOT_FOUND'], 'no such object, or one the caller may not read.'],
  409: [[], 'the request conflicts with the current state.'],
  413: [['PAYLOAD_TOO_LARGE'], 'the body is over the limit (64 KiB by default).'],
  415: [['UNSUPPORTED_MEDIA_TYPE'], 'the body is not `application/json`.'],
  422: [['EXPIRY_TOO_LONG'], 'the expiry is beyond the tenant\'s maximum.'],
  429: [['RATE_LIMITED'], 'too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds.'],
  500: [['INTERNAL'], 'a bug: logged with the request id, which the message gives.'],
  503: [['NOT_READY'], 'this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered.'],
};

const RETRY_AFTER = { 'Retry-After': { type: 'integer', minimum: 1, description: 'Seconds to wait before trying again.' } };

/** A JSON answer with its description. */
export function json<T extends TSchema>(description: string, schema: T) {
  return { description, content: { 'application/json': { schema } } };
}

function errorAnswer(status: ErrorStatus, codes: readonly ErrorCode[] | undefined) {
  const [defaults, text] = ERROR_TEXT[status];
  const listed = (codes ?? defaults).map((c) => `\`${c}\``).join(', ');
  return {
    description: listed ? `${listed}: ${text}` : text,
    ...(status === 429 && { headers: RETRY_AFTER }),
    content: { 'application/json': { schema: ErrorBody } },
  };
}
type ErrorAnswer = ReturnType<typeof errorAnswer>;

export interface RouteContract<R> {
  /** Stable camelCase name that client generators turn into a method name. */
  operationId: string;
  summary: string;
  /** The rule, where it is not obvious from the summary. */
  description?: string;
  tag: Tag;
  security: Security;
  params?: TSchema;
  querystring?: TSchema;
  body?: TSchema;
  /** An empty body means `{}` (DESIGN "Validation"): the document marks it optional. */
  optionalBody?: boolean;
  /** The success answers: `json(description, schema)`, or `Type.Null({ description })` for 204. */
  response: R;
  /** The route's own failures; 400 (with input), 401 and 429 (with credentials), 413 and 415 (with a body), 500, and 503 (but on verify) are added. */
  errors?: readonly ErrorStatus[];
  /** The codes a failure status carries on this route, where they differ from the usual ones. */
  codes?: Partial<Record<ErrorStatus, readonly ErrorCode[]>>;
  /** Headers the handler reads itself, documented without being validated (verify's `X-API-Key`). */
  headerNotes?: Record<string, string>;
}

/** The Fastify schema of a route: validation, typing, serialization and its operation in the document. */
export function describeRoute<C extends RouteContract<Record<number, unknown>>>(contract: C) {
  const { operationId, summary, description, tag, security, optionalBody, response, errors = [], codes = {}, headerNotes, ...parts } = contract;
  const statuses = new Set<ErrorStatus>([...errors, 500]);
  // A stopping node turns away all but verifications (app.ts, the management scope's onRequest hook).
  if (tag !== 'verify') statuses.add(503);
  if (parts.params || parts.querystring || parts.body) statuses.add(400);
  if (parts.body) for (const s of [413, 415] as const) statuses.add(s);
  if (security !== 'public' && security !== 'optionalSession') statuses.add(401);
  if (security === 'signedIn') statuses.add(429); // requests carrying X-API-Key are throttled per client IP
  const failures: Record<number, ErrorAnswer> = {};
  for (const status of [...statuses].sort()) failures[status] = errorAnswer(status, codes[status]);
  return {
    operationId, summary, ...(description && { description }), tags: [tag], security: SECURITY[security],
    ...(optionalBody && { 'x-optional-body': true }),
    ...(headerNotes && { 'x-header-notes': headerNotes }),
    ...(parts as unknown as Pick<C, Extract<keyof C, 'params' | 'querystring' | 'body'>>),
    response: { ...failures, ...response } as C['response'] & Record<ErrorStatus, ErrorAnswer>,
  };
}

/** Markers describeRoute leaves for what @fastify/swagger cannot say itself, turned into OpenAPI here. */
function finishOperations(document: Record<string, any>): Record<string, any> {
  for (const operations of Object.values<Record<string, any>>(document.paths ?? {})) {
    for (const operation of Object.values<Record<string, any>>(operations)) {
      if (operation['x-optional-body']) {
        if (operation.requestBody) operation.requestBody.required = false;
        delete operation['x-optional-body'];
      }
      const notes: Record<string, string> | undefined = operation['x-header-notes'];
      if (notes) {
        const headers = Object.entries(notes).map(([name, text]) => ({ in: 'header', name, required: false, description: text, schema: { type: 'string' } }));
        operation.parameters = [...headers, ...(operation.parameters ?? [])];
        delete operation['x-header-notes'];
      }
    }
  }
  return document;
}

/** The options of @fastify/swagger: the document's frame, its named components, and finishOperations. */
export function documentOptions(): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Keywarden API',
        version: '1.0.0',
        description: 'Self-hosted, multi-tenant API key management. People sign in with a session cookie; programs send a management key in `X-API-Key`. Errors answer `{"error": {"code", "message"}}`.',
        license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
        contact: { name: 'Keywarden' },
      },
      // Paths carry their /api/v1 prefix, so the server is the origin the document was fetched from.
      servers: [{ url: '/', description: 'This Keywarden server.' }],
      tags: [...TAGS],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The session cookie `POST /api/v1/auth/login` sets (people, the console).' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'A key created with `management: true` (programs, the CLI, the SDK).' },
        },
      },
    },
    // Shared schemas are named by their $id: `#/components/schemas/Key`, not `def-3`.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    transformObject: (document) => finishOperations((document as { openapiObject: Record<string, any> }).openapiObject),
  };
}

export { componentSchemas };
