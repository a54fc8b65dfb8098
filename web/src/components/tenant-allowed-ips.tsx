// Settings → the tenant's default allowed addresses (DESIGN v1.1 "IP restrictions"): for keys
// without a list of their own; empty means any address. Saved on its own, apart from the key policy.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ErrorAlert } from './error-alert';
import { TextAreaField } from './text-area-field';
import { Loading } from './loading';
import { readAddressList, writeAddressList, MAX_ADDRESSES } from './address-list';
import { useAsync } from '../hooks';
import { useTenant } from '../session';

export function TenantAllowedIps() {
  const { t } = useTranslation();
  const tenant = useTenant();
  const settings = useAsync(() => api.getSettings(tenant.tenantId), [tenant.tenantId]);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (settings.data) setText(writeAddressList(settings.data.allowedIps));
  }, [settings.data]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    setError(null);
    const check = readAddressList(text);
    const found = check.problem === 'tooMany' ? t('restrictions.ipsTooMany', { max: MAX_ADDRESSES })
      : check.problem === 'bad' ? t('restrictions.ipsInvalid', { entry: check.entry }) : null;
    setProblem(found);
    if (found || check.problem !== undefined) return document.getElementById('tenant-allowed-ips')?.focus();
    setBusy(true);
    try {
      const next = await api.updateSettings(tenant.tenantId, { allowedIps: check.list });
      setText(writeAddressList(next.allowedIps));
      setSaved(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="tenant-ips-heading" className="section">
      <h2 id="tenant-ips-heading">{t('restrictions.tenantTitle')}</h2>
      {settings.loading && !settings.data && <Loading />}
      <ErrorAlert error={settings.error} onRetry={settings.reload} />
      {settings.data && (
        <form className="form card" onSubmit={submit} noValidate>
          <TextAreaField
            id="tenant-allowed-ips" label={t('restrictions.tenantAllowedIps')} value={text} problem={problem}
            onChange={(v) => { setText(v); setSaved(false); }} hint={t('restrictions.tenantHint')}
          />
          <ErrorAlert error={error} />
          {saved && <p className="alert alert-success" role="status">{t('restrictions.tenantSaved')}</p>}
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? t('common.working') : t('restrictions.tenantSave')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
