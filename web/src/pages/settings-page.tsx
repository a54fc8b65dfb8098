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
  watchUse: boolean;
  excessiveUsePerMinute: string;
  autoRevokeOnExcessiveUse: boolean;
  expiryReminderDays: string;
}

type Problems = Partial<Record<'maxExpiryDays' | 'maxActiveKeysPerUser' | 'excessiveUsePerMinute' | 'expiryReminderDays', string>>;

const isWhole = (text: string, min: number, max: number) => /^\d+$/.test(text.trim()) && Number(text) >= min && Number(text) <= max;

function draftOf(settings: TenantSettings): Draft {
  return {
    apiKeysEnabled: settings.apiKeysEnabled,
    limitExpiry: settings.maxExpiryDays !== null,
    maxExpiryDays: settings.maxExpiryDays === null ? '' : String(settings.maxExpiryDays),
    maxActiveKeysPerUser: String(settings.maxActiveKeysPerUser),
    watchUse: settings.excessiveUsePerMinute != null,
    excessiveUsePerMinute: settings.excessiveUsePerMinute == null ? '' : String(settings.excessiveUsePerMinute),
    autoRevokeOnExcessiveUse: settings.autoRevokeOnExcessiveUse ?? false,
    expiryReminderDays: String(settings.expiryReminderDays ?? 7),
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
    if (d.watchUse && !isWhole(d.excessiveUsePerMinute, 1, 10_000_000)) found.excessiveUsePerMinute = t('settings.badExcessive');
    if (!isWhole(d.expiryReminderDays, 0, 365)) found.expiryReminderDays = t('settings.badReminder');
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
        excessiveUsePerMinute: draft.watchUse ? Number(draft.excessiveUsePerMinute) : null,
        autoRevokeOnExcessiveUse: draft.watchUse && draft.autoRevokeOnExcessiveUse,
        expiryReminderDays: Number(draft.expiryReminderDays),
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

          <fieldset className="fieldset">
            <legend>{t('settings.alertsLegend')}</legend>
            <label className="check">
              <input type="checkbox" checked={draft.watchUse} onChange={(e) => set({ watchUse: e.target.checked, excessiveUsePerMinute: draft.excessiveUsePerMinute || '1000' })} />
              {t('settings.watchUse')}
            </label>
            {draft.watchUse && (
              <>
                <label className="field">
                  <span className="field-label">{t('settings.excessiveUsePerMinute')}</span>
                  <input
                    id="setting-excessiveUsePerMinute"
                    className="input input-number"
                    type="number"
                    inputMode="numeric"
                    min={1}
                    value={draft.excessiveUsePerMinute}
                    onChange={(e) => set({ excessiveUsePerMinute: e.target.value })}
                    aria-invalid={!!problems.excessiveUsePerMinute}
                    aria-describedby={problems.excessiveUsePerMinute ? 'excessive-problem' : undefined}
                  />
                </label>
                {problems.excessiveUsePerMinute && <p className="field-error" id="excessive-problem">{problems.excessiveUsePerMinute}</p>}
                <label className="check">
                  <input type="checkbox" checked={draft.autoRevokeOnExcessiveUse} onChange={(e) => set({ autoRevokeOnExcessiveUse: e.target.checked })} />
                  {t('settings.autoRevoke')}
                </label>
              </>
            )}
            <label className="field">
              <span className="field-label">{t('settings.expiryReminderDays')}</span>
              <input
                id="setting-expiryReminderDays"
                className="input input-number"
                type="number"
                inputMode="numeric"
                min={0}
                max={365}
                value={draft.expiryReminderDays}
                onChange={(e) => set({ expiryReminderDays: e.target.value })}
                aria-invalid={!!problems.expiryReminderDays}
                aria-describedby={problems.expiryReminderDays ? 'reminder-problem reminder-hint' : 'reminder-hint'}
              />
            </label>
            {problems.expiryReminderDays && <p className="field-error" id="reminder-problem">{problems.expiryReminderDays}</p>}
            <p className="hint" id="reminder-hint">{t('settings.reminderHint')}</p>
          </fieldset>

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
