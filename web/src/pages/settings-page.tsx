// Management console → Settings: the tenant's key policy.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { TenantSettings } from '../api/types';
import { ErrorAlert } from '../components/error-alert';
import { Loading } from '../components/loading';
import { OwnKeysLink } from '../components/own-keys-link';
import { PageHeader } from '../components/page-header';
import { PoliciesSection } from '../components/policies-section';
import { TenantAllowedIps } from '../components/tenant-allowed-ips';
import { useAsync } from '../hooks';
import { useTenant } from '../session';
import { CurrentPeak } from '../components/current-peak';

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
          <OwnKeysLink />

          <fieldset className="fieldset">
            <legend>{t('settings.expiryLegend')}</legend>
            <label className="check">
              <input type="checkbox" checked={draft.limitExpiry} onChange={(e) => set({ limitExpiry: e.target.checked, maxExpiryDays: draft.maxExpiryDays || '90' })} />
              {t('settings.limitExpiry')}
            </label>
            <NumberField
              name="maxExpiryDays" stem="expiry" label={t('settings.maxExpiryDays')} min={1} max={3650} shown={draft.limitExpiry}
              value={draft.maxExpiryDays} onChange={(maxExpiryDays) => set({ maxExpiryDays })} problem={problems.maxExpiryDays} hint={t('settings.expiryHint')}
            />
          </fieldset>

          <NumberField
            name="maxActiveKeysPerUser" stem="maxkeys" label={t('settings.maxActiveKeysPerUser')} min={1} max={1000}
            value={draft.maxActiveKeysPerUser} onChange={(maxActiveKeysPerUser) => set({ maxActiveKeysPerUser })} problem={problems.maxActiveKeysPerUser} hint={t('settings.maxKeysHint')}
          />

          <fieldset className="fieldset">
            <legend>{t('settings.alertsLegend')}</legend>
            <label className="check">
              <input type="checkbox" checked={draft.watchUse} onChange={(e) => set({ watchUse: e.target.checked, excessiveUsePerMinute: draft.excessiveUsePerMinute || '1000' })} />
              {t('settings.watchUse')}
            </label>
            {draft.watchUse && (
              <>
                <NumberField
                  name="excessiveUsePerMinute" stem="excessive" label={t('settings.excessiveUsePerMinute')} min={1}
                  value={draft.excessiveUsePerMinute} onChange={(excessiveUsePerMinute) => set({ excessiveUsePerMinute })} problem={problems.excessiveUsePerMinute}
                />
                <CurrentPeak tenantId={tenant.tenantId} />
                <label className="check">
                  <input type="checkbox" checked={draft.autoRevokeOnExcessiveUse} onChange={(e) => set({ autoRevokeOnExcessiveUse: e.target.checked })} />
                  {t('settings.autoRevoke')}
                </label>
              </>
            )}
            <NumberField
              name="expiryReminderDays" stem="reminder" label={t('settings.expiryReminderDays')} min={0} max={365}
              value={draft.expiryReminderDays} onChange={(expiryReminderDays) => set({ expiryReminderDays })} problem={problems.expiryReminderDays} hint={t('settings.reminderHint')}
            />
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
      {settings.data && <PoliciesSection tenantId={tenant.tenantId} settings={settings.data} />}
      <TenantAllowedIps />
    </>
  );
}

interface NumberFieldProps {
  /** The setting: the input's id is `setting-<name>`, which submit focuses on a problem. */
  name: keyof Problems;
  /** Start of the problem's and the hint's ids, which the input names for screen readers. */
  stem: string;
  label: string;
  min: number;
  max?: number;
  value: string;
  onChange(value: string): void;
  problem?: string;
  hint?: string;
  /** False hides the input alone; its problem and hint stay. */
  shown?: boolean;
}

/** A whole-number setting with its problem and hint. */
function NumberField({ name, stem, label, min, max, value, onChange, problem, hint, shown = true }: NumberFieldProps) {
  const described = [problem && `${stem}-problem`, hint && `${stem}-hint`].filter(Boolean).join(' ');
  return (
    <>
      {shown && (
        <label className="field">
          <span className="field-label">{label}</span>
          <input
            id={`setting-${name}`}
            className="input input-number"
            type="number"
            inputMode="numeric"
            min={min}
            max={max}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            aria-invalid={!!problem}
            aria-describedby={described || undefined}
          />
        </label>
      )}
      {problem && <p className="field-error" id={`${stem}-problem`}>{problem}</p>}
      {hint && <p className="hint" id={`${stem}-hint`}>{hint}</p>}
    </>
  );
}
