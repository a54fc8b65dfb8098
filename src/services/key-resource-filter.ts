// The key list's `resource` filter: the keys with a scope that covers a resource, that is a scope on
// the resource, on one of its ancestors or on the whole tenant (domain/scopes.ts `coveringTargets`,
// the same definition the checks in code use), decided in SQL so that paging and sorting stay in
// the database.
import { sql, type Expression, type SqlBool } from 'kysely';
import { fieldInvalid } from '../errors.js';
import { coveringTargets } from '../domain/scopes.js';
import { resourceAncestry } from '../store/reads/resource-ancestry.js';
import type { Db } from '../store/store.js';
import { escapeLike } from './paging.js';

/**
 * A key's scopes are stored as the JSON text `JSON.stringify` writes, so a scope naming a target
 * holds exactly the text `"resourceId":<that target in JSON>`. Matching that text is exact on both
 * databases without their (different) JSON functions; ids are lower-case, so SQLite's
 * case-insensitive LIKE cannot match another id.
 */
function namesTarget(target: string | null): Expression<SqlBool> {
  const text = JSON.stringify({ resourceId: target }).slice(1, -1);
  return sql<SqlBool>`api_keys.scopes like ${`%${escapeLike(text)}%`} escape '\\'`;
}

/** The condition on `api_keys` rows; a resource outside the tenant is a 400 on `/resource`. */
export async function keysCoveringResource(db: Db, tenantId: string, resourceId: string): Promise<Expression<SqlBool>> {
  const ancestry = await resourceAncestry(db, tenantId, resourceId);
  if (!ancestry) throw fieldInvalid('/resource', 'is not a resource of this tenant');
  return sql<SqlBool>`(${sql.join(coveringTargets(ancestry).map(namesTarget), sql` or `)})`;
}
