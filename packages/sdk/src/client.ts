// A typed client for the Keywarden v1 API. Management calls need a management key (or pass `headers`
// with a session cookie); `verify` takes the key to check as its argument.
import { KeywardenError } from './errors.js';
import { fillPath, ROUTES, type RouteName } from './routes.js';
import type {
  CreateKeyInput, Delivery, Event, EventQuery, Key, KeyListQuery, KeyStats, KeyUsage, KeyWithSecret, TopKeys, TopKeysQuery, Usage, UsageQuery, Me, Member, Page,
  PageQuery, Resource, ImportKeysInput, ImportResults, Role, Settings, Tenant, UpdateKeyInput, User, UserSummary, VerifyAnswer, VerifyRequest, Webhook, WebhookInput,
} from './types.js';

export interface ClientOptions {
  /** The server, e.g. `http://127.0.0.1:8080` (without `/api/v1`). */
  baseUrl: string;
  /** A management key, sent as `X-API-Key`. */
  apiKey?: string;
  /** Another fetch (tests, proxies, retries); default the global one. */
  fetch?: typeof fetch;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** Abort a request after this many milliseconds (default 10,000). */
  timeoutMs?: number;
}

type Query = Record<string, string | number | boolean | undefined>;
interface Call {
  params?: Record<string, string>; query?: Query; body?: unknown; apiKey?: string; headers?: Record<string, string>;
  /** Another answer than JSON (`text/csv`): the body is answered as text. */
  accept?: string;
}

export class KeywardenClient {
  readonly baseUrl: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
  }

  /** Calls one route of the table; answers the parsed body (undefined for 204). */
  async request<T>(route: RouteName, call: Call = {}): Promise<T> {
    const [method, template] = ROUTES[route];
    const url = new URL(`${this.baseUrl}/api/v1${fillPath(template, call.params ?? {})}`);
    for (const [name, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { accept: call.accept ?? 'application/json', ...this.options.headers, ...call.headers };
    const apiKey = call.apiKey ?? this.options.apiKey;
    if (apiKey) headers['x-api-key'] = apiKey;
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetch(url, {
        method, headers, body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new KeywardenError(0, 'UNREACHABLE', `cannot reach Keywarden at ${this.baseUrl}: ${(err as Error).message}`);
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    if (response.ok && call.accept !== undefined) return text as T;
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const error = body?.error;
      if (error?.code) throw new KeywardenError(response.status, error.code, error.message, error.details ?? [], error.reason);
      throw new KeywardenError(response.status, `HTTP_${response.status}`, `Keywarden answered ${response.status}`);
    }
    return body as T;
  }

  /**
   * Checks a key (POST /verify). Always resolves for any key: read `valid` and `code`. An API that
   * relays its caller's key passes its caller's address, sent as `X-Forwarded-For` (Keywarden uses it
   * when it trusts this API as a proxy: KEYWARDEN_TRUST_PROXY).
   */
  verify(key: string | undefined, request: VerifyRequest = {}, options: { clientAddress?: string } = {}): Promise<VerifyAnswer> {
    return this.request('verify', {
      body: request, apiKey: key ?? '',
      ...(options.clientAddress !== undefined && { headers: { 'x-forwarded-for': options.clientAddress } }),
    });
  }

  /**
   * Reports keys found where they should not be (POST /leaks; no credentials, none sent). The answer
   * is the same whatever the keys are; the server revokes its own keys by their tenant's policy.
   */
  reportLeaks(keys: string[], about: { source?: string; url?: string } = {}): Promise<{ received: number }> {
    return this.request('reportLeaks', { body: { keys, ...about }, apiKey: '' });
  }

  me(): Promise<Me> { return this.request('me'); }
  listTenants(query: PageQuery & { q?: string } = {}): Promise<Page<Tenant & { roles: Role[] }>> { return this.request('listTenants', { query: { ...query } }); }
  getTenant(tid: string): Promise<Tenant> { return this.request('getTenant', { params: { tid } }); }

  getSettings(tid: string): Promise<Settings> { return this.request('getSettings', { params: { tid } }); }
  updateSettings(tid: string, patch: Partial<Settings>): Promise<Settings> { return this.request('updateSettings', { params: { tid }, body: patch }); }

  listMembers(tid: string, query: PageQuery & { q?: string } = {}): Promise<Page<Member>> { return this.request('listMembers', { params: { tid }, query: { ...query } }); }
  putMember(tid: string, uid: string, member: { roles: Role[]; licensed: boolean }): Promise<Member> { return this.request('putMember', { params: { tid, uid }, body: member }); }
  withdrawMember(tid: string, uid: string): Promise<void> { return this.request('withdrawMember', { params: { tid, uid } }); }
  /** A tenant admin may find one user by exact email, to grant access (and sees only `{id, email, name}`). */
  findUserByEmail(email: string): Promise<Page<User | UserSummary>> { return this.request('findUsers', { query: { email } }); }

  listResources(tid: string, query: PageQuery = {}): Promise<Page<Resource>> { return this.request('listResources', { params: { tid }, query: { ...query } }); }
  createResource(tid: string, resource: { type: string; name: string; parentId?: string | null }): Promise<Resource> { return this.request('createResource', { params: { tid }, body: resource }); }
  updateResource(tid: string, rid: string, patch: { name?: string; parentId?: string | null }): Promise<Resource> { return this.request('updateResource', { params: { tid, rid }, body: patch }); }
  deleteResource(tid: string, rid: string): Promise<void> { return this.request('deleteResource', { params: { tid, rid } }); }

  listKeys(tid: string, query: KeyListQuery = {}): Promise<Page<Key>> { return this.request('listKeys', { params: { tid }, query: { ...query } }); }
  /** Every key matching the query, page after page. */
  async *keys(tid: string, query: Omit<KeyListQuery, 'cursor'> = {}): AsyncGenerator<Key> {
    let cursor: string | undefined;
    do {
      const page = await this.listKeys(tid, { ...query, cursor });
      yield* page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  /** Creates a key; the answer carries its secret, this once. */
  createKey(tid: string, input: CreateKeyInput): Promise<KeyWithSecret> { return this.request('createKey', { params: { tid }, body: input }); }
  getKey(tid: string, kid: string): Promise<Key> { return this.request('getKey', { params: { tid, kid } }); }
  updateKey(tid: string, kid: string, patch: UpdateKeyInput): Promise<Key> { return this.request('updateKey', { params: { tid, kid }, body: patch }); }
  deleteKey(tid: string, kid: string): Promise<void> { return this.request('deleteKey', { params: { tid, kid } }); }
  deleteOwnKeys(tid: string): Promise<void> { return this.request('deleteOwnKeys', { params: { tid }, query: { owner: 'me' } }); }
  revokeKey(tid: string, kid: string): Promise<Key> { return this.request('revokeKey', { params: { tid, kid }, body: {} }); }
  revokeKeys(tid: string, keyIds: string[]): Promise<{ results: { id: string; ok: boolean; code?: string }[] }> { return this.request('revokeKeys', { params: { tid }, body: { keyIds } }); }
  /** Replaces a key; the old one keeps working for `gracePeriodSeconds` (default 0). */
  importKeys(tid: string, input: ImportKeysInput): Promise<ImportResults> { return this.request('importKeys', { params: { tid }, body: input }); }
  rotateKey(tid: string, kid: string, options: { gracePeriodSeconds?: number } = {}): Promise<KeyWithSecret> { return this.request('rotateKey', { params: { tid, kid }, body: options }); }
  keyUsage(tid: string, kid: string, query: { since?: string; until?: string; interval?: 'hour' | 'day' } = {}): Promise<KeyUsage> { return this.request('keyUsage', { params: { tid, kid }, query: { ...query } }); }
  keyStats(tid: string): Promise<KeyStats> { return this.request('keyStats', { params: { tid } }); }

  /** A tenant's usage in UTC buckets, per tenant, owner or key (tenant admins); one page. */
  tenantUsage(tid: string, query: UsageQuery = {}): Promise<Usage> { return this.request('tenantUsage', { params: { tid }, query: { ...query } }); }
  /** The same as CSV, every page (columns: at, tenantId, ownerId, keyId, valid, failed, spent.<name>…). */
  tenantUsageCsv(tid: string, query: Omit<UsageQuery, 'cursor' | 'limit'> = {}): Promise<string> { return this.request('tenantUsage', { params: { tid }, query: { ...query }, accept: 'text/csv' }); }
  /** The keys with the most valid or failed verifications, today (UTC) by default (tenant admins). */
  topKeys(tid: string, query: TopKeysQuery = {}): Promise<TopKeys> { return this.request('topKeys', { params: { tid }, query: { ...query } }); }
  /** Every tenant's usage, for billing (platform admins, signed in as a person); one page. */
  platformUsage(query: Omit<UsageQuery, 'groupBy'> = {}): Promise<Usage> { return this.request('platformUsage', { query: { ...query, groupBy: 'tenant' } }); }
  /** The same as CSV, every page. */
  platformUsageCsv(query: Omit<UsageQuery, 'groupBy' | 'cursor' | 'limit'> = {}): Promise<string> { return this.request('platformUsage', { query: { ...query, groupBy: 'tenant' }, accept: 'text/csv' }); }

  listEvents(tid: string, query: EventQuery = {}): Promise<Page<Event>> { return this.request('listEvents', { params: { tid }, query: { ...query } }); }

  listWebhooks(tid: string, query: PageQuery = {}): Promise<Page<Webhook>> { return this.request('listWebhooks', { params: { tid }, query: { ...query } }); }
  /** Registers an endpoint; the answer's `secret` signs its deliveries and is shown only here. */
  createWebhook(tid: string, input: WebhookInput): Promise<{ webhook: Webhook; secret: string }> { return this.request('createWebhook', { params: { tid }, body: input }); }
  getWebhook(tid: string, wid: string): Promise<Webhook> { return this.request('getWebhook', { params: { tid, wid } }); }
  updateWebhook(tid: string, wid: string, patch: Partial<WebhookInput> & { enabled?: boolean }): Promise<Webhook> { return this.request('updateWebhook', { params: { tid, wid }, body: patch }); }
  deleteWebhook(tid: string, wid: string): Promise<void> { return this.request('deleteWebhook', { params: { tid, wid } }); }
  listDeliveries(tid: string, wid: string, query: PageQuery = {}): Promise<Page<Delivery>> { return this.request('listDeliveries', { params: { tid, wid }, query: { ...query } }); }
}
