import { describe, expect, it } from 'vitest';
import {
  coveringTargets, DEFAULT_SCOPES, hasTenantWideScope, includesPermission, normalizeScopes, PERMISSIONS, scopesCover, scopesWithin,
  type Permission, type Scope,
} from './scopes.js';

// A small tree:  acme ─┬─ finance ── ledger
//                      └─ hr
//                 other
const PARENT: Record<string, string | null> = { acme: null, finance: 'acme', ledger: 'finance', hr: 'acme', other: null };
const ancestryOf = (id: string): string[] | null => {
  if (!(id in PARENT)) return null;
  const chain: string[] = [];
  for (let at: string | null = id; at !== null; at = PARENT[at]) chain.push(at);
  return chain;
};
const scope = (resourceId: string | null, permission: Permission): Scope => ({ resourceId, permission });

describe('permissions', () => {
  it('orders admin above write above read', () => {
    expect(PERMISSIONS).toEqual(['read', 'write', 'admin']);
    const grid = PERMISSIONS.map((granted) => PERMISSIONS.map((wanted) => includesPermission(granted, wanted)));
    expect(grid).toEqual([
      [true, false, false],
      [true, true, false],
      [true, true, true],
    ]);
  });
});

describe('coveringTargets', () => {
  it('names the whole tenant, the resource and each of its ancestors, nearest first', () => {
    expect(coveringTargets(ancestryOf('ledger'))).toEqual([null, 'ledger', 'finance', 'acme']);
    expect(coveringTargets(null)).toEqual([null]);
  });
});

describe('scopesCover', () => {
  it('covers the scoped resource and every descendant, but not its parent or siblings', () => {
    const scopes = [scope('finance', 'read')];
    expect(scopesCover(scopes, ancestryOf('finance'), 'read')).toBe(true);
    expect(scopesCover(scopes, ancestryOf('ledger'), 'read')).toBe(true);
    expect(scopesCover(scopes, ancestryOf('acme'), 'read')).toBe(false);
    expect(scopesCover(scopes, ancestryOf('hr'), 'read')).toBe(false);
    expect(scopesCover(scopes, ancestryOf('other'), 'read')).toBe(false);
  });

  it('grants no more than the scope permission on a covered resource', () => {
    const scopes = [scope('acme', 'write')];
    expect(scopesCover(scopes, ancestryOf('ledger'), 'write')).toBe(true);
    expect(scopesCover(scopes, ancestryOf('ledger'), 'admin')).toBe(false);
  });

  it('lets a tenant-wide scope cover every resource and the tenant itself', () => {
    const scopes = [scope(null, 'read')];
    for (const id of Object.keys(PARENT)) expect(scopesCover(scopes, ancestryOf(id), 'read')).toBe(true);
    expect(scopesCover(scopes, null, 'read')).toBe(true);
    expect(scopesCover(scopes, null, 'write')).toBe(false);
  });

  it('does not let a resource scope answer a tenant-wide question', () => {
    expect(scopesCover([scope('acme', 'admin')], null, 'read')).toBe(false);
  });

  it('combines scopes: any one that covers with enough permission suffices', () => {
    const scopes = [scope('hr', 'admin'), scope('acme', 'read')];
    expect(scopesCover(scopes, ancestryOf('hr'), 'admin')).toBe(true);
    expect(scopesCover(scopes, ancestryOf('ledger'), 'read')).toBe(true);
    expect(scopesCover(scopes, ancestryOf('ledger'), 'write')).toBe(false);
  });

  it('covers nothing with no scopes', () => {
    expect(scopesCover([], ancestryOf('acme'), 'read')).toBe(false);
  });
});

describe('scopesWithin', () => {
  it('accepts equal scopes and narrower ones: a descendant or a lower permission', () => {
    const outer = [scope('acme', 'write')];
    expect(scopesWithin(outer, outer, ancestryOf)).toBe(true);
    expect(scopesWithin([scope('ledger', 'write')], outer, ancestryOf)).toBe(true);
    expect(scopesWithin([scope('hr', 'read'), scope('finance', 'write')], outer, ancestryOf)).toBe(true);
  });

  it('refuses a higher permission, an ancestor, an unrelated resource or the whole tenant', () => {
    const outer = [scope('finance', 'write')];
    expect(scopesWithin([scope('finance', 'admin')], outer, ancestryOf)).toBe(false);
    expect(scopesWithin([scope('acme', 'read')], outer, ancestryOf)).toBe(false);
    expect(scopesWithin([scope('hr', 'read')], outer, ancestryOf)).toBe(false);
    expect(scopesWithin([scope(null, 'read')], outer, ancestryOf)).toBe(false);
  });

  it('refuses a resource the tree does not know, unless the outer scopes are tenant-wide', () => {
    expect(scopesWithin([scope('ghost', 'read')], [scope('acme', 'admin')], ancestryOf)).toBe(false);
    expect(scopesWithin([scope('ghost', 'read')], [scope(null, 'read')], ancestryOf)).toBe(true);
  });

  it('refuses when only one of several inner scopes falls outside', () => {
    expect(scopesWithin([scope('ledger', 'read'), scope('other', 'read')], [scope('acme', 'admin')], ancestryOf)).toBe(false);
  });

  it('lets a tenant-wide scope contain anything up to its permission', () => {
    const outer = [scope(null, 'write')];
    expect(scopesWithin([scope(null, 'write'), scope('ledger', 'write')], outer, ancestryOf)).toBe(true);
    expect(scopesWithin([scope('ledger', 'admin')], outer, ancestryOf)).toBe(false);
  });
});

describe('hasTenantWideScope', () => {
  it('needs a null resource with at least the wanted permission', () => {
    expect(hasTenantWideScope([scope(null, 'admin')], 'write')).toBe(true);
    expect(hasTenantWideScope([scope(null, 'read')], 'write')).toBe(false);
    expect(hasTenantWideScope([scope('acme', 'admin')], 'read')).toBe(false);
  });

  it('makes the default scopes tenant-wide read and nothing more', () => {
    expect(DEFAULT_SCOPES).toEqual([{ resourceId: null, permission: 'read' }]);
    expect(hasTenantWideScope(DEFAULT_SCOPES, 'read')).toBe(true);
    expect(hasTenantWideScope(DEFAULT_SCOPES, 'write')).toBe(false);
  });
});

describe('normalizeScopes', () => {
  it('drops repeated pairs and keeps the first-seen order', () => {
    const input = [scope('hr', 'read'), scope(null, 'read'), scope('hr', 'read'), scope('hr', 'write')];
    expect(normalizeScopes(input)).toEqual([scope('hr', 'read'), scope(null, 'read'), scope('hr', 'write')]);
  });

  it('copies only the scope fields', () => {
    const extra = { resourceId: 'hr', permission: 'read', note: 'x' } as Scope;
    expect(normalizeScopes([extra])).toEqual([{ resourceId: 'hr', permission: 'read' }]);
  });
});
