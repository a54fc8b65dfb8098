// Findings of the v1.1 security review on POST /tenants/:tid/keys/import: the 1 MiB body of an
// unauthenticated request is refused before it is read, and KEY_EXISTS (instance-wide by contract)
// is budgeted per tenant and per client IP and reported to the tenant that holds the key.
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/services.js';
import { World } from '../helpers/world.js';

describe.each(DIALECTS)('the import route before authentication on %s', (dialect) => {
  const w = World.forSuite(dialect);

  it('answers an unauthenticated 900 KB body 401 without parsing it', async () => {
    const tid = await w.tenantWithKeys();
    const server = w.server;
    // Malformed JSON: were the body parsed first, this would be 400 VALIDATION_FAILED.
    const payload = `{"keys": [${'x'.repeat(900 * 1024)}`;
    const res = await server.app.inject({
      method: 'POST', url: `/api/v1/tenants/${tid}/keys/import`, payload, headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body).error.code).toBe('UNAUTHENTICATED');
    // With a (bogus) session cookie the request reaches the usual authentication, which still refuses it.
    const withCookie = await server.app.inject({
      method: 'POST', url: `/api/v1/tenants/${tid}/keys/import`, payload: '{"keys": [',
      headers: { 'content-type': 'application/json', cookie: 'keywarden_session=nonsense' },
    });
    expect([400, 401]).toContain(withCookie.statusCode);
  });
});
