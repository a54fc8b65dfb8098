// The owner narrows a key's permissions: only choices that narrow are offered (a lower permission
// level, a resource further down, a scope removed, management switched off), since the API refuses
// any widening with 403 FORBIDDEN, and that refusal is said plainly if it comes anyway.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import type { ApiKey, KeyPatch, Permission, Resource } from '../api/types';
import { useSubmit } from '../hooks';
import { permissionChoices, resourceChoices, rowsOf, scopesChanged, type NarrowRow } from '../keys/narrowing';
import { Dialog } from './dialog';
import { DialogActions } from './dialog-actions';
import { ErrorAlert } from './error-alert';

interface NarrowKeyDialogProps {
  tenantId: string;
  apiKey: ApiKey;
  resources: Resource[];
  onSaved(key: ApiKey): void;
  onClose(): void;
}

export function NarrowKeyDialog({ tenantId, apiKey, resources, onSaved, onClose }: NarrowKeyDialogProps) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<NarrowRow[]>(() => rowsOf(apiKey.scopes));
  const [management, setManagement] = useState(apiKey.management);
  const byId = new Map(resources.map((r) => [r.id, r]));
  const label = (id: string | null) => {
    if (id === null) return t('scopes.wholeTenant');
    const r = byId.get(id);
    return r ? `${r.name} (${t(`resourceType.${r.type}`, { defaultValue: r.type })})` : id;
  };
  const changed = scopesChanged(rows, apiKey.scopes) || management !== apiKey.management;
  const { busy, error, submit } = useSubmit(() => {
    const patch: KeyPatch = {};
    if (scopesChanged(rows, apiKey.scopes)) patch.scopes = rows.map((r) => r.scope);
    if (!management && apiKey.management) patch.management = false;
    return api.updateKey(tenantId, apiKey.id, patch);
  }, onSaved);
  const refused = error instanceof ApiError && error.status === 403;
  const update = (index: number, scope: Partial<NarrowRow['scope']>) =>
    setRows((list) => list.map((row, i) => (i === index ? { ...row, scope: { ...row.scope, ...scope } } : row)));

  return (
    <Dialog title={t('console.narrow.title', { name: apiKey.name })} onClose={onClose} wide>
      <form className="form" onSubmit={submit}>
        <p>{t('console.narrow.explain')}</p>
        <fieldset className="fieldset">
          <legend>{t('scopes.legend')}</legend>
          {rows.map((row, index) => (
            <div className="scope-row" key={index}>
              <label className="field">
                <span className="field-label">{t('scopes.resource', { n: index + 1 })}</span>
                <select className="input" value={row.scope.resourceId ?? ''} onChange={(e) => update(index, { resourceId: e.target.value || null })}>
                  {resourceChoices(row.origin.resourceId, resources).map((id) => (
                    <option key={id ?? ''} value={id ?? ''}>{label(id)}</option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span className="field-label">{t('scopes.permission', { n: index + 1 })}</span>
                <select className="input" value={row.scope.permission} onChange={(e) => update(index, { permission: e.target.value as Permission })}>
                  {permissionChoices(row.origin.permission).map((p) => (
                    <option key={p} value={p}>{t(`permission.${p}`)}</option>
                  ))}
                </select>
              </label>
              <button type="button" className="button button-ghost" disabled={rows.length === 1} onClick={() => setRows((list) => list.filter((_, i) => i !== index))}>
                {t('scopes.remove', { n: index + 1 })}
              </button>
            </div>
          ))}
          <p className="hint">{t('console.narrow.keepOne')}</p>
        </fieldset>
        {apiKey.management && (
          <label className="check">
            <input type="checkbox" checked={management} onChange={(e) => setManagement(e.target.checked)} aria-describedby="narrow-management-hint" />
            {t('console.narrow.management')}
          </label>
        )}
        {apiKey.management && <p className="hint" id="narrow-management-hint">{t('console.narrow.managementHint')}</p>}
        {refused && (
          <p className="alert alert-error" role="alert">
            {t('console.narrow.refused')}
          </p>
        )}
        <ErrorAlert error={error} />
        <DialogActions submitLabel={t('console.narrow.submit')} busy={busy} disabled={!changed} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
