import { describe, expect, it } from 'vitest';
import type { Resource } from '../api/types';
import { permissionChoices, resourceChoices, rowsOf, scopesChanged } from './narrowing';

const at = '2026-12-01T00:00:00.000Z';
const resource = (id: string, parentId: string | null): Resource =>
  ({ id, parentId, name: id, type: 'folder', tenantId: 'ten_1', createdAt: at, updatedAt: at }) as Resource;
// Tree order: a, a1, a1x, a2, b
const tree = [resource('a', null), resource('a1', 'a'), resource('a1x', 'a1'), resource('a2', 'a'), resource('b', null)];

describe('narrowing a key\u2019s scopes', () => {
  it('offers the granted permission and the lower ones only', () => {
    expect(permissionChoices('read')).toEqual(['read']);
    expect(permissionChoices('write')).toEqual(['read', 'write']);
    expect(permissionChoices('admin')).toEqual(['read', 'write', 'admin']);
  });

  it('offers the scope\u2019s resource and what lies below it, never a sibling or parent', () => {
    expect(resourceChoices('a1', tree)).toEqual(['a1', 'a1x']);
    expect(resourceChoices('a', tree)).toEqual(['a', 'a1', 'a1x', 'a2']);
    expect(resourceChoices('b', tree)).toEqual(['b']);
    expect(resourceChoices('not-loaded', tree)).toEqual(['not-loaded']);
  });

  it('offers every resource below a tenant-wide scope, the whole tenant first', () => {
    expect(resourceChoices(null, tree)).toEqual([null, 'a', 'a1', 'a1x', 'a2', 'b']);
  });

  it('sees a removed or lowered scope as a change, and an untouched list as none', () => {
    const original = [{ resourceId: null, permission: 'write' as const }, { resourceId: 'a', permission: 'read' as const }];
    const rows = rowsOf(original);
    expect(scopesChanged(rows, original)).toBe(false);
    expect(scopesChanged(rows.slice(1), original)).toBe(true);
    expect(scopesChanged([{ ...rows[0], scope: { resourceId: null, permission: 'read' } }, rows[1]], original)).toBe(true);
  });
});
