// The key status in SQL (filters, sorts, counts) agrees with the one definition in domain/status.ts
// on both databases, at the boundaries included.
import { describe, expect, it } from 'vitest';
import { deriveStatus, KEY_STATUSES } from '../../src/domain/status.js';
import { countKeysByStatus, statusIs, statusRank, statusSql } from '../../src/services/key-status.js';
import { DIALECTS } from '../helpers/services.js';
import { World } from '../helpers/world.js';

describe.each(DIALECTS)('key status in SQL on %s', (dialect) => {
  const w = World.forSuite(dialect);

  it('gives every key the status, rank and filter that deriveStatus gives it', async () => {
    const tid = await w.tenantWithKeys({ maxActiveKeysPerUser: 100 });
    const dev = await w.member(tid);
    const now = new Date('2030-06-01T12:00:00.000Z');
    const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
    const cases = [
      { revoked_at: null, expires_at: null }, { revoked_at: null, expires_at: at(1) }, { revoked_at: null, expires_at: at(0) },
      { revoked_at: null, expires_at: at(-1) }, { revoked_at: at(-5), expires_at: null }, { revoked_at: at(-5), expires_at: at(-1) },
      { revoked_at: at(-5), expires_at: at(10_000) },
    ];
    const ids: string[] = [];
    for (const dates of cases) {
      const { key } = await w.createKey(tid, dev.as);
      await w.setKey(key.id, dates);
      ids.push(key.id);
    }
    const db = w.server.ctx.store.db;
    const nowIso = now.toISOString();
    const rows = await db.selectFrom('api_keys').select(['id', 'revoked_at', 'expires_at', statusSql(nowIso).as('status'), statusRank(nowIso).as('rank')])
      .where('tenant_id', '=', tid).execute();
    for (const r of rows) {
      const status = deriveStatus({ revokedAt: r.revoked_at, expiresAt: r.expires_at }, now);
      expect(r.status, r.id).toBe(status);
      expect(Number(r.rank)).toBe(KEY_STATUSES.indexOf(status));
    }
    for (const status of KEY_STATUSES) {
      const matched = await db.selectFrom('api_keys').select('id').where('tenant_id', '=', tid).where(statusIs(status, nowIso)).execute();
      expect(matched.map((m) => m.id).sort(), status).toEqual(rows.filter((r) => r.status === status).map((r) => r.id).sort());
    }
    const before = await countKeysByStatus(db, now);
    await w.setKey(ids[0], { revoked_at: at(-1) });
    const after = await countKeysByStatus(db, now);
    expect(after.active).toBe(before.active - 1);
    expect(after.revoked).toBe(before.revoked + 1);
  });
});
