// A sign-in whose password check is in flight when the password changes, or the user is disabled,
// leaves no live session behind (DESIGN "PATCH /auth/me": other sessions end on a password change;
// PATCH /users/:uid with a password, or disabling the user, ends the user's sessions). Found by an
// attacker-side review: a right password gives its throttle attempt back, so sign-ins with a known
// old password can run back to back, one nearly always inside its slow check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, TEST_SCRYPT_PARAMS, type TestServer } from '../helpers/server.js';
import { hashPassword, scrypt, type Derive } from '../../src/services/passwords.js';
import { DIALECTS } from '../helpers/services.js';
import { createPerson, insertUser, startFastServer } from './world.js';

/** Holds the next `n` key derivations until released; the rest run at once. */
function heldDerive() {
  const held: Array<() => void> = [];
  const state = { holdNext: 0 };
  let notify: (() => void) | null = null;
  const derive: Derive = async (...args) => {
    if (state.holdNext > 0) {
      state.holdNext--;
      await new Promise<void>((resolve) => { held.push(resolve); notify?.(); });
    }
    return scrypt(...args);
  };
  const heldCount = async (n: number) => { while (held.length < n) await new Promise<void>((r) => { notify = r; }); };
  return { derive, held, state, heldCount };
}

describe.each(DIALECTS)('a sign-in racing a password change on %s', (dialect) => {
  let server: TestServer;
  const h = heldDerive();
  beforeAll(async () => {
    server = await startFastServer(dialect, {}, { passwords: { params: TEST_SCRYPT_PARAMS, slots: 4, queueLimit: 8, derive: h.derive } });
  });
  afterAll(async () => { await server?.stop(); });

  const login = (email: string, password: string) =>
    server.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '198.18.70.1', payload: { email, password } });

  it('PATCH /auth/me: the attacker\'s in-flight sign-in with the old password gets no session that outlives the change', async () => {
    const victim = await createPerson(server, 'race-victim');
    // The attacker, who knows the old password, signs in; its password check is slow (held).
    h.state.holdNext = 1;
    const attacker = login(victim.email, victim.password);
    await h.heldCount(1);
    // Meanwhile the victim changes the password: "other sessions end".
    const changed = await server.api.call('PATCH', '/auth/me', {
      as: victim.creds, body: { currentPassword: victim.password, password: 'brand-new-password-1' },
    });
    expect(changed.status).toBe(200);
    h.held.shift()!();
    const res = await attacker;
    const cookie = res.cookies.find((c) => c.name === 'keywarden_session');
    // Either the sign-in is refused, or its session is already dead.
    const me = cookie ? await server.api.call('GET', '/auth/me', { as: { cookie: `keywarden_session=${cookie.value}` } }) : null;
    expect({ login: res.statusCode, me: me?.status ?? null }).toEqual({ login: 401, me: null });
  });

  it('PATCH /users/:uid {password}: an admin reset does not leave the attacker\'s in-flight sign-in a session', async () => {
    const admin = await server.api.login(ADMIN.email, ADMIN.password);
    const victim = await createPerson(server, 'race-reset');
    h.state.holdNext = 1;
    const attacker = login(victim.email, victim.password);
    await h.heldCount(1);
    const reset = await server.api.call('PATCH', `/users/${victim.id}`, { as: admin, body: { password: 'reset-by-admin-1' } });
    expect(reset.status).toBe(200);
    h.held.shift()!();
    const res = await attacker;
    const cookie = res.cookies.find((c) => c.name === 'keywarden_session');
    const me = cookie ? await server.api.call('GET', '/auth/me', { as: { cookie: `keywarden_session=${cookie.value}` } }) : null;
    expect({ login: res.statusCode, me: me?.status ?? null }).toEqual({ login: 401, me: null });
  });

  it('two sign-ins of one password at once both start a session, also when the first replaces a weaker hash', async () => {
    const id = await insertUser(server, 'race-rehash', await hashPassword('old-password-1', { N: 1 << 12, r: 8, p: 1 }));
    const user = await server.ctx.store.db.selectFrom('users').select('email').where('id', '=', id).executeTakeFirstOrThrow();
    h.state.holdNext = 1;
    const second = login(user.email, 'old-password-1');
    await h.heldCount(1);
    // The first sign-in stores a hash with today's parameters while the second's check is held.
    const first = await login(user.email, 'old-password-1');
    expect(first.statusCode).toBe(200);
    h.held.shift()!();
    expect((await second).statusCode).toBe(200);
  });

  it('PATCH /users/:uid {disabled: true}: a sign-in in flight at the disable leaves no session that a later re-enable brings back', async () => {
    const admin = await server.api.login(ADMIN.email, ADMIN.password);
    const victim = await createPerson(server, 'race-disable');
    h.state.holdNext = 1;
    const attacker = login(victim.email, victim.password);
    await h.heldCount(1);
    expect((await server.api.call('PATCH', `/users/${victim.id}`, { as: admin, body: { disabled: true } })).status).toBe(200);
    h.held.shift()!();
    const res = await attacker;
    // The incident is handled (password reset by other means, account enabled again) within the idle time.
    expect((await server.api.call('PATCH', `/users/${victim.id}`, { as: admin, body: { disabled: false } })).status).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'keywarden_session');
    const me = cookie ? await server.api.call('GET', '/auth/me', { as: { cookie: `keywarden_session=${cookie.value}` } }) : null;
    expect({ login: res.statusCode, me: me?.status ?? null }).toEqual({ login: 401, me: null });
  });
});
