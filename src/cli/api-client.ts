// A small client for the management API, with the management key in X-API-Key. The CLI keeps its own
// (rather than the SDK's) so the server package builds and ships without packages/sdk.
import { parseKey } from '../domain/key-format.js';
import { ApiError, UsageError, type Io } from './io.js';

export const DEFAULT_URL = 'http://127.0.0.1:8080';

export interface ConnectionOptions {
  url?: string;
  apiKey?: string;
  tenant?: string;
  config?: string;
}

export type Query = Record<string, string | number | boolean | undefined>;

export class ManagementClient {
  private tenantId: string | undefined;

  constructor(private readonly io: Io, readonly baseUrl: string, private readonly apiKey: string | undefined, tenant?: string) {
    this.tenantId = tenant;
  }

  /** `workingDirectoryEnv: false` leaves the working directory's `.env` out (an explicit `--config` still counts). */
  static fromOptions(io: Io, options: ConnectionOptions, { needsKey = true, workingDirectoryEnv = true } = {}): ManagementClient {
    const env = io.env(workingDirectoryEnv ? options.config : options.config ?? null);
    const url = (options.url ?? env.KEYWARDEN_URL ?? DEFAULT_URL).replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]/.test(url)) throw new UsageError(`the server URL must start with http:// or https:// (got "${url}")`);
    const apiKey = options.apiKey ?? env.KEYWARDEN_API_KEY;
    if (needsKey && !apiKey) throw new UsageError('no management key: set KEYWARDEN_API_KEY or pass --api-key');
    if (apiKey && !parseKey(apiKey)) throw new UsageError('the management key is not a Keywarden key (wrong format or checksum)');
    if (options.tenant !== undefined && !/^ten_[0-9A-Za-z]+$/.test(options.tenant)) throw new UsageError(`--tenant takes a tenant id (ten_…), got "${options.tenant}"`);
    return new ManagementClient(io, url, apiKey, options.tenant);
  }

  /** The tenant to work in: --tenant, else the management key's own tenant (GET /auth/me answers it). */
  async tenant(): Promise<string> {
    if (!this.tenantId) {
      const me = await this.request<{ key?: { tenantId: string } }>('GET', '/auth/me');
      if (!me.key) throw new UsageError('the server did not name the key\'s tenant; pass --tenant');
      this.tenantId = me.key.tenantId;
    }
    return this.tenantId;
  }

  async request<T>(method: string, path: string, options: { body?: unknown; query?: Query; key?: string } = {}): Promise<T> {
    const url = new URL(`${this.baseUrl}/api/v1${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    const key = options.key ?? this.apiKey;
    if (key) headers['x-api-key'] = key;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.io.fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new ApiError(0, 'UNREACHABLE', `cannot reach Keywarden at ${this.baseUrl} (${cause?.code ?? cause?.message ?? (err as Error).message})`);
    }
    const text = await response.text();
    let body: any = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // A proxy's HTML error page, say: reported below with the status alone.
    }
    if (!response.ok) {
      const error = body?.error;
      if (error?.code) {
        const details = Array.isArray(error.details) ? error.details.map((d: any) => ` ${d.field}: ${d.message}`).join(';') : '';
        throw new ApiError(response.status, error.code, `${error.message}${details ? ` —${details}` : ''}`, error.reason);
      }
      throw new ApiError(response.status, `HTTP_${response.status}`, `the server answered ${response.status} ${response.statusText}`);
    }
    return body as T;
  }
}
