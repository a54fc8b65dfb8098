// /docs: the OpenAPI reference rendered by Swagger UI from the npm package, with no CDN.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('the /docs reference', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer('sqlite'); });
  afterAll(async () => { await server?.stop(); });

  const get = (url: string) => server.app.inject({ method: 'GET', url });

  it('serves Swagger UI and its assets from this server only', async () => {
    const page = await get('/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const sources = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThan(2);
    for (const source of sources) expect(source, source).not.toMatch(/^(https?:)?\/\//);
    for (const asset of ['/docs/static/swagger-ui-bundle.js', '/docs/static/swagger-ui.css', '/docs/static/swagger-initializer.js']) {
      expect((await get(asset)).statusCode, asset).toBe(200);
    }
    // The page's scripts are files from 'self', which the server's content security policy allows.
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
  });

  it('renders the same OpenAPI document, webhooks included', async () => {
    const spec = JSON.parse((await get('/docs/json')).body);
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining([
      '/api/v1/tenants/{tid}/webhooks', '/api/v1/tenants/{tid}/webhooks/{wid}', '/api/v1/tenants/{tid}/webhooks/{wid}/deliveries',
    ]));
    const openapi = JSON.parse((await get('/api/v1/openapi.json')).body);
    expect(Object.keys(spec.paths).sort()).toEqual(Object.keys(openapi.paths).sort());
  });
});
