// On upgrade (migration 006), endpoints registered before the address rules that these rules
// refuse are switched off with a webhook.updated event saying why, and delivery errors recorded as
// raw socket messages become categories. The test writes old-style rows, runs migration 006 over
// them as an upgrade would, and starts a server on it.
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.js';
import { StubResolver } from '../helpers/resolver.js';
import { DIALECTS } from '../helpers/services.js';
import { World } from '../helpers/world.js';
import { newId } from '../../src/domain/ids.js';
import { newSigningSecret, sealSecret } from '../../src/webhooks/signing.js';
import * as m006 from '../../src/store/migrations/006-webhook-destinations.js';

describe.each(DIALECTS)('webhook destinations on upgrade on %s', (dialect) => {
  it('switches off endpoints the rules refuse, says why, and keeps the others', async () => {
    // Loopback is allowed (KEYWARDEN_WEBHOOK_ALLOW=loopback), and .test names resolve there.
    const resolver = new StubResolver({ 'inner.example': ['10.0.0.1'], 'mixed.example': ['127.0.0.1', '10.0.0.1'], 'public.example': ['93.184.215.14'] });
    const before = await startTestServer(dialect, {}, { resolver });
    let after: Awaited<ReturnType<typeof startTestServer>> | undefined;
    try {
      const world = await World.on(before);
      const tid = await world.tenant();
      const db = before.ctx.store.db;
      const head = await db.selectFrom('chain_heads').select('seq').where('chain', '=', tid).executeTakeFirstOrThrow();
      const at = new Date().toISOString();
      const endpoint = async (url: string, enabled = 1) => {
        const id = newId('whk');
        await db.insertInto('webhooks').values({
          id, tenant_id: tid, url, description: null, event_types: JSON.stringify(['key.*']),
          secret: sealSecret(before.ctx.serverSecret, newSigningSecret()), enabled, cursor_seq: Number(head.seq), attempt: 0,
          first_attempt_at: null, next_attempt_at: null, claimed_by: null, claimed_until: null, created_at: at, updated_at: at,
        }).execute();
        return id;
      };
      const refused = {
        metadata: await endpoint('https://169.254.169.254/latest/meta-data/'),
        private: await endpoint('http://10.0.0.1:8080/hook'),
        inner: await endpoint('https://inner.example/hook'),
        mixed: await endpoint('https://mixed.example/hook'),
        password: await endpoint('https://hook:s3cr3t@hooks.example.test/in'),
        plain: await endpoint('http://public.example/hook'),
      };
      const kept = {
        fine: await endpoint('https://hooks.example.test/in'),
        loopback: await endpoint('http://127.0.0.1:9/in'),
        unresolved: await endpoint('https://nowhere.example/in'), // DNS may be down during an upgrade
      };
      const paused = await endpoint('https://10.1.2.3/in', 0);
      const errors = ['The request failed: ECONNREFUSED', 'The endpoint answered HTTP 500.', 'No answer within 10 s.', 'The request failed: getaddrinfo ENOTFOUND x', 'http_status'];
      for (const [i, error] of errors.entries()) {
        await db.insertInto('webhook_deliveries').values({
          id: newId('dlv'), webhook_id: kept.fine, tenant_id: tid, event_id: `evt_${i}`, attempt: 1, at,
          status: 'failed', response_status: null, error, next_attempt_at: null, duration_ms: 1,
        }).execute();
      }
      // Migration 006 over these rows, as on an upgrade from a database made before it.
      await m006.up(db, dialect);
      await before.close();

      after = await startTestServer(dialect, {}, { resolver, dataDir: before.dataDir, pgSchema: before.schema });
      const rows = await after.ctx.store.db.selectFrom('webhooks').select(['id', 'enabled']).where('tenant_id', '=', tid).execute();
      const enabled = Object.fromEntries(rows.map((r) => [r.id, r.enabled === 1]));
      for (const [name, id] of Object.entries(refused)) expect(enabled[id], name).toBe(false);
      for (const [name, id] of Object.entries(kept)) expect(enabled[id], name).toBe(true);
      expect(enabled[paused]).toBe(false);

      const admin = await after.api.login('admin@example.test', 'admin-password-1');
      const events = await after.api.call('GET', `/tenants/${tid}/events?type=webhook.updated&limit=200`, { as: admin });
      expect(events.body.items.map((e: any) => e.details.webhookId).sort()).toEqual(Object.values(refused).sort());
      for (const event of events.body.items) {
        expect(event.actor).toEqual({ type: 'system', id: null });
        expect(event.details).toMatchObject({ changes: { enabled: { from: true, to: false } }, reason: 'url_refused', problem: expect.stringMatching(/^The URL /) });
        expect(JSON.stringify(event)).not.toContain('s3cr3t');
      }
      const deliveries = await after.api.call('GET', `/tenants/${tid}/webhooks/${kept.fine}/deliveries?limit=200`, { as: admin });
      expect(deliveries.body.items.map((d: any) => d.error).sort()).toEqual(['connection_failed', 'dns', 'http_status', 'http_status', 'timeout']);
      const due = await after.ctx.store.db.selectFrom('meta').select('key').where('key', '=', 'webhook_destinations_unchecked').execute();
      expect(due).toEqual([]);
    } finally {
      await after?.close();
      await before.stop();
    }
  });
});
