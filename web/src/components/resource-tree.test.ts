import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import type { Resource } from '../api/types';
import { filterEntries, hasChildren, pathOf, treeEntries, typeLabel } from './resource-tree';

const at = '2026-12-03T08:00:00.000Z';
const r = (id: string, name: string, type: string, parentId: string | null): Resource => ({ id, name, type, parentId, createdAt: at, updatedAt: at });
// In tree order, as the API lists them: Madaster > Amsterdam > Tower > Materials, and Zuid.
const RESOURCES = [
  r('res_a', 'Madaster', 'account', null),
  r('res_f', 'Amsterdam', 'folder', 'res_a'),
  r('res_b', 'Tower', 'building', 'res_f'),
  r('res_d', 'Materials', 'database', 'res_b'),
  r('res_z', 'Zuid', 'region', null),
];
const DUTCH: Record<string, string> = { 'flows.types.account': 'Account', 'flows.types.folder': 'Map', 'flows.types.building': 'Gebouw', 'flows.types.database': 'Database' };
const t = ((key: string, options?: { defaultValue?: string }) => DUTCH[key] ?? options?.defaultValue ?? key) as unknown as TFunction;

describe('the resource tree', () => {
  it('gives each resource its depth and its ancestors from the root', () => {
    expect(treeEntries(RESOURCES).map((e) => [e.resource.name, e.depth, e.ancestors])).toEqual([
      ['Madaster', 0, []], ['Amsterdam', 1, ['res_a']], ['Tower', 2, ['res_a', 'res_f']], ['Materials', 3, ['res_a', 'res_f', 'res_b']], ['Zuid', 0, []],
    ]);
  });

  it('treats a resource whose parent is not in the list as a root', () => {
    expect(treeEntries(RESOURCES.slice(2)).map((e) => e.depth)).toEqual([0, 1, 0]);
  });

  it('says where a resource sits and whether it has children', () => {
    expect(pathOf(RESOURCES, 'res_d')).toBe('Madaster › Amsterdam › Tower › Materials');
    expect(hasChildren(RESOURCES, 'res_b')).toBe(true);
    expect(hasChildren(RESOURCES, 'res_d')).toBe(false);
  });

  it('shows the Madaster types in the chosen language and other types as they are', () => {
    expect(['account', 'folder', 'building', 'database', 'region'].map((type) => typeLabel(t, type))).toEqual(['Account', 'Map', 'Gebouw', 'Database', 'region']);
  });

  it('filters by name or shown type in any case, keeping the ancestors of each match', () => {
    const names = (search: string) => filterEntries(treeEntries(RESOURCES), search, t).map((e) => e.resource.name);
    expect(names('TOWER')).toEqual(['Madaster', 'Amsterdam', 'Tower']);
    expect(names('gebouw')).toEqual(['Madaster', 'Amsterdam', 'Tower']);
    expect(names('zu')).toEqual(['Zuid']);
    expect(names('  ')).toHaveLength(5);
    expect(names('nothing')).toEqual([]);
  });
});
