// Resources: the tenant's tree (accounts, folders, buildings, databases…) that key scopes point at.
import { sql } from 'kysely';
import { fieldInvalid, inUse, nameTaken, notFound } from '../errors.js';
import { newId } from '../domain/ids.js';
import type { Scope } from '../domain/scopes.js';
import { appendEvents, type Origin } from '../audit/events.js';
import type { ServiceContext } from './context.js';
import { assertKeyPermission, assertTenantAdmin, tenantAccess, type Principal } from './access.js';
import { toResourceView } from './views.js';
import { assertDepthAllowed, assertTypeAllowed } from '../domain/resource-types.js';
import { escapeLike, type Page } from './paging.js';
import { ResourceTree } from './resource-tree.js';
import { assertUnderQuota } from './quotas.js';
import { lockedSettings } from './tenant-lock.js';
import { resourceAncestry, subtreeHeight } from '../store/reads/resource-ancestry.js';
import type { ResourceTable } from '../store/schema.js';
import type { Trx } from '../store/store.js';

export interface NewResource {
  type: string;
  name: string;
  parentId?: string | null;
}

export interface ResourcePatch {
  name?: string;
  parentId?: string | null;
}

type ResourceView = ReturnType<typeof toResourceView>;

/** The tenant's resources in tree order, paged by a cursor that names a position (resource-tree.ts). */
export async function listResources(
  ctx: ServiceContext, principal: Principal, tenantId: string, query: { limit: number; cursor?: string },
): Promise<Page<ResourceView>> {
  const access = await tenantAccess(ctx.store.db, principal, tenantId);
  assertKeyPermission(access, 'read');
  const tree = new ResourceTree(await ctx.store.db.selectFrom('resources').selectAll().where('tenant_id', '=', tenantId).execute());
  const start = query.cursor ? tree.startAfter(query.cursor) : 0;
  const page = tree.ordered.slice(start, start + query.limit);
  const more = start + query.limit < tree.ordered.length;
  return { items: page.map(toResourceView), nextCursor: more ? tree.cursorAt(page[page.length - 1]) : null };
}

async function findResource(trx: Trx, tenantId: string, id: string) {
  return trx.selectFrom('resources').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

async function assertNameFree(trx: Trx, tenantId: string, parentId: string | null, name: string, exceptId?: string) {
  const clash = await trx.selectFrom('resources').select('id')
    .where('tenant_id', '=', tenantId).where('parent_key', '=', parentId ?? '').where('name_lc', '=', name.toLowerCase())
    .$if(exceptId !== undefined, (qb) => qb.where('id', '!=', exceptId!)).executeTakeFirst();
  if (clash) throw nameTaken('resource');
}

async function findParent(trx: Trx, tenantId: string, parentId: string): Promise<ResourceTable> {
  const parent = await findResource(trx, tenantId, parentId);
  if (!parent) throw fieldInvalid('/parentId', 'is not a resource of this tenant');
  return parent;
}

export async function createResource(
  ctx: ServiceContext, principal: Principal, tenantId: string, input: NewResource, origin: Origin,
) {
  assertTenantAdmin(await tenantAccess(ctx.store.db, principal, tenantId));
  return ctx.store.write(async (trx, changed) => {
    // Locks the tenant row, which serializes a tenant's resource writes (PostgreSQL; SQLite has one
    // writer): two moves cannot build a cycle, two creates cannot race past the name check.
    const settings = await assertUnderQuota(ctx, trx, tenantId, 'resources');
    const parentId = input.parentId ?? null;
    const parent = parentId === null ? null : await findParent(trx, tenantId, parentId);
    assertTypeAllowed(settings.resourceTypes, parent?.type ?? null, input.type, '/type');
    if (parentId !== null) assertDepthAllowed(await depthOf(trx, tenantId, parentId) + 1, '/parentId');
    await assertNameFree(trx, tenantId, parentId, input.name);
    const now = ctx.now().toISOString();
    const row: ResourceTable = {
      id: newId('res'), tenant_id: tenantId, type: input.type, name: input.name, name_lc: input.name.toLowerCase(),
      parent_id: parentId, parent_key: parentId ?? '', created_at: now, updated_at: now,
    };
    await trx.insertInto('resources').values(row).execute();
    await appendEvents(ctx.store, trx, origin, [{
      tenantId, type: 'resource.created', details: { resourceId: row.id, type: row.type, name: row.name, parentId },
    }]);
    changed({ kind: 'resource', tenantId, subjectId: row.id });
    return toResourceView(row);
  });
}

/** A resource's depth: 1 at the root. */
async function depthOf(trx: Trx, tenantId: string, resourceId: string): Promise<number> {
  return (await resourceAncestry(trx, tenantId, resourceId))?.length ?? 0;
}

/** True when `candidate` is `resourceId` itself or lies below it. */
async function isSelfOrDescendant(trx: Trx, tenantId: string, resourceId: string, candidate: string): Promise<boolean> {
  return (await resourceAncestry(trx, tenantId, candidate))?.includes(resourceId) ?? false;
}

export async function updateResource(
  ctx: ServiceContext, principal: Principal, tenantId: string, resourceId: string, patch: ResourcePatch, origin: Origin,
) {
  assertTenantAdmin(await tenantAccess(ctx.store.db, principal, tenantId));
  return ctx.store.write(async (trx, changed) => {
    const settings = await lockedSettings(ctx, trx, tenantId); // the tree's lock (createResource)
    const current = await findResource(trx, tenantId, resourceId);
    if (!current) throw notFound('resource');
    const parentId = patch.parentId === undefined ? current.parent_id : patch.parentId;
    const name = patch.name ?? current.name;
    if (parentId !== current.parent_id) {
      const parent = parentId === null ? null : await findParent(trx, tenantId, parentId);
      if (parentId !== null && await isSelfOrDescendant(trx, tenantId, resourceId, parentId)) {
        throw fieldInvalid('/parentId', 'would move the resource under itself');
      }
      // A move is checked against the rule; a rename is not (the rule leaves existing resources alone).
      assertTypeAllowed(settings.resourceTypes, parent?.type ?? null, current.type, '/parentId');
      const parentDepth = parentId === null ? 0 : await depthOf(trx, tenantId, parentId);
      assertDepthAllowed(parentDepth + 1 + await subtreeHeight(trx, tenantId, resourceId), '/parentId');
    }
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (name !== current.name) changes.name = { from: current.name, to: name };
    if (parentId !== current.parent_id) changes.parentId = { from: current.parent_id, to: parentId };
    // Nothing to change: answer the resource as it is, and record nothing.
    if (Object.keys(changes).length === 0) return toResourceView(current);
    await assertNameFree(trx, tenantId, parentId, name, resourceId);
    const set = {
      name, name_lc: name.toLowerCase(), parent_id: parentId, parent_key: parentId ?? '', updated_at: ctx.now().toISOString(),
    };
    await trx.updateTable('resources').set(set).where('id', '=', resourceId).execute();
    await appendEvents(ctx.store, trx, origin, [{ tenantId, type: 'resource.updated', details: { resourceId, changes } }]);
    // A moved resource changes which keys cover it.
    changed({ kind: 'resource', tenantId, subjectId: resourceId });
    return toResourceView({ ...current, ...set });
  });
}

/** Is the resource named in any key's scopes (revoked and expired keys included: they are kept as records)? */
async function isInAnyScope(trx: Trx, tenantId: string, resourceId: string): Promise<boolean> {
  // The LIKE narrows the candidates in the database; parsing the scopes decides.
  const keys = await trx.selectFrom('api_keys').select('scopes').where('tenant_id', '=', tenantId)
    .where(sql<boolean>`${sql.ref('scopes')} like ${`%${escapeLike(resourceId)}%`} escape '\\'`).execute();
  return keys.some((k) => (JSON.parse(k.scopes) as Scope[]).some((s) => s.resourceId === resourceId));
}

export async function deleteResource(
  ctx: ServiceContext, principal: Principal, tenantId: string, resourceId: string, origin: Origin,
): Promise<void> {
  assertTenantAdmin(await tenantAccess(ctx.store.db, principal, tenantId));
  await ctx.store.write(async (trx, changed) => {
    await lockedSettings(ctx, trx, tenantId); // the tree's lock (createResource)
    const current = await findResource(trx, tenantId, resourceId);
    if (!current) throw notFound('resource');
    const child = await trx.selectFrom('resources').select('id')
      .where('tenant_id', '=', tenantId).where('parent_id', '=', resourceId).limit(1).executeTakeFirst();
    if (child) throw inUse('The resource has child resources; move or delete them first.');
    if (await isInAnyScope(trx, tenantId, resourceId)) throw inUse('The resource is in the scope of an API key.');
    await trx.deleteFrom('resources').where('id', '=', resourceId).execute();
    await appendEvents(ctx.store, trx, origin, [{
      tenantId, type: 'resource.deleted',
      details: { resourceId, type: current.type, name: current.name, parentId: current.parent_id },
    }]);
    changed({ kind: 'resource', tenantId, subjectId: resourceId });
  });
}
