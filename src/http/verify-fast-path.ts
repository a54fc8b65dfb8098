// POST /api/v1/verify answered before Fastify's router. A verification is the one request a busy
// node answers thousands of times a second; Fastify's per-request work (request and reply objects,
// hooks, the router, the content-type parser) cost about a third of the server's CPU for it
// (bench/RESULTS.md). The route stays declared in routes/verify.ts for the OpenAPI document and for
// `inject`; test/http/verify-fast-path.test.ts holds both to the same answers.
//
// Only the plain case is taken here: POST to the exact path, a JSON content type or none, a body
// within the limit. Anything else (a query string, another content type, a declared length over
// the limit) is left to Fastify, so its 404, 413 and 415 answers stay the contract's by construction.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { ValidateFunction } from 'ajv';
import { compile as compileTrust, all as forwardedAddresses } from '@fastify/proxy-addr';
import type { KeywardenError } from '../errors.js';
import { internal, payloadTooLarge, validationFailed } from '../errors.js';
import type { Verifier, VerifyAnswer } from '../verify/verifier.js';
import { answerJson } from '../verify/plain-answer.js';
import type { VerifyRequest } from '../verify/decide.js';
import { errorBody, toValidationError } from './errors.js';
import { proxyTrustOf } from '../domain/client-address.js';

export const VERIFY_PATH = '/api/v1/verify';

export interface FastPathOptions {
  verifier: Verifier;
  bodyLimit: number;
  trustProxy: boolean | number | string[];
  /** The body's compiled schema: the same validator Fastify's route uses. */
  validate: ValidateFunction;
  /** Seconds from the request's arrival to its answer, for the verify latency histogram. */
  observe: (seconds: number) => void;
  nextRequestId: () => string;
  log: () => FastifyBaseLogger;
}

const EMPTY: VerifyRequest = Object.freeze({});
const CONTENT_TYPE = 'application/json; charset=utf-8';

/** The media types Fastify's JSON parser takes for this route: application/json, any parameters. */
function isJson(contentType: string): boolean {
  // The common case compares whole; the rest is taken apart (parameters, case, spaces).
  if (contentType === 'application/json') return true;
  const semicolon = contentType.indexOf(';');
  const type = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return type === 'application/json';
}

/**
 * The client address exactly as Fastify works it out for the route (request.ip): the socket's own
 * address, or with KEYWARDEN_TRUST_PROXY the last untrusted hop of X-Forwarded-For; the trust is
 * built by proxyTrustOf (domain/client-address.ts), which Fastify is given too.
 */
export function clientAddressOf(setting: FastPathOptions['trustProxy']): (req: IncomingMessage) => string {
  const trustProxy = proxyTrustOf(setting);
  if (trustProxy === false) return (req) => req.socket.remoteAddress ?? '';
  const trust = trustProxy === true ? () => true : typeof trustProxy === 'function' ? trustProxy : compileTrust(trustProxy);
  return (req) => {
    const addresses = forwardedAddresses(req, trust);
    return addresses[addresses.length - 1];
  };
}

/** True for a body of exactly the two bytes `{}`, most clients' body for a plain verification. */
function isBareEmptyObject(bytes: Buffer): boolean {
  return bytes.length === 2 && bytes[0] === 0x7b && bytes[1] === 0x7d;
}

export class FastPath {
  /** Verifications this path has taken (a metric, and the tests' proof that it answered). */
  taken = 0;
  /** Answers the request and returns true, or returns false and leaves it to Fastify. */
  readonly handle: (req: IncomingMessage, res: ServerResponse) => boolean;

  constructor(options: FastPathOptions) {
    this.handle = handler(options, () => this.taken++);
  }
}

function handler(options: FastPathOptions, count: () => void): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { verifier, bodyLimit, validate, observe } = options;
  const addressOf = clientAddressOf(options.trustProxy);

  const send = (res: ServerResponse, started: bigint, status: number, body: string, retryAfter?: string) => {
    // A flat [name, value, …] list: Node takes it as is, where an object's keys are walked and
    // checked one by one. A verdict is about a key at one moment: never kept by a cache (errors say
    // nothing about a key).
    const length = String(Buffer.byteLength(body));
    const headers = status === 200
      ? ['content-type', CONTENT_TYPE, 'content-length', length, 'cache-control', 'no-store']
      : ['content-type', CONTENT_TYPE, 'content-length', length];
    if (retryAfter !== undefined) headers.push('retry-after', retryAfter);
    res.writeHead(status, headers).end(body);
    observe(Number(process.hrtime.bigint() - started) / 1e9);
  };
  const fail = (res: ServerResponse, started: bigint, error: KeywardenError) => send(res, started, error.status, JSON.stringify(errorBody(error)));
  const answer = (res: ServerResponse, started: bigint, a: VerifyAnswer) => {
    // Built field by field by the verifier and held to the schema by the tests: plain JSON.
    const retryAfter = !a.valid && a.retryAfterMs !== undefined ? String(Math.ceil(a.retryAfterMs / 1000)) : undefined;
    send(res, started, 200, answerJson(a), retryAfter);
  };
  const crashed = (res: ServerResponse, started: bigint, err: unknown) => {
    const id = options.nextRequestId();
    options.log().error({ err, reqId: id }, 'unexpected error');
    send(res, started, 500, JSON.stringify({ error: { code: internal().code, message: `Internal error (request ${id}).` } }));
  };

  const run = (req: IncomingMessage, res: ServerResponse, started: bigint, text: string | null) => {
    let body: VerifyRequest = EMPTY;
    const trimmed = text === null ? '' : text.trim();
    // `{}`, the most common body, is EMPTY as parsing and validating it would find: skip both.
    if (trimmed !== '' && trimmed !== '{}') {
      try {
        body = JSON.parse(trimmed);
      } catch {
        return fail(res, started, validationFailed('The request body is not valid JSON.'));
      }
      if (!validate(body)) return fail(res, started, toValidationError(validate.errors as never, 'body'));
    }
    const presented = req.headers['x-api-key'];
    try {
      const result = verifier.verify(typeof presented === 'string' ? presented : undefined, body, addressOf(req));
      if (result instanceof Promise) result.then((a) => answer(res, started, a), (err) => crashed(res, started, err));
      else answer(res, started, result);
    } catch (err) {
      crashed(res, started, err);
    }
  };

  return (req, res) => {
    if (req.method !== 'POST' || req.url !== VERIFY_PATH) return false;
    const contentType = req.headers['content-type'];
    const declared = req.headers['content-length'];
    // Without a content type only an empty body is taken (it means {}); Fastify answers 415 for the rest.
    const bodyless = (declared === undefined || declared === '0') && req.headers['transfer-encoding'] === undefined;
    if (contentType === undefined ? !bodyless : !isJson(contentType)) return false;
    if (declared !== undefined && Number(declared) > bodyLimit) return false;
    const started = process.hrtime.bigint();
    count();
    // Raw chunks, decoded once at the end: a verify body is one small chunk, and a string decoder
    // per request cost more than the decoding (bench/RESULTS.md). Concatenating the bytes first keeps
    // a character split between chunks whole.
    let first: Buffer | null = null;
    let more: Buffer[] | null = null;
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > bodyLimit) {
        tooLarge = true;
        fail(res, started, payloadTooLarge());
        return;
      }
      if (first === null) first = chunk;
      else (more ??= [first]).push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) return;
      const bytes = more !== null ? Buffer.concat(more) : first;
      // No body, or exactly `{}`, is EMPTY (see run) without decoding it: null.
      run(req, res, started, bytes === null || isBareEmptyObject(bytes) ? null : bytes.toString('utf8'));
    });
    // No 'error' listener: a client that goes away before its body ends is no server fault, and
    // Node emits a request's error only to listeners; its 'end' never comes, so nothing is verified.
    return true;
  };
}
