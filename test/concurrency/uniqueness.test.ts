// Uniqueness under concurrency: parallel creates of one tenant name, user e-mail or membership
// answer their 409 (or succeed once), never 500; and two nodes starting on one empty database
// both start. The PostgreSQL cases hold the competing row in an uncommitted transaction until the
// request under test waits on it, so the race is taken every time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { classifySqliteError } from '../../src/store/dialect/sqlite.js';
import { ADMIN, startTestServer } from '../helpers/server.js';
import { DIALECTS, TEST_DATABASE_URL, dropSchema, newSchemaName } from '../helpers/services.js';
import { holdTransaction } from '../helpers/pg-hold.js';
import { unique, World } from '../helpers/world.js';

const now = () => new Date().toISOString();
const statusesOf = (responses: { status: number; body: any }[]) =>
  responses.map((r) => (r.status >= 400 ? `${r.status} ${r.body.error.code}` : String(r.status))).sort();

describe.each(DIALECTS)('uniqueness under parallel requests on %s', (dialect) => {
  const world = World.forSuite(dialect);

  it('creates a tenant name once and answers the other parallel creates 409 NAME_TAKEN', async () => {
    const name = `Race ${unique()}`;
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      world.call('POST', '/tenants', { as: world.admin, body: { name: i % 2 ? name : name.toUpperCase() } })));
    expect(statusesOf(answers)).toEqual(['201', ...Array(11).fill('409 NAME_TAKEN')]);
  });

  it('creates a user e-mail once and answers the other parallel creates 409 EMAIL_TAKEN', async () => {
    const email = `race-${unique()}@example.test`;
    const answers = await Promise.all(Array.from({ length: 12 }, () =>
      world.call('POST', '/users', { as: world.admin, body: { email, name: 'Race', password: 'password-123' } })));
    expect(statusesOf(answers)).toEqual(['201', ...Array(11).fill('409 EMAIL_TAKEN')]);
  });

  it('grants a membership once when the same PUT comes in parallel, answering each 200', async () => {
    const tid = await world.tenant();
    const user = await world.user();
    const answers = await Promise.all(Array.from({ length: 12 }, () => world.grant(tid, user.id, ['developer'], true)));
    expect(statusesOf(answers)).toEqual(Array(12).fill('200'));
    const granted = await world.events(tid, '&type=member.granted');
    expect(granted.filter((e) => e.details.userId === user.id)).toHaveLength(1);
  });
});

describe('SQLite unique violations', () => {
  it('are read as the table whose unique index refused the row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keywarden-unique-'));
    const store = await openStore({ url: `sqlite:${join(dir, 'k.db')}` });
    try {
      await store.migrate();
      const row = { id: 'ten_1', name: 'A', name_lc: 'a', settings: '{}', created_at: now(), updated_at: now() };
      await store.db.insertInto('tenants').values(row).execute();
      const err = await store.db.insertInto('tenants').values({ ...row, id: 'ten_2' }).execute().catch((e) => e);
      expect(classifySqliteError(err)).toEqual({ kind: 'unique', table: 'tenants' });
      expect(classifySqliteError(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toEqual({ kind: 'retryable' });
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!TEST_DATABASE_URL)('uniqueness races held open on PostgreSQL', () => {
  const world = World.forSuite('postgres');
  let schema: string;
  beforeAll(() => { schema = world.server.schema!; });

  it('answers 409 NAME_TAKEN when another transaction commits the tenant name while the create waits on it', async () => {
    const name = `Held ${unique()}`;
    const held = await holdTransaction(schema);
    await held.query('insert into tenants (id, name, name_lc, settings, created_at, updated_at) values ($1, $2, $3, $4, $5, $5)',
      [`ten_held${unique()}`, name, name.toLowerCase(), '{}', now()]);
    const create = world.call('POST', '/tenants', { as: world.admin, body: { name } });
    await held.blocksAnother();
    await held.commit();
    const res = await create;
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body.error.code).toBe('NAME_TAKEN');
  });

  it('answers 409 NAME_TAKEN to a rename that loses the race for a name', async () => {
    const tid = await world.tenant();
    const name = `Held ${unique()}`;
    const held = await holdTransaction(schema);
    await held.query('insert into tenants (id, name, name_lc, settings, created_at, updated_at) values ($1, $2, $3, $4, $5, $5)',
      [`ten_held${unique()}`, name, name.toLowerCase(), '{}', now()]);
    const rename = world.call('PATCH', `/tenants/${tid}`, { as: world.admin, body: { name } });
    await held.blocksAnother();
    await held.commit();
    const res = await rename;
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body.error.code).toBe('NAME_TAKEN');
  });

  it('answers 409 EMAIL_TAKEN when another transaction commits the e-mail while the create waits on it', async () => {
    const email = `held-${unique()}@example.test`;
    const held = await holdTransaction(schema);
    await held.query(`insert into users (id, email, email_lc, name, name_lc, password_hash, is_platform_admin, disabled, created_at, updated_at)
      values ($1, $2, $2, 'Held', 'held', 'x', 0, 0, $3, $3)`, [`usr_held${unique()}`, email, now()]);
    const create = world.call('POST', '/users', { as: world.admin, body: { email, name: 'Late', password: 'password-123' } });
    await held.blocksAnother();
    await held.commit();
    const res = await create;
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body.error.code).toBe('EMAIL_TAKEN');
  });

  it('changes a membership that another transaction granted while the PUT waited, answering 200', async () => {
    const tid = await world.tenant();
    const user = await world.user();
    const held = await holdTransaction(schema);
    await held.query(`insert into memberships (tenant_id, user_id, roles, licensed, created_at, updated_at) values ($1, $2, '["developer"]', 0, $3, $3)`,
      [tid, user.id, now()]);
    const put = world.grant(tid, user.id, ['developer'], true);
    await held.blocksAnother();
    await held.commit();
    const res = await put;
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ userId: user.id, roles: ['developer'], licensed: true });
  });

  it('starts a second node whose first-start admin another node committed meanwhile', async () => {
    const fresh = newSchemaName();
    const store = await openStore({ url: TEST_DATABASE_URL!, pgSchema: fresh });
    try {
      await store.migrate();
      const held = await holdTransaction(fresh);
      await held.query(`insert into users (id, email, email_lc, name, name_lc, password_hash, is_platform_admin, disabled, created_at, updated_at)
        values ($1, $2, $2, 'Administrator', 'administrator', 'x', 1, 0, $3, $3)`, [`usr_held${unique()}`, ADMIN.email, now()]);
      const starting = startTestServer('postgres', {}, { pgSchema: fresh });
      await held.blocksAnother();
      await held.commit();
      const node = await starting;
      await node.stop();
    } finally {
      await store.close();
      await dropSchema(fresh);
    }
  });
});

// An SQLite file serves one node (DESIGN "Architecture"), so only PostgreSQL is started twice.
describe.skipIf(!TEST_DATABASE_URL)('two nodes starting on one empty PostgreSQL schema', () => {
  it('both migrate it and start, with one platform admin', async () => {
    const dialect = 'postgres';
    const schema = newSchemaName();
    const dataDir = mkdtempSync(join(tmpdir(), 'keywarden-first-start-'));
    try {
      const nodes = await Promise.all([0, 1].map(() => startTestServer(dialect, {}, { pgSchema: schema, dataDir })));
      const admins = await nodes[0].ctx.store.db.selectFrom('users').select('id').where('is_platform_admin', '=', 1).execute();
      expect(admins).toHaveLength(1);
      for (const node of nodes) await node.stop();
    } finally {
      await dropSchema(schema);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
