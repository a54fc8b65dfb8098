// Sign-in beyond the throttle: bounded password hashing, scrypt parameters and rehashing, session
// lifetimes (idle and absolute), the sweep of ended sessions, the __Host- cookie, and what a failed
// sign-in records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type TestServer } from '../helpers/server.js';
import { DIALECTS } from '../helpers/services.js';
import { hashPassword, SCRYPT_PARAMS, scrypt, type Derive } from '../../src/services/passwords.js';
import { sweepSessions } from '../../src/services/sessions.js';
import { createPerson, insertSession, insertUser, startFastServer } from './world.js';

const MINUTE = 60_000;

function loginOn(server: TestServer, ip: string, email: string, password: string, headers: Record<string, string> = {}) {
  return server.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, headers, payload: { email, password } });
}

/** A key derivation whose calls, once `holding`, wait until the test lets them go. */
function heldDerive() {
  const calls: Array<{ release: () => void }> = [];
  let notify: (() => void) | null = null;
  const state = { holding: false };
  const derive: Derive = async (...args) => {
    if (state.holding) await new Promise<void>((resolve) => {
      calls.push({ release: resolve });
      notify?.();
    });
    return scrypt(...args);
  };
  const called = async (n: number) => {
    while (calls.length < n) await new Promise<void>((resolve) => { notify = resolve; });
  };
  return { derive, calls, called, state };
}

describe('bounded password hashing', () => {
  let server: TestServer;
  const held = heldDerive();
  beforeAll(async () => {
    server = await startFastServer('sqlite', {}, { passwords: { params: { N: 1 << 10, r: 8, p: 1 }, slots: 2, queueLimit: 1, derive: held.derive } });
  });
  afterAll(async () => { await server?.stop(); });

  it('hashes at most `slots` passwords at once, queues a bounded number more and answers 429 beyond them', async () => {
    held.state.holding = true;
    const running = [loginOn(server, '198.18.50.1', 'a@queue.test', 'x'), loginOn(server, '198.18.50.2', 'b@queue.test', 'x')];
    await held.called(2);
    expect(server.ctx.passwords.load).toEqual({ active: 2, queued: 0 });
    const queued = loginOn(server, '198.18.50.3', 'c@queue.test', 'x');
    while (server.ctx.passwords.load.queued < 1) await new Promise((resolve) => setImmediate(resolve));
    const refused = await loginOn(server, '198.18.50.4', 'd@queue.test', 'x');
    expect(refused.statusCode).toBe(429);
    expect(JSON.parse(refused.body).error.code).toBe('RATE_LIMITED');
    expect(refused.headers['retry-after']).toBe('1');
    expect(held.calls).toHaveLength(2); // the refused sign-in never reached scrypt

    held.calls.slice().forEach((c) => c.release());
    await held.called(3);
    held.calls[2].release();
    expect((await Promise.all([...running, queued])).map((r) => r.statusCode)).toEqual([401, 401, 401]);
    expect(server.ctx.passwords.load).toEqual({ active: 0, queued: 0 });
  });
});

describe('password hashes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startFastServer('sqlite', {}, { passwords: {} }); // the production parameters
  });
  afterAll(async () => { await server?.stop(); });

  it('are made with scrypt N=2^17, r=8, p=1, the parameters written into the hash', async () => {
    expect(SCRYPT_PARAMS).toEqual({ N: 131072, r: 8, p: 1 });
    const row = await server.ctx.store.db.selectFrom('users').select('password_hash').where('email_lc', '=', ADMIN.email).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
  }, 60_000);

  it('replace a hash made with weaker parameters at the next successful sign-in', async () => {
    const weak = await hashPassword('old-password-1', { N: 1 << 14, r: 8, p: 1 });
    const id = await insertUser(server, 'rehash', weak);
    const user = await server.ctx.store.db.selectFrom('users').select('email').where('id', '=', id).executeTakeFirstOrThrow();
    expect((await loginOn(server, '198.18.51.1', user.email, 'old-password-1')).statusCode).toBe(200);
    const after = await server.ctx.store.db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(after.password_hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await loginOn(server, '198.18.51.1', user.email, 'old-password-1')).statusCode).toBe(200);
  }, 60_000);
});

describe.each(DIALECTS)('sessions on %s', (dialect) => {
  let server: TestServer;
  let realNow: () => Date;
  beforeAll(async () => {
    server = await startFastServer(dialect, { KEYWARDEN_SESSION_IDLE: '1h', KEYWARDEN_SESSION_TTL: '12h' });
    realNow = server.ctx.now;
  });
  afterAll(async () => { await server?.stop(); });
  const moveClock = (ms: number) => { server.ctx.now = () => new Date(Date.now() + ms); };
  const me = (cookie: string) => server.api.call('GET', '/auth/me', { as: { cookie } });

  it('end after KEYWARDEN_SESSION_IDLE without a request, and are kept alive by requests until KEYWARDEN_SESSION_TTL', async () => {
    const person = await createPerson(server, 'idle');
    const { cookie } = await server.api.login(person.email, person.password);
    try {
      for (const at of [50, 100, 150, 200]) {
        moveClock(at * MINUTE);
        expect((await me(cookie!)).status).toBe(200);
      }
      moveClock(200 * MINUTE + 61 * MINUTE);
      expect((await me(cookie!)).status).toBe(401);

      const second = await server.api.login(person.email, person.password);
      for (let at = 50; at < 12 * 60; at += 50) {
        moveClock(261 * MINUTE + at * MINUTE);
        expect((await me(second.cookie!)).status).toBe(200);
      }
      moveClock(261 * MINUTE + 12 * 60 * MINUTE);
      expect((await me(second.cookie!)).status).toBe(401);
    } finally {
      server.ctx.now = realNow;
    }
  });

  it('that ended or expired are deleted by the sweep, which runs by the injected clock', async () => {
    const id = await insertUser(server, 'sweep');
    const fresh = await insertSession(server, id);
    const count = () => server.ctx.store.db.selectFrom('sessions').select('token_hash').where('user_id', '=', id).execute();
    expect(await count()).toHaveLength(1);
    await sweepSessions(server.ctx);
    expect(await count()).toHaveLength(1);
    moveClock(61 * MINUTE);
    try {
      await server.sessionSweep.run();
    } finally {
      server.ctx.now = realNow;
    }
    expect(await count()).toHaveLength(0);
    expect((await me(fresh.cookie!)).status).toBe(401);
  });

  it('of a disabled user end', async () => {
    const person = await createPerson(server, 'disabled');
    const admin = await server.api.login(ADMIN.email, ADMIN.password);
    expect((await me(person.creds.cookie!)).status).toBe(200);
    expect((await server.api.call('PATCH', `/users/${person.id}`, { as: admin, body: { disabled: true } })).status).toBe(200);
    expect((await me(person.creds.cookie!)).status).toBe(401);
    expect(await server.ctx.store.db.selectFrom('sessions').select('token_hash').where('user_id', '=', person.id).execute()).toHaveLength(0);
  });
});

describe('the Secure session cookie', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startFastServer('sqlite', { KEYWARDEN_COOKIE_SECURE: 'true' }); });
  afterAll(async () => { await server?.stop(); });

  it('is named __Host-keywarden_session, with Path=/ and no Domain, and only that name signs in', async () => {
    const res = await loginOn(server, '198.18.52.1', ADMIN.email, ADMIN.password);
    expect(res.statusCode).toBe(200);
    const header = String(res.headers['set-cookie']);
    expect(header).toMatch(/^__Host-keywarden_session=[A-Za-z0-9_-]{40,};/);
    expect(header).toContain('Path=/');
    expect(header).toContain('Secure');
    expect(header).not.toMatch(/Domain=/i);
    const token = res.cookies.find((c) => c.name === '__Host-keywarden_session')!.value;
    expect((await server.api.call('GET', '/auth/me', { as: { cookie: `__Host-keywarden_session=${token}` } })).status).toBe(200);
    expect((await server.api.call('GET', '/auth/me', { as: { cookie: `keywarden_session=${token}` } })).status).toBe(401);
    const out = await server.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: `__Host-keywarden_session=${token}` } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^__Host-keywarden_session=;.*Path=\/.*Secure/);
  });
});

describe('a failed sign-in', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startFastServer('sqlite'); });
  afterAll(async () => { await server?.stop(); });

  it('records the typed e-mail only when it is an address, never a password typed into the field', async () => {
    expect((await loginOn(server, '198.18.53.1', 'Correct-Horse-Battery-9', 'x')).statusCode).toBe(401);
    expect((await loginOn(server, '198.18.53.2', 'Someone@Typed.test', 'x')).statusCode).toBe(401);
    const admin = await server.api.login(ADMIN.email, ADMIN.password);
    const events = await server.api.call('GET', '/events?type=auth.login_failed', { as: admin });
    const details = events.body.items.map((e: any) => e.details);
    expect(details).toContainEqual({ email: 'someone@typed.test' });
    expect(details).toContainEqual({});
    expect(JSON.stringify(events.body)).not.toMatch(/correct-horse/i);
  });
});
