// Management console → Settings: the tenant's key policy.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { TenantSettings } from '../api/types';
import { ErrorAlert } from '../components/error-alert';
import { Loading } from '../components/loading';
import { PageHeader } from '../components/page-header';
import { useAsync } from '../hooks';
import { useTenant } from '../session';

interface Draft {
  apiKeysEnabled: boolean;
  limitExpiry: boolean;
  maxExpiryDays: string;
  maxActiveKeysPerUser: string;
}

type Problems = Partial<Record<'maxExpiryDays' | 'maxActiveKeysPerUser', string>>;

const isWhole = (text: string, min: number, max: number) => /^\d+$/.test(text.trim()) && Number(text) >= min && Number(text) <= max;

function draftOf(settings: TenantSettings): Draft {
  return {
    apiKeysEnabled: settings.apiKeysEnabled,
    limitExpiry: settings.maxExpiryDays !== null,
    maxExpiryDays: settings.maxExpiryDays === null ? '' : String(settings.maxExpiryDays),
    maxActiveKeysPerUser: String(settings.maxActiveKeysPerUser),
  };
}

export function SettingsPage() {
  const { t } = useTranslation();
  const tenant = useTenant();
  const settings = useAsync(() => api.getSettings(tenant.tenantId), [tenant.tenantId]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (settings.data) setDraft(draftOf(settings.data));
  }, [settings.data]);

  function validate(d: Draft): Problems {
    const found: Problems = {};
    if (d.limitExpiry && !isWhole(d.maxExpiryDays, 1, 3650)) found.maxExpiryDays = t('settings.badExpiry');
    if (!isWhole(d.maxActiveKeysPerUser, 1, 1000)) found.maxActiveKeysPerUser = t('settings.badMaxKeys');
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    setSaved(false);
    setError(null);
    const found = validate(draft);
    setProblems(found);
    if (Object.keys(found).length) {
      document.getElementById(`setting-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const next = await api.updateSettings(tenant.tenantId, {
        apiKeysEnabled: draft.apiKeysEnabled,
        maxExpiryDays: draft.limitExpiry ? Number(draft.maxExpiryDays) : null,
        maxActiveKeysPerUser: Number(draft.maxActiveKeysPerUser),
      });
      setDraft(draftOf(next));
      setSaved(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const set = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft((d) => (d ? { ...d, ...patch } : d));
  };

  return (
    <>
      <PageHeader title={t('settings.title')} intro={t('settings.intro', { tenant: tenant.tenantName })} />
      {settings.loading && !settings.data && <Loading />}
      <ErrorAlert error={settings.error} onRetry={settings.reload} />
      {draft && (
        <form className="form card" onSubmit={submit} noValidate>
          <label className="check check-large">
            <input type="checkbox" checked={draft.apiKeysEnabled} onChange={(e) => set({ apiKeysEnabled: e.target.checked })} aria-describedby="enabled-hint" />
            {t('settings.enabled')}
          </label>
          <p className="hint" id="enabled-hint">{t('settings.enabledHint')}</p>

          <fieldset className="fieldset">
            <legend>{t('settings.expiryLegend')}</legend>
            <label className="check">
              <input type="checkbox" checked={draft.limitExpiry} onChange={(e) => set({ limitExpiry: e.target.checked, maxExpiryDays: draft.maxExpiryDays || '90' })} />
              {t('settings.limitExpiry')}
            </label>
            {draft.limitExpiry && (
              <label className="field">
                <span className="field-label">{t('settings.maxExpiryDays')}</span>
                <input
                  id="setting-maxExpiryDays"
                  className="input input-number"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={3650}
                  value={draft.maxExpiryDays}
                  onChange={(e) => set({ maxExpiryDays: e.target.value })}
                  aria-invalid={!!problems.maxExpiryDays}
                  aria-describedby={problems.maxExpiryDays ? 'expiry-problem expiry-hint' : 'expiry-hint'}
                />
              </label>
            )}
            {problems.maxExpiryDays && <p className="field-error" id="expiry-problem">{problems.maxExpiryDays}</p>}
            <p className="hint" id="expiry-hint">{t('settings.expiryHint')}</p>
          </fieldset>

          <label className="field">
            <span className="field-label">{t('settings.maxActiveKeysPerUser')}</span>
            <input
              id="setting-maxActiveKeysPerUser"
              className="input input-number"
              type="number"
              inputMode="numeric"
              min={1}
              max={1000}
              value={draft.maxActiveKeysPerUser}
              onChange={(e) => set({ maxActiveKeysPerUser: e.target.value })}
              aria-invalid={!!problems.maxActiveKeysPerUser}
              aria-describedby={problems.maxActiveKeysPerUser ? 'maxkeys-problem maxkeys-hint' : 'maxkeys-hint'}
            />
          </label>
          {problems.maxActiveKeysPerUser && <p className="field-error" id="maxkeys-problem">{problems.maxActiveKeysPerUser}</p>}
          <p className="hint" id="maxkeys-hint">{t('settings.maxKeysHint')}</p>

          <ErrorAlert error={error} />
          {saved && (
            <p className="alert alert-success" role="status">
              {t('settings.saved')}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? t('common.working') : t('settings.save')}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
