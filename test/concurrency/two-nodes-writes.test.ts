// The cross-check: two server nodes on one PostgreSQL schema take a burst of parallel creates,
// revokes, rotations, edits, grants and verifications, then the invariants are checked: no 500,
// the key limit held, every acknowledged write is in the database with its event, and every hash
// chain is intact. Bounded to a few hundred requests, so it runs in seconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChains } from '../../src/audit/verify-chain.js';
import type { ApiClient, ApiResponse, Credentials } from '../helpers/server.js';
import { TEST_DATABASE_URL } from '../helpers/services.js';
import { unique, World, type Member } from '../helpers/world.js';
import { startTwoNodes, type VerifyNode } from '../verify/nodes.js';

const LIMIT = 4;
// About a second alone; a CI machine running other test files beside it is far slower.
const BURST_DEADLINE_MS = 90_000;

interface Sent {
  what: string;
  node: string;
  res: ApiResponse;
}

describe.skipIf(!TEST_DATABASE_URL)('two nodes writing to one PostgreSQL schema at once', () => {
  let a: VerifyNode;
  let b: VerifyNode;
  let world: World;
  beforeAll(async () => {
    [a, b] = await startTwoNodes();
    world = await World.on(a);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('keeps limits, acknowledged writes, their events and the chains whole, and never answers 500', async () => {
    const tid = await world.tenantWithKeys({ maxActiveKeysPerUser: LIMIT });
    const devs: Member[] = [];
    for (let i = 0; i < 3; i++) devs.push(await world.member(tid));
    const seeded: { id: string; secret: string; dev: Member }[] = [];
    for (const dev of devs) {
      for (let i = 0; i < LIMIT; i++) {
        const { key, secret } = await world.createKey(tid, dev.as, { scopes: [{ resourceId: null, permission: 'write' }] });
        seeded.push({ id: key.id, secret, dev });
      }
    }
    const newcomer = await world.user();
    const tenantName = `Both nodes ${unique()}`;

    const nodes: [string, ApiClient][] = [['A', a.api], ['B', b.api]];
    const sent: Promise<Sent>[] = [];
    const unanswered = new Set<string>();
    let turn = 0;
    const send = (what: string, method: string, path: string, as: Credentials | undefined, body?: unknown, headers?: Record<string, string>) => {
      const [node, api] = nodes[turn++ % 2];
      const label = `${turn} ${what} on ${node}: ${method} ${path}`;
      unanswered.add(label);
      sent.push(api.call(method, path, { as, body, headers }).then((res) => {
        unanswered.delete(label);
        return { what, node, res };
      }));
    };
    for (const dev of devs) {
      for (let i = 0; i < 10; i++) send('create', 'POST', `/tenants/${tid}/keys`, dev.as, { name: `burst ${i}` });
    }
    for (const key of seeded) {
      send('revoke', 'POST', `/tenants/${tid}/keys/${key.id}/revoke`, world.admin, {});
      send('rotate', 'POST', `/tenants/${tid}/keys/${key.id}/rotate`, key.dev.as, { gracePeriodSeconds: 60 });
      send('edit', 'PATCH', `/tenants/${tid}/keys/${key.id}`, key.dev.as, { name: `edited ${key.id}`, scopes: [{ resourceId: null, permission: 'read' }] });
      for (let i = 0; i < 8; i++) send('verify', 'POST', '/verify', undefined, {}, { 'x-api-key': key.secret });
    }
    for (let i = 0; i < 6; i++) send('grant', 'PUT', `/tenants/${tid}/members/${newcomer.id}`, world.admin, { roles: ['developer'], licensed: i % 2 === 0 });
    for (let i = 0; i < 6; i++) send('tenant', 'POST', '/tenants', world.admin, { name: tenantName });
    for (let i = 0; i < 4; i++) send('settings', 'PATCH', `/tenants/${tid}/settings`, world.admin, { expiryReminderDays: 10 + i });
    // A request left unanswered (a lock wait no database can see, say) fails with its name, before
    // the test's own timeout would say only that it ran out of time.
    let deadline: NodeJS.Timeout | undefined;
    const stuck = new Promise<never>((_, reject) => {
      deadline = setTimeout(() => reject(new Error(`unanswered after ${BURST_DEADLINE_MS} ms:\n${[...unanswered].join('\n')}`)), BURST_DEADLINE_MS);
    });
    const answers = await Promise.race([Promise.all(sent), stuck]).finally(() => clearTimeout(deadline));
    expect(answers.length).toBeGreaterThan(150);

    // No 500, and every refusal is one the contract names for the race.
    const refusals = new Set(answers.filter((s) => s.res.status >= 400).map((s) => `${s.what} ${s.res.status} ${s.res.body.error?.code}`));
    expect([...refusals].filter((r) => !/^(create 409 KEY_LIMIT_REACHED|revoke 409 NOT_ACTIVE|rotate 409 NOT_ACTIVE|tenant 409 NAME_TAKEN)$/.test(r))).toEqual([]);
    expect(answers.filter((s) => s.what === 'tenant' && s.res.status === 201)).toHaveLength(1);
    expect(answers.filter((s) => s.what === 'grant').every((s) => s.res.status === 200)).toBe(true);
    expect(answers.filter((s) => s.what === 'verify').every((s) => s.res.status === 200)).toBe(true);

    const db = a.ctx.store.db;
    const now = new Date().toISOString();
    // The limit held for every owner (a key in its rotation grace period does not count).
    const active = await db.selectFrom('api_keys').select(['owner_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('tenant_id', '=', tid).where('revoked_at', 'is', null).where('rotated_to', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)])).groupBy('owner_id').execute();
    for (const row of active) expect(Number(row.n)).toBeLessThanOrEqual(LIMIT);

    // Every acknowledged write is there with its event.
    const events = await db.selectFrom('events').select(['type', 'key_id', 'details']).where('tenant_id', '=', tid).execute();
    const has = (type: string, keyId: string) => events.some((e) => e.type === type && e.key_id === keyId);
    const keys = new Map((await db.selectFrom('api_keys').selectAll().where('tenant_id', '=', tid).execute()).map((k) => [k.id, k]));
    for (const { what, res } of answers) {
      if (res.status >= 300) continue;
      if (what === 'create') {
        expect(keys.has(res.body.key.id)).toBe(true);
        expect(has('key.created', res.body.key.id)).toBe(true);
      } else if (what === 'revoke') {
        expect(keys.get(res.body.id)!.revoked_at).not.toBeNull();
        expect(has('key.revoked', res.body.id)).toBe(true);
      } else if (what === 'rotate') {
        expect(keys.get(res.body.key.rotatedFrom)!.rotated_to).toBe(res.body.key.id);
        expect(has('key.rotated', res.body.key.rotatedFrom) && has('key.created', res.body.key.id)).toBe(true);
      } else if (what === 'edit') {
        expect(has('key.updated', res.body.id)).toBe(true);
      }
    }
    const granted = events.filter((e) => e.type === 'member.granted' && JSON.parse(e.details).userId === newcomer.id);
    expect(granted).toHaveLength(1);
    expect(events.filter((e) => e.type === 'settings.updated')).toHaveLength(4);

    await a.verifier.flush();
    await b.verifier.flush();
    expect((await verifyChains(a.ctx.store)).problems).toEqual([]);
  }, 150_000);
});
