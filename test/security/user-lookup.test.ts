// GET /users?email= lets a tenant admin find a person to grant access, and tells them no more than
// that person's id, email and name (DESIGN "GET /users"); a platform admin still gets whole users.
// The OpenAPI document's answer schema holds both shapes.
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/services.js';
import { World } from '../helpers/world.js';

describe.each(DIALECTS)('looking a user up by email on %s', (dialect) => {
  const w = World.forSuite(dialect);

  async function lookup() {
    const tid = await w.tenantWithKeys();
    const admin = await w.member(tid, ['tenant_admin', 'developer']);
    const target = await w.user();
    return { tid, admin, target, path: `/users?email=${encodeURIComponent(target.email)}` };
  }

  it('gives a tenant admin only the id, email and name of the user', async () => {
    const { admin, target, path } = await lookup();
    const res = await w.call('GET', path, { as: admin.as });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [{ id: target.id, email: target.email, name: target.name }], nextCursor: null });
  });

  it('gives the same through a tenant admin\'s admin-scoped management key', async () => {
    const { tid, admin, target, path } = await lookup();
    const { secret } = await w.createKey(tid, admin.as, { management: true, scopes: [{ resourceId: null, permission: 'admin' }] });
    const res = await w.call('GET', path, { as: { key: secret } });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([{ id: target.id, email: target.email, name: target.name }]);
  });

  it('still gives a platform admin the whole user', async () => {
    const { target, path } = await lookup();
    const res = await w.call('GET', path, { as: w.admin });
    expect(res.body.items).toEqual([{ id: target.id, email: target.email, name: target.name, isPlatformAdmin: false, disabled: false, createdAt: expect.any(String) }]);
  });

  it('documents an answer schema that both shapes satisfy, and that a half-user does not', async () => {
    const { admin, path } = await lookup();
    const doc = (await w.call('GET', '/openapi.json')).body;
    const schema = doc.paths['/api/v1/users'].get.responses['200'].content['application/json'].schema;
    // The answer refers to the document's named components (#/components/schemas/User).
    const isAnswer = new Ajv({ strict: false }).compile({ ...schema, components: doc.components });
    const summary = (await w.call('GET', path, { as: admin.as })).body;
    const whole = (await w.call('GET', path, { as: w.admin })).body;
    expect(isAnswer(summary), JSON.stringify(isAnswer.errors)).toBe(true);
    expect(isAnswer(whole), JSON.stringify(isAnswer.errors)).toBe(true);
    expect(isAnswer({ items: [{ id: 'usr_1', email: 'a@example.test' }], nextCursor: null })).toBe(false);
  });
});
