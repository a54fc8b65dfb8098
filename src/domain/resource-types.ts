// The tenant's resource-type rule (settings.resourceTypes, DESIGN v1.1 "Tenant policies"): which
// types may stand at the root and under each type. Checked when a resource is created or moved;
// setting the rule does not touch resources that already exist.
import { fieldInvalid } from '../errors.js';

/** A resource type: a lowercase word (account, folder, building, database, or any other). */
export const RESOURCE_TYPE_PATTERN = '^[a-z][a-z0-9_-]{0,31}$';

/**
 * How deep a resource may stand (a root is at depth 1). Account > folder > building > database is
 * 4; folders nest. The bound keeps the work of a listing, a key's scope check and a verification's
 * ancestry small, whatever shape a tenant admin gives the tree.
 */
export const MAX_RESOURCE_DEPTH = 32;

/** Refuses a resource that would stand deeper than MAX_RESOURCE_DEPTH (its deepest descendant, for a move). */
export function assertDepthAllowed(depth: number, field: string): void {
  if (depth > MAX_RESOURCE_DEPTH) throw fieldInvalid(field, `would place a resource ${depth} levels deep; at most ${MAX_RESOURCE_DEPTH} are allowed`);
}

/** The key that stands for the root of the tree. */
export const ROOT_TYPE = '';

/** From a type (or `""` for the root) to the types allowed right under it; a type not listed may have no children. */
export type ResourceTypeRules = Record<string, string[]>;

/** The rule of the Madaster seed, offered as a preset in the console: account > folder > building > database. */
export const MADASTER_TYPES: Readonly<ResourceTypeRules> = Object.freeze({
  [ROOT_TYPE]: ['account'], account: ['folder'], folder: ['building'], building: ['database'],
});

/** The types allowed under `parentType` (null: at the root). */
export function allowedChildTypes(rules: ResourceTypeRules, parentType: string | null): readonly string[] {
  const under = parentType ?? ROOT_TYPE;
  // hasOwn: a type named like an Object property ("constructor") is just a word here.
  return Object.hasOwn(rules, under) ? rules[under] : [];
}

const listed = (types: readonly string[]) => (types.length === 0 ? 'no types' : types.join(', '));

/**
 * Refuses a resource of `type` under a parent of `parentType` (null: a root) when the tenant's rule
 * does not allow it; `field` is the JSON Pointer the refusal names (`/type` on create, `/parentId` on a move).
 * No rule (null) allows everything.
 */
export function assertTypeAllowed(rules: ResourceTypeRules | null, parentType: string | null, type: string, field: string): void {
  if (rules === null) return;
  const allowed = allowedChildTypes(rules, parentType);
  if (allowed.includes(type)) return;
  throw fieldInvalid(field, parentType === null
    ? `the tenant's resource types do not allow type ${type} at the root (allowed there: ${listed(allowed)})`
    : `the tenant's resource types do not allow type ${type} under type ${parentType} (allowed there: ${listed(allowed)})`);
}

const isTypeName = (name: string) => new RegExp(RESOURCE_TYPE_PATTERN).test(name);

/** The schema checks the lists; the names of the map (a type, or `""` for the root) are checked here. */
export function assertValidResourceTypes(rules: ResourceTypeRules | null | undefined): void {
  if (!rules) return;
  for (const name of Object.keys(rules)) {
    if (name !== ROOT_TYPE && !isTypeName(name)) {
      const pointer = `/resourceTypes/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      throw fieldInvalid(pointer, 'must be "" (the root) or a resource type: a lowercase word of at most 32 letters, digits, - or _');
    }
  }
}
