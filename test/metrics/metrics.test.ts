// GET /metrics: Prometheus text from a registry per app, verifications by result, verify latency,
// keys by status, usage flush lag, process metrics; and the bearer token when one is configured.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestServer, type Credentials, type TestServer } from '../helpers/server.js';
import { DIALECTS } from '../helpers/services.js';

/** The value of one sample (`name{labels} value`), or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(DIALECTS)('metrics on %s', (dialect) => {
  let server: TestServer;
  let admin: Credentials;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await server.api.login(ADMIN.email, ADMIN.password);
  });
  afterAll(async () => { await server?.stop(); });

  const scrape = async () => {
    const res = await server.api.call('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('text/plain');
    return res.body as string;
  };

  async function keysInNewTenant(count: number) {
    const tenant = await server.api.call('POST', '/tenants', { as: admin, body: { name: `Metrics ${Date.now()} ${Math.random()}` } });
    const tid = tenant.body.id;
    const me = (await server.api.call('GET', '/auth/me', { as: admin })).body.user.id;
    await server.api.call('PATCH', `/tenants/${tid}/settings`, { as: admin, body: { apiKeysEnabled: true, maxActiveKeysPerUser: 100 } });
    await server.api.call('PUT', `/tenants/${tid}/members/${me}`, { as: admin, body: { roles: ['tenant_admin', 'developer'], licensed: true } });
    const keys = [];
    for (let i = 0; i < count; i++) {
      const res = await server.api.call('POST', `/tenants/${tid}/keys`, { as: admin, body: { name: `k${i}` } });
      expect(res.status).toBe(201);
      keys.push(res.body);
    }
    return { tid, keys };
  }

  it('counts verifications by result and times the verify route', async () => {
    const before = await scrape();
    const { keys } = await keysInNewTenant(1);
    const verify = (key?: string) => server.api.call('POST', '/verify', { headers: key ? { 'x-api-key': key } : {} });
    await verify(keys[0].secret);
    await verify(keys[0].secret);
    await verify('kw_nonsense');
    await verify();
    const after = await scrape();
    const delta = (series: string) => (sample(after, series) ?? 0) - (sample(before, series) ?? 0);
    expect(delta('keywarden_verifications_total{result="VALID"}')).toBe(2);
    expect(delta('keywarden_verifications_total{result="MALFORMED"}')).toBe(2);
    expect(delta('keywarden_verify_duration_seconds_count')).toBe(4);
    expect(after).toContain('# TYPE keywarden_verify_duration_seconds histogram');
    expect(after).toMatch(/keywarden_verify_duration_seconds_bucket\{le="0\.005"\} \d+/);
    // Other routes are not timed as verifications.
    await server.api.call('GET', '/health');
    expect(sample(await scrape(), 'keywarden_verify_duration_seconds_count')).toBe(sample(after, 'keywarden_verify_duration_seconds_count'));
  });

  it('reports keys by status from the database at scrape time', async () => {
    const before = await scrape();
    const { tid, keys } = await keysInNewTenant(3);
    await server.api.call('POST', `/tenants/${tid}/keys/${keys[0].key.id}/revoke`, { as: admin });
    await server.ctx.store.db.updateTable('api_keys').set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', keys[1].key.id).execute();
    const after = await scrape();
    const delta = (status: string) => (sample(after, `keywarden_keys{status="${status}"}`) ?? 0) - (sample(before, `keywarden_keys{status="${status}"}`) ?? 0);
    expect([delta('active'), delta('expired'), delta('revoked')]).toEqual([1, 1, 1]);
  });

  it('shows the usage flush lag, back to 0 once flushed, and process metrics', async () => {
    const { keys } = await keysInNewTenant(1);
    await server.api.call('POST', '/verify', { headers: { 'x-api-key': keys[0].secret } });
    await server.verifier.usage.flush(Date.now());
    const text = await scrape();
    expect(sample(text, 'keywarden_usage_flush_lag_seconds')).toBe(0);
    expect(text).toContain('# TYPE keywarden_usage_flush_lag_seconds gauge');
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(text).toContain('nodejs_heap_size_used_bytes');
    expect(text).toContain('keywarden_webhook_deliveries_total');
  });

  it('keeps each server\'s figures apart in one process', async () => {
    const other = await startTestServer('sqlite');
    try {
      const res = await other.api.call('GET', '/metrics');
      expect(res.status).toBe(200);
      expect(sample(res.body, 'keywarden_verifications_total{result="VALID"}')).toBeUndefined();
      expect(sample(await scrape(), 'keywarden_verifications_total{result="VALID"}')).toBeGreaterThan(0);
    } finally {
      await other.stop();
    }
  });

  it('reports the PostgreSQL pool when the store exposes it, and nothing of the kind on SQLite', async () => {
    const adapter = (server.ctx.store as unknown as { adapter?: { pool?: { totalCount?: number } } }).adapter;
    const text = await scrape();
    if (dialect === 'postgres' && typeof adapter?.pool?.totalCount === 'number') {
      expect(sample(text, 'keywarden_db_pool_connections{state="total"}')).toBeGreaterThan(0);
      expect(text).toContain('keywarden_db_pool_connections{state="waiting"}');
    } else {
      expect(text).not.toContain('keywarden_db_pool_connections');
    }
  });

  it('is outside /api/v1 and needs no session', async () => {
    expect((await server.api.call('GET', '/api/v1/metrics')).status).toBe(404);
  });
});

describe('metrics behind KEYWARDEN_METRICS_TOKEN', () => {
  let server: TestServer;
  const TOKEN = 'metrics-token-0123456789';
  beforeAll(async () => { server = await startTestServer('sqlite', { KEYWARDEN_METRICS_TOKEN: TOKEN }); });
  afterAll(async () => { await server?.stop(); });

  it('answers 401 without the bearer token, or with a wrong one', async () => {
    const tries: Record<string, string>[] = [{}, { authorization: 'Bearer wrong' }, { authorization: `Basic ${TOKEN}` }, { authorization: `Bearer ${TOKEN}x` }];
    for (const headers of tries) {
      const res = await server.api.call('GET', '/metrics', { headers });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(res.body)).not.toContain(TOKEN);
    }
  });

  it('answers with the right token', async () => {
    const res = await server.api.call('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.body).toContain('keywarden_keys{status="active"}');
  });
});
