// A key as its caller sees it, for the key writes (keys.ts, key-removal.ts): loaded under its row
// lock with the visibility rule of DESIGN "Rules", and read back as the contract's Key object.
import { notFound } from '../errors.js';
import type { Trx } from '../store/store.js';
import type { ServiceContext } from './context.js';
import type { TenantAccess } from './access.js';
import { selectKeys, toKeyView, type KeyView } from './key-views.js';
import { parseSettings } from './views.js';
import { usage24hOf } from './usage-24h.js';

/**
 * Loads a key as the caller sees it: 404 when they may not read it (another tenant's, or a colleague's
 * for a non-admin), and tells whether the caller owns it.
 */
export async function visibleKey(ctx: ServiceContext, trx: Trx, access: TenantAccess, keyId: string) {
  // Locked (PostgreSQL) until the write ends: concurrent revokes or rotations of one key see each other.
  const row = await ctx.store.forUpdate(trx.selectFrom('api_keys').selectAll().where('id', '=', keyId)
    .where('tenant_id', '=', access.tenant.id)).executeTakeFirst();
  const isOwner = !!row && row.owner_id === access.principal.user.id;
  if (!row || (!isOwner && !access.isAdmin)) throw notFound('key');
  return { row, isOwner };
}


/** A key as the contract shows it, read inside a write (its tenant's settings give the policy facts). */
export async function readKey(trx: Trx, keyId: string, now: Date): Promise<KeyView> {
  const row = await selectKeys(trx).innerJoin('tenants', 'tenants.id', 'api_keys.tenant_id')
    .select('tenants.settings as tenant_settings').where('api_keys.id', '=', keyId).executeTakeFirstOrThrow();
  return toKeyView(row, now, parseSettings(row.tenant_settings), (await usage24hOf(trx, [keyId], now)).get(keyId) ?? 0);
}
