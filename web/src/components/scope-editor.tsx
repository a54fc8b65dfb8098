// Optional scopes on the resource tree, each with a permission level.
import { useTranslation } from 'react-i18next';
import type { Permission, Resource, Scope } from '../api/types';

const PERMISSIONS: Permission[] = ['read', 'write', 'admin'];

/** Resources come in tree order; their depth gives the indentation in the list. */
function depths(resources: Resource[]): Map<string, number> {
  const byId = new Map(resources.map((r) => [r.id, r]));
  const depth = new Map<string, number>();
  const of = (r: Resource): number => {
    const known = depth.get(r.id);
    if (known !== undefined) return known;
    const parent = r.parentId ? byId.get(r.parentId) : undefined;
    const value = parent ? of(parent) + 1 : 0;
    depth.set(r.id, value);
    return value;
  };
  resources.forEach(of);
  return depth;
}

interface ScopeEditorProps {
  resources: Resource[];
  scopes: Scope[];
  onChange(scopes: Scope[]): void;
}

export function ScopeEditor({ resources, scopes, onChange }: ScopeEditorProps) {
  const { t } = useTranslation();
  const depth = depths(resources);
  const update = (index: number, patch: Partial<Scope>) =>
    onChange(scopes.map((scope, i) => (i === index ? { ...scope, ...patch } : scope)));

  return (
    <fieldset className="fieldset">
      <legend>{t('scopes.legend')}</legend>
      <p className="hint">{t('scopes.hint')}</p>
      {scopes.map((scope, index) => (
        <div className="scope-row" key={index}>
          <label className="field">
            <span className="field-label">{t('scopes.resource', { n: index + 1 })}</span>
            <select className="input" value={scope.resourceId ?? ''} onChange={(e) => update(index, { resourceId: e.target.value || null })}>
              <option value="">{t('scopes.wholeTenant')}</option>
              {resources.map((r) => (
                <option key={r.id} value={r.id}>
                  {'\u00a0\u00a0'.repeat(depth.get(r.id) ?? 0)}
                  {r.name} ({t(`resourceType.${r.type}`, { defaultValue: r.type })})
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t('scopes.permission', { n: index + 1 })}</span>
            <select className="input" value={scope.permission} onChange={(e) => update(index, { permission: e.target.value as Permission })}>
              {PERMISSIONS.map((p) => (
                <option key={p} value={p}>
                  {t(`permission.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button button-ghost" onClick={() => onChange(scopes.filter((_, i) => i !== index))}>
            {t('scopes.remove', { n: index + 1 })}
          </button>
        </div>
      ))}
      <button type="button" className="button button-small" onClick={() => onChange([...scopes, { resourceId: null, permission: 'read' }])}>
        {t('scopes.add')}
      </button>
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
