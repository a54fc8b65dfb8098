// Optional scopes on the resource tree, each with a permission level: the scopes chosen so far,
// and a searchable tree (resource-tree.tsx) to add one from.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission, Resource, Scope } from '../api/types';
import { pathOf, ResourceTree, typeLabel } from './resource-tree';

const PERMISSIONS: Permission[] = ['read', 'write', 'admin'];

interface ScopeEditorProps {
  resources: Resource[];
  scopes: Scope[];
  onChange(scopes: Scope[]): void;
}

export function ScopeEditor({ resources, scopes, onChange }: ScopeEditorProps) {
  const { t } = useTranslation();
  const [added, setAdded] = useState<string | null>(null);
  const nameOf = (id: string | null) => (id === null ? t('flows.tree.wholeTenant') : resources.find((r) => r.id === id)?.name ?? id);
  const describe = (id: string | null) => {
    const resource = id === null ? undefined : resources.find((r) => r.id === id);
    return resource ? `${pathOf(resources, resource.id)} (${typeLabel(t, resource.type)})` : nameOf(id);
  };
  const update = (index: number, patch: Partial<Scope>) =>
    onChange(scopes.map((scope, i) => (i === index ? { ...scope, ...patch } : scope)));
  function add(resourceId: string | null) {
    if (!scopes.some((s) => s.resourceId === resourceId)) onChange([...scopes, { resourceId, permission: 'read' }]);
    setAdded(t('flows.scopes.added', { name: nameOf(resourceId) }));
  }

  return (
    <fieldset className="fieldset">
      <legend>{t('flows.scopes.legend')}</legend>
      <p className="hint">{t('flows.scopes.hint')}</p>
      {scopes.length === 0 && <p className="hint">{t('flows.scopes.none')}</p>}
      <ul className="scope-picked">
        {scopes.map((scope, index) => (
          <li key={`${scope.resourceId ?? ''}-${index}`}>
            <span className="scope-target">{describe(scope.resourceId)}</span>
            <label className="field">
              <span className="field-label">{t('flows.scopes.permissionFor', { name: nameOf(scope.resourceId) })}</span>
              <select className="input" value={scope.permission} onChange={(e) => update(index, { permission: e.target.value as Permission })}>
                {PERMISSIONS.map((p) => (
                  <option key={p} value={p}>
                    {t(`permission.${p}`)}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="button button-small"
              aria-label={t('flows.scopes.removeFor', { name: nameOf(scope.resourceId) })}
              onClick={() => onChange(scopes.filter((_, i) => i !== index))}
            >
              {t('flows.scopes.remove')}
            </button>
          </li>
        ))}
      </ul>
      <ResourceTree
        resources={resources}
        label={t('flows.scopes.tree')}
        searchLabel={t('flows.scopes.find')}
        searchPlaceholder={t('flows.scopes.findPlaceholder')}
        withTenant
        onSelect={add}
      />
      <span className="visually-hidden" role="status" aria-live="polite">
        {added ?? ''}
      </span>
    </fieldset>
  );
}

export function ScopeList({ scopes, resources }: { scopes: Scope[]; resources?: Resource[] }) {
  const { t } = useTranslation();
  const name = (id: string | null) =>
    id === null ? t('scopes.wholeTenant') : resources?.find((r) => r.id === id)?.name ?? id;
  return (
    <ul className="scope-list">
      {scopes.map((scope, i) => (
        <li key={i}>
          <span className="chip">
            {name(scope.resourceId)}: {t(`permission.${scope.permission}`)}
          </span>
        </li>
      ))}
    </ul>
  );
}
