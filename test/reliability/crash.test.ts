// Crash safety: the real server as a child process, concurrent creates, revocations and
// verifications over HTTP, SIGKILL at a random moment, restart, and every write that got a 2xx
// is there with its audit event; a revoked key never verifies again.
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/services.js';
import { adminTenant, HttpClient, newChildStore, openChildStore, startChild, trackChildren, type ChildStore } from './child.js';

const ROUNDS = 5;
const WORKERS = 6;

interface Ledger {
  created: Map<string, string>; // key id → secret, for every 201
  revoked: Set<string>; // every 200 on revoke
  verifications: number;
  violations: string[];
}

async function dbFacts(store: ChildStore, keyIds: string[]) {
  const db = await openChildStore(store);
  try {
    const keys = new Map<string, string | null>();
    const events = new Set<string>();
    for (let i = 0; i < keyIds.length; i += 500) {
      const chunk = keyIds.slice(i, i + 500);
      for (const k of await db.db.selectFrom('api_keys').select(['id', 'revoked_at']).where('id', 'in', chunk).execute()) keys.set(k.id, k.revoked_at);
      for (const e of await db.db.selectFrom('events').select(['type', 'key_id']).where('key_id', 'in', chunk)
        .where('type', 'in', ['key.created', 'key.revoked']).execute()) events.add(`${e.type} ${e.key_id}`);
    }
    return { keys, events };
  } finally {
    await db.close();
  }
}

/** Workers create, revoke and verify until the server dies under them. */
async function drive(client: HttpClient, tid: string, ledger: Ledger): Promise<void> {
  const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)];
  const worker = async () => {
    for (;;) {
      const r = Math.random();
      if (r < 0.4 || ledger.created.size === 0) {
        const res = await client.call('POST', `/tenants/${tid}/keys`, { body: { name: `crash ${Math.random()}` } });
        if (res.status === 201) ledger.created.set(res.body.key.id, res.body.secret);
      } else if (r < 0.65) {
        const candidates = [...ledger.created.keys()].filter((id) => !ledger.revoked.has(id));
        if (candidates.length === 0) continue;
        const id = pick(candidates);
        const res = await client.call('POST', `/tenants/${tid}/keys/${id}/revoke`);
        if (res.status === 200) ledger.revoked.add(id);
      } else {
        const id = pick([...ledger.created.keys()]);
        const revokedBefore = ledger.revoked.has(id); // acknowledged before this verification started
        const res = await client.call('POST', '/verify', { key: ledger.created.get(id) });
        ledger.verifications++;
        if (revokedBefore && res.body.valid !== false) ledger.violations.push(`${id} verified after its revoke was acknowledged`);
      }
    }
  };
  // Each worker ends with a network error when the server is killed.
  await Promise.all(Array.from({ length: WORKERS }, () => worker().catch(() => undefined)));
}

// The dialects run side by side: most of the time goes into starting child servers.
describe('crash safety', () => {
  const { stores, children } = trackChildren();

  it.concurrent.each(DIALECTS)(`keeps every acknowledged create and revoke across ${ROUNDS} SIGKILLs on %s`, async (dialect) => {
    const store = await newChildStore(dialect);
    stores.push(store);
    const ledger: Ledger = { created: new Map(), revoked: new Set(), verifications: 0, violations: [] };
    let child = await startChild(store);
    children.push(child);
    const client = new HttpClient(child.url);
    const tid = await adminTenant(client);

    for (let round = 1; round <= ROUNDS; round++) {
      // Kill at a random moment once the round has some acknowledged writes (or after 4 s at most),
      // so a slow machine still tests something.
      const writesBefore = ledger.created.size + ledger.revoked.size;
      const started = Date.now();
      const killer = setInterval(() => {
        if (ledger.created.size + ledger.revoked.size - writesBefore < 20 && Date.now() - started < 4000) return;
        clearInterval(killer);
        setTimeout(() => child.process.kill('SIGKILL'), Math.random() * 300);
      }, 25);
      await drive(client, tid, ledger);
      clearInterval(killer);
      expect((await child.exited).signal).toBe('SIGKILL');

      child = await startChild(store);
      children.push(child);
      client.base = child.url; // sessions live in the database: the cookie still works

      const ids = [...ledger.created.keys()];
      const { keys, events } = await dbFacts(store, ids);
      const missing = ids.filter((id) => !keys.has(id));
      const unrevoked = [...ledger.revoked].filter((id) => !keys.get(id));
      const noCreatedEvent = ids.filter((id) => !events.has(`key.created ${id}`));
      const noRevokedEvent = [...ledger.revoked].filter((id) => !events.has(`key.revoked ${id}`));
      expect({ round, missing, unrevoked, noCreatedEvent, noRevokedEvent }).toEqual({ round, missing: [], unrevoked: [], noCreatedEvent: [], noRevokedEvent: [] });

      // Every revoked key answers REVOKED on the restarted server.
      const answers = await Promise.all([...ledger.revoked].map((id) => client.call('POST', '/verify', { key: ledger.created.get(id) })));
      ledger.verifications += answers.length;
      expect(answers.filter((a) => a.body.code !== 'REVOKED').map((a) => a.body)).toEqual([]);
      expect(ledger.violations).toEqual([]);
    }
    child.process.kill('SIGKILL');
    console.log(`[crash:${dialect}] ${ROUNDS} kill rounds survived; ${ledger.created.size} acknowledged creates and ` +
      `${ledger.revoked.size} acknowledged revokes checked with their events; ${ledger.verifications} verifications`);
    expect(ledger.created.size).toBeGreaterThan(ROUNDS);
    expect(ledger.revoked.size).toBeGreaterThan(0);
  }, 240_000);
});
