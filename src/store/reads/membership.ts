// A member's facts in a tenant, read in one place for access checks, key policy and the verifier.
import { sql } from 'kysely';
import type { MembershipFacts } from '../../domain/roles.js';
import type { Db, Store, Trx } from '../store.js';
import { parseRoles } from '../../services/views.js';

export interface MemberFacts extends MembershipFacts {
  /** The user is disabled by a platform admin (their keys answer DISABLED). */
  userDisabled: boolean;
}

/**
 * The membership of `userId` in `tenantId`, or null. With `lockWith` the membership row stays
 * locked until the transaction ends (PostgreSQL); the user's flag comes from a subquery, so that
 * the user row is not locked too (DESIGN's lock order has no place for it).
 */
export async function readMembership(
  db: Db | Trx, tenantId: string, userId: string, lockWith?: Store,
): Promise<MemberFacts | null> {
  const query = db.selectFrom('memberships').select(['roles', 'licensed'])
    .select(sql<number>`(select disabled from users where users.id = memberships.user_id)`.as('user_disabled'))
    .where('tenant_id', '=', tenantId).where('user_id', '=', userId);
  const row = await (lockWith ? lockWith.forUpdate(query) : query).executeTakeFirst();
  return row ? { roles: parseRoles(row.roles), licensed: Number(row.licensed) === 1, userDisabled: Number(row.user_disabled) === 1 } : null;
}
