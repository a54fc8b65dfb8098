// What every middleware shares: read the key, ask POST /verify (with a short cache of positive
// answers), and turn a refusal into the contract's status and error body (DESIGN "SDK middleware").
import { KeywardenClient } from './client.js';
import { KeywardenError } from './errors.js';
import { isWellFormedKey } from './key-format.js';
import { rateLimitHeaders } from './ratelimit-headers.js';
import type { KeyMeta, LimitRequest, Permission, Scope, VerifyAnswer, VerifyFailureCode, VerifyRequest } from './types.js';

/** What the middleware puts on the request for the handlers after it. */
export interface KeywardenIdentity {
  keyId: string;
  tenantId: string;
  ownerId: string;
  scopes: Scope[];
  /** The key's metadata (set by its owner or a tenant admin), when it has any. Never a secret. */
  meta?: KeyMeta;
}

export interface MiddlewareOptions<Req = unknown> {
  /** The Keywarden server, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /**
   * Accept only keys of this tenant (`ten_…`). Without it a valid key of ANY tenant on the server
   * passes, so a member of another tenant could call this API with a key of their own: set it
   * whenever the API serves one tenant. A key of another tenant is refused as `NOT_FOUND` (401).
   */
  tenantId?: string;
  /** Require this resource (alone: `read` on it); a function reads it from the request. */
  resourceId?: string | ((request: Req) => string | undefined);
  /** Require this permission (alone: tenant-wide). */
  permission?: Permission | ((request: Req) => Permission | undefined);
  /** Credits each verified request spends (default 1). */
  cost?: number;
  /**
   * Named limits to apply (v1.1), each with its cost: `(req) => [{ name: 'tokens', cost: n }]`.
   * The server also applies every limit marked `autoApply`. Such answers are never cached.
   */
  limits?: LimitRequest[] | ((request: Req) => LimitRequest[] | undefined);
  /**
   * The address of the caller, sent to Keywarden as `X-Forwarded-For` (for its IP rules and
   * brute-force counts, when it trusts this app as a proxy). Express and Fastify read `request.ip`
   * by default; on Hono pass it from your runtime's connection info.
   */
  clientAddress?: (request: Req) => string | undefined;
  /**
   * How long a positive answer is reused, in ms: at most 1000 (the default), so a revoked key is refused
   * within a second. 0 asks the server every time. An answer that carries `ratelimit`, `remaining` or
   * `limits` is never reused: the server counts every request of such a key.
   */
  cacheTtlMs?: number;
  /** The header that carries the key (default `x-api-key`). */
  header?: string;
  /** Another fetch, or a ready client. */
  fetch?: typeof fetch;
  client?: KeywardenClient;
  /** Clock for the cache (tests). */
  now?: () => number;
}

export interface Refusal {
  status: 401 | 403 | 429 | 503;
  body: { error: { code: string; message: string; reason?: string } };
  /** Seconds, for the `Retry-After` header. */
  retryAfter?: number;
}

/** `headers` go with the answer either way: the key's rate limit (ratelimit-headers.ts). */
export type Outcome = ({ ok: true; identity: KeywardenIdentity } | { ok: false; refusal: Refusal }) & { headers?: Record<string, string> };

const MAX_CACHE_TTL_MS = 1000;
const MAX_CACHE_ENTRIES = 10_000;

const MESSAGES: Record<VerifyFailureCode, string> = {
  MALFORMED: 'An API key is required in the X-API-Key header, in the Keywarden key format.',
  NOT_FOUND: 'The API key is not known.',
  REVOKED: 'The API key has been revoked.',
  EXPIRED: 'The API key has expired.',
  DISABLED: 'The API key is disabled for now.',
  IP_NOT_ALLOWED: 'The API key may not be used from this address.',
  FORBIDDEN: 'The API key may not do this.',
  USAGE_EXCEEDED: 'The API key has no credits left.',
  RATE_LIMITED: 'Too many requests with this API key; try again later.',
};

export function refusalFor(code: VerifyFailureCode | string, retryAfterMs?: number): Refusal {
  const message = MESSAGES[code as VerifyFailureCode] ?? 'The API key was refused.';
  if (code === 'FORBIDDEN') return { status: 403, body: { error: { code: 'FORBIDDEN', message } } };
  // The key is real and works, but not from this caller's address: refused like a missing right.
  if (code === 'IP_NOT_ALLOWED') return { status: 403, body: { error: { code: 'FORBIDDEN', message, reason: code } } };
  // The contract has one 429 code; `reason` tells a rate limit from spent credits, as 401's does.
  if (code === 'RATE_LIMITED' || code === 'USAGE_EXCEEDED') {
    return {
      status: 429,
      body: { error: { code: 'RATE_LIMITED', message, reason: code } },
      ...(retryAfterMs !== undefined && { retryAfter: Math.max(1, Math.ceil(retryAfterMs / 1000)) }),
    };
  }
  return { status: 401, body: { error: { code: 'UNAUTHENTICATED', message, reason: code } } };
}

const UNAVAILABLE: Refusal = {
  status: 503,
  body: { error: { code: 'NOT_READY', message: 'The API key could not be checked: Keywarden is not reachable.' } },
};

/** JSON with every object's keys sorted, so equal bodies give equal text whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Whether the server counts this key's every request (a rate limit, credits, named limits): then
 * reusing its answer would let requests through that the server never saw, past the limit.
 */
function isMetered(answer: VerifyAnswer & { valid: true }): boolean {
  return answer.ratelimit !== undefined || answer.remaining !== undefined || 'limits' in answer;
}

export class KeyVerifier<Req = unknown> {
  private readonly client: KeywardenClient;
  private readonly ttlMs: number;
  private readonly now: () => number;
  // (key, caller's address, the whole verify body) → identity and the time it stops being reused.
  // Insertion order makes the oldest entry the first to go when the map is full.
  private readonly cache = new Map<string, { identity: KeywardenIdentity; until: number }>();
  readonly header: string;

  constructor(private readonly options: MiddlewareOptions<Req>) {
    this.client = options.client ?? new KeywardenClient({ baseUrl: options.baseUrl, fetch: options.fetch });
    this.ttlMs = Math.min(Math.max(options.cacheTtlMs ?? MAX_CACHE_TTL_MS, 0), MAX_CACHE_TTL_MS);
    this.now = options.now ?? Date.now;
    this.header = (options.header ?? 'x-api-key').toLowerCase();
  }

  /** The verify body for this request, from the options. */
  private bodyFor(request: Req): VerifyRequest {
    const resourceId = typeof this.options.resourceId === 'function' ? this.options.resourceId(request) : this.options.resourceId;
    const permission = typeof this.options.permission === 'function' ? this.options.permission(request) : this.options.permission;
    const limits = typeof this.options.limits === 'function' ? this.options.limits(request) : this.options.limits;
    return {
      // In every verify body, so also in the cache key (derived from the whole body).
      ...(this.options.tenantId !== undefined && { tenantId: this.options.tenantId }),
      ...(resourceId !== undefined && { resourceId }),
      ...(permission !== undefined && { permission }),
      ...(this.options.cost !== undefined && { cost: this.options.cost }),
      ...(limits !== undefined && limits.length > 0 && { limits }),
    };
  }

  /**
   * A resource id taken from the caller's request (a URL's `:id`) that is no resource id at all
   * names no resource the key may use. The key's own standing comes first, as in the server's order
   * of checks: a key that is refused keeps its refusal (a dry run: nothing spent or counted); one
   * that passes is refused the resource, as an unknown resource is.
   */
  private async refusalForNoResource(key: string, body: VerifyRequest, address: string | undefined): Promise<Refusal> {
    try {
      const standing = await this.client.verify(key, { ...(body.tenantId !== undefined && { tenantId: body.tenantId }), dryRun: true },
        address === undefined ? {} : { clientAddress: address });
      return standing.valid ? refusalFor('FORBIDDEN') : refusalFor(standing.code, standing.retryAfterMs);
    } catch (err) {
      if (err instanceof KeywardenError && err.status === 0) return UNAVAILABLE;
      throw err;
    }
  }

  /**
   * Checks the presented key for this request. Never throws: an unreachable server is a 503 refusal.
   * Only a missing key is refused here: a value not in Keywarden's format may be an imported key, so
   * the server judges it.
   */
  async check(key: string | undefined, request: Req, clientAddress?: string): Promise<Outcome> {
    if (key === undefined || key === '') return { ok: false, refusal: refusalFor('MALFORMED') };
    const body = this.bodyFor(request);
    const address = this.options.clientAddress ? this.options.clientAddress(request) : clientAddress;
    // Derived from the whole body, so a field added later can never share another request's answer.
    const cacheKey = `${key}\n${address ?? ''}\n${canonicalJson(body)}`;
    const now = this.now();
    const cached = this.cache.get(cacheKey);
    if (cached && cached.until > now) return { ok: true, identity: cached.identity };
    if (cached) this.cache.delete(cacheKey);

    let answer: VerifyAnswer;
    try {
      answer = await this.client.verify(key, body, address === undefined ? {} : { clientAddress: address });
    } catch (err) {
      if (err instanceof KeywardenError && err.status === 0) return { ok: false, refusal: UNAVAILABLE };
      if (err instanceof KeywardenError && err.status === 400 && err.details.some((d) => d.field === '/resourceId')) {
        return { ok: false, refusal: await this.refusalForNoResource(key, body, address) };
      }
      throw err; // any other 400 means the options are wrong: the app's bug
    }
    const headers = rateLimitHeaders(answer, now);
    if (!answer.valid) return { ok: false, refusal: refusalFor(answer.code, answer.retryAfterMs), ...(headers && { headers }) };
    const identity: KeywardenIdentity = {
      keyId: answer.keyId, tenantId: answer.tenantId, ownerId: answer.ownerId, scopes: answer.scopes,
      ...(answer.meta !== undefined && { meta: answer.meta }),
    };
    if (this.ttlMs > 0 && !isMetered(answer)) {
      if (this.cache.size >= MAX_CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(cacheKey, { identity, until: now + this.ttlMs });
    }
    return { ok: true, identity, ...(headers && { headers }) };
  }
}
