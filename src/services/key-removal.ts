// Key removals: revoke one or many (tenant admin), delete one or all of one's own. Each decides with
// domain/ and persists with its audit events in one transaction (DESIGN.md "Rules").
import { forbidden, notActive, notFound } from '../errors.js';
import { deriveStatus } from '../domain/status.js';
import { isDeveloper } from '../domain/roles.js';
import { appendEvents, type Origin } from '../audit/events.js';
import type { Change, Trx } from '../store/store.js';
import type { ApiKeyTable } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { keyChange, markRevoked } from './revocation.js';
import { assertKeyPermission, tenantAccess, type Principal } from './access.js';
import { readKey, visibleKey } from './key-lookup.js';
import { lockedSettings } from './tenant-lock.js';

async function revokeRow(
  ctx: ServiceContext, trx: Trx, row: ApiKeyTable, origin: Origin, now: Date, reason: string, changed: (c: Change) => void,
) {
  if (deriveStatus({ revokedAt: row.revoked_at, expiresAt: row.expires_at }, now) !== 'active') {
    throw notActive('Only an active key can be revoked.');
  }
  await markRevoked(ctx.store, trx, [row], origin, now, { reason }, changed);
}

export async function revokeKey(ctx: ServiceContext, principal: Principal, tenantId: string, keyId: string, origin: Origin) {
  const access = await tenantAccess(ctx.store.db, principal, tenantId);
  if (!access.isAdmin) {
    // A developer sees their own key (403), not a colleague's (404).
    const own = await ctx.store.db.selectFrom('api_keys').select('id').where('id', '=', keyId)
      .where('tenant_id', '=', tenantId).where('owner_id', '=', principal.user.id).executeTakeFirst();
    throw own ? forbidden('Only a tenant admin may revoke keys.') : notFound('key');
  }
  const now = ctx.now();
  return ctx.store.write(async (trx, changed) => {
    const { row } = await visibleKey(ctx, trx, access, keyId);
    await revokeRow(ctx, trx, row, origin, now, 'manual', changed);
    return readKey(trx, keyId, now);
  });
}

export async function bulkRevoke(ctx: ServiceContext, principal: Principal, tenantId: string, keyIds: string[], origin: Origin) {
  const access = await tenantAccess(ctx.store.db, principal, tenantId);
  if (!access.isAdmin) throw forbidden('Only a tenant admin may revoke keys.');
  const now = ctx.now();
  return ctx.store.write(async (trx, changed) => {
    const rows = await ctx.store.forUpdate(trx.selectFrom('api_keys').selectAll().where('tenant_id', '=', tenantId)
      .where('id', 'in', [...new Set(keyIds)]).orderBy('id')).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const results: { id: string; ok: boolean; code?: string }[] = [];
    for (const id of keyIds) {
      const row = byId.get(id);
      if (!row) {
        results.push({ id, ok: false, code: 'NOT_FOUND' });
        continue;
      }
      // Only NOT_ACTIVE is one key's failure; anything else (the database) fails the whole request.
      if (deriveStatus({ revokedAt: row.revoked_at, expiresAt: row.expires_at }, now) !== 'active') {
        results.push({ id, ok: false, code: 'NOT_ACTIVE' });
        continue;
      }
      await revokeRow(ctx, trx, row, origin, now, 'bulk', changed);
      row.revoked_at = now.toISOString(); // a repeated id in one request is then NOT_ACTIVE
      results.push({ id, ok: true });
    }
    return { results };
  });
}

export async function deleteKey(ctx: ServiceContext, principal: Principal, tenantId: string, keyId: string, origin: Origin) {
  const access = await tenantAccess(ctx.store.db, principal, tenantId);
  assertKeyPermission(access, 'write');
  const now = ctx.now();
  await ctx.store.write(async (trx, changed) => {
    const { row, isOwner } = await visibleKey(ctx, trx, access, keyId);
    const status = deriveStatus({ revokedAt: row.revoked_at, expiresAt: row.expires_at }, now);
    const mayDelete = (isOwner && isDeveloper(access.membership)) || (access.isAdmin && status !== 'active');
    if (!mayDelete) {
      throw forbidden(access.isAdmin ? 'A tenant admin may delete only expired or revoked keys; revoke it first.' : 'Only the owner, with the developer role, may delete this key.');
    }
    await deleteRows(ctx, trx, [row], origin);
    changed(keyChange(row));
  });
}

async function deleteRows(ctx: ServiceContext, trx: Trx, rows: ApiKeyTable[], origin: Origin) {
  if (rows.length === 0) return;
  await trx.deleteFrom('api_keys').where('id', 'in', rows.map((r) => r.id)).execute();
  // Their usage stays (key_usage*): a tenant's bill counts deleted keys too, until retention prunes it.
  await appendEvents(ctx.store, trx, origin, rows.map((r) => ({
    tenantId: r.tenant_id, type: 'key.deleted', keyId: r.id, details: { name: r.name, ownerId: r.owner_id },
  })));
}

export async function deleteOwnKeys(ctx: ServiceContext, principal: Principal, tenantId: string, origin: Origin) {
  const access = await tenantAccess(ctx.store.db, principal, tenantId);
  assertKeyPermission(access, 'write');
  if (!isDeveloper(access.membership)) throw forbidden('Only members with the developer role may delete their keys.');
  await ctx.store.write(async (trx, changed) => {
    // The tenant first, as a rotation takes it: a key it is making is committed, and deleted here too.
    await lockedSettings(ctx, trx, tenantId);
    const rows = await ctx.store.forUpdate(trx.selectFrom('api_keys').selectAll().where('tenant_id', '=', tenantId)
      .where('owner_id', '=', principal.user.id).orderBy('id')).execute();
    await deleteRows(ctx, trx, rows, origin);
    rows.forEach((r) => changed(keyChange(r)));
  });
}
