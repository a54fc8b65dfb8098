// The tenant's resources as a searchable tree (account > folder > building > database …), shared
// by the Resources page and the scope picker. The API lists resources flat, in tree order
// (depth-first, siblings by name), so the tree is that list with each item's depth: an ARIA tree of
// one level of list items carrying aria-level, with the arrow keys moving between them.
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Resource } from '../api/types';
import '../flows.css';

/** The Madaster words for the known types, in the chosen language; any other type as it is. */
export function typeLabel(t: TFunction, type: string): string {
  return t(`flows.types.${type}`, { defaultValue: type });
}

export interface TreeEntry {
  resource: Resource;
  depth: number;
  /** Ids from the root down to the resource's parent. */
  ancestors: string[];
}

/** The entries in tree order; a resource whose parent is missing counts as a root. */
export function treeEntries(resources: readonly Resource[]): TreeEntry[] {
  const byId = new Map(resources.map((r) => [r.id, r]));
  return resources.map((resource) => {
    const ancestors: string[] = [];
    const seen = new Set([resource.id]);
    for (let at = resource.parentId ? byId.get(resource.parentId) : undefined; at && !seen.has(at.id); at = at.parentId ? byId.get(at.parentId) : undefined) {
      seen.add(at.id);
      ancestors.unshift(at.id);
    }
    return { resource, depth: ancestors.length, ancestors };
  });
}

/** Does a resource sit directly below this one? (It then cannot be deleted: IN_USE.) */
export function hasChildren(resources: readonly Resource[], id: string): boolean {
  return resources.some((r) => r.parentId === id);
}

/** "Acme › Projects › Tower": where a resource sits. */
export function pathOf(resources: readonly Resource[], id: string): string {
  const entry = treeEntries(resources).find((e) => e.resource.id === id);
  if (!entry) return id;
  const byId = new Map(resources.map((r) => [r.id, r.name]));
  return [...entry.ancestors.map((a) => byId.get(a) ?? a), entry.resource.name].join(' › ');
}

/** Entries whose name or type (as shown) contains the search, with their ancestors for context. */
export function filterEntries(entries: TreeEntry[], search: string, t: TFunction): TreeEntry[] {
  const needle = search.trim().toLocaleLowerCase();
  if (!needle) return entries;
  const matches = (e: TreeEntry) =>
    e.resource.name.toLocaleLowerCase().includes(needle) || typeLabel(t, e.resource.type).toLocaleLowerCase().includes(needle);
  const keep = new Set<string>();
  for (const e of entries) {
    if (matches(e)) {
      keep.add(e.resource.id);
      e.ancestors.forEach((a) => keep.add(a));
    }
  }
  return entries.filter((e) => keep.has(e.resource.id));
}

interface ResourceTreeProps {
  resources: readonly Resource[];
  /** The tree's accessible name. */
  label: string;
  /** The search box's label; also filters the tree. */
  searchLabel: string;
  searchPlaceholder?: string;
  selectedId?: string | null;
  /** Offers "Whole tenant" as the first item (selected as null): for scopes. */
  withTenant?: boolean;
  onSelect(id: string | null): void;
}

export function ResourceTree({ resources, label, searchLabel, searchPlaceholder, selectedId, withTenant, onSelect }: ResourceTreeProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [focused, setFocused] = useState(0);
  const list = useRef<HTMLUListElement>(null);
  const searchId = useId();
  const entries = filterEntries(treeEntries(resources), search, t);
  const items: { id: string | null; name: string; type: string | null; depth: number }[] = [
    ...(withTenant && !search.trim() ? [{ id: null, name: t('flows.tree.wholeTenant'), type: null, depth: 0 }] : []),
    ...entries.map((e) => ({ id: e.resource.id, name: e.resource.name, type: e.resource.type, depth: e.depth + (withTenant ? 1 : 0) })),
  ];
  const current = Math.min(focused, Math.max(items.length - 1, 0));

  function move(event: KeyboardEvent<HTMLUListElement>) {
    const keys: Record<string, number> = { ArrowDown: current + 1, ArrowUp: current - 1, Home: 0, End: items.length - 1 };
    if (event.key in keys) {
      event.preventDefault();
      const next = Math.max(0, Math.min(items.length - 1, keys[event.key]));
      setFocused(next);
      list.current?.querySelectorAll<HTMLElement>('[role="treeitem"]')[next]?.focus();
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      if (items[current]) onSelect(items[current].id);
    }
  }

  return (
    <div className="resource-tree">
      <label className="field" htmlFor={searchId}>
        <span className="field-label">{searchLabel}</span>
      </label>
      <input id={searchId} className="input" type="search" value={search} placeholder={searchPlaceholder} onChange={(e) => setSearch(e.target.value)} />
      {items.length === 0 ? (
        <p className="empty">{t('flows.tree.noMatch')}</p>
      ) : (
        <ul className="tree" role="tree" aria-label={label} ref={list} onKeyDown={move}>
          {items.map((item, index) => (
            <li
              key={item.id ?? ''}
              role="treeitem"
              aria-level={item.depth + 1}
              aria-selected={selectedId !== undefined ? item.id === selectedId : undefined}
              tabIndex={index === current ? 0 : -1}
              className="tree-item"
              onFocus={() => setFocused(index)}
              style={{ paddingLeft: `${0.5 + item.depth * 1.25}rem` }}
              onClick={() => {
                setFocused(index);
                onSelect(item.id);
              }}
            >
              <span className="tree-name">{item.name}</span>
              {item.type !== null && <span className="tree-type"> ({typeLabel(t, item.type)})</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
