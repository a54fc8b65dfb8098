// One key: its facts, scopes and a chart of its verifications.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ConfirmDialog } from '../components/confirm-dialog';
import { CopyButton } from '../components/copy-button';
import { ErrorAlert } from '../components/error-alert';
import { LeakNotice } from '../components/leak-notice';
import { KeyPermissions } from '../components/key-permissions';
import { KeyPolicyFacts } from '../components/key-policy-facts';
import { Loading } from '../components/loading';
import { PageHeader } from '../components/page-header';
import { StatusBadge } from '../components/status-badge';
import { ImportedBadge } from '../components/imported-badge';
import { UsageChart } from '../components/usage-chart';
import { KeyRestrictions } from '../components/key-restrictions';
import { useAsync } from '../hooks';
import { useFormat } from '../i18n/format';
import { Link } from '../router';
import { useTenant } from '../session';
import { KeyLimits } from '../components/key-limits';

export function KeyPage({ keyId }: { keyId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const tenant = useTenant();
  const tid = tenant.tenantId;
  const [interval, setPeriod] = useState<'hour' | 'day'>('hour');
  const [confirming, setConfirming] = useState(false);
  const key = useAsync(() => api.getKey(tid, keyId), [tid, keyId]);
  const usage = useAsync(() => api.getUsage(tid, keyId, interval), [tid, keyId, interval]);
  const resources = useAsync(() => api.listResources(tid).then((p) => p.items), [tid]);
  const data = key.data;

  return (
    <>
      <PageHeader
        title={data ? t('key.title', { name: data.name }) : t('key.titleLoading')}
        actions={
          <Link to={tenant.isAdmin ? '/keys' : '/my-keys'} className="button">
            {t('key.back')}
          </Link>
        }
      />
      {key.loading && !data && <Loading />}
      <ErrorAlert error={key.error} onRetry={key.reload} />
      {data && (
        <>
          <LeakNotice apiKey={data} />
          <dl className="facts">
            <dt>{t('keys.col.id')}</dt>
            <dd>
              <code>{data.id}</code> <CopyButton text={data.id} label={t('keys.copyId', { id: data.id })} compact />
            </dd>
            <dt>{t('keys.col.status')}</dt>
            <dd><StatusBadge status={data.status} /></dd>
            <dt>{t('keys.col.start')}</dt>
            <dd><code>{data.start}…</code> <ImportedBadge imported={data.imported} /></dd>
            <dt>{t('generate.description')}</dt>
            <dd>{data.description || '—'}</dd>
            <dt>{t('keys.col.owner')}</dt>
            <dd>{data.owner.name} ({data.owner.email})</dd>
            <dt>{t('flows.keyFacts.email')}</dt>
            <dd>{data.email ? <a href={`mailto:${data.email}`}>{data.email}</a> : '—'}</dd>
            <dt>{t('flows.management.flag')}</dt>
            <dd>{data.management ? t('flows.management.yes') : t('flows.management.no')}</dd>
            <dt>{t('keys.col.createdAt')}</dt>
            <dd>{format.dateTime(data.createdAt)}</dd>
            <dt>{t('keys.col.updatedAt')}</dt>
            <dd>{format.dateTime(data.updatedAt)}</dd>
            <dt>{t('keys.col.expiresAt')}</dt>
            <dd>{format.dateTime(data.expiresAt)}</dd>
            <KeyPolicyFacts apiKey={data} />
            <dt>{t('keys.col.lastUsedAt')}</dt>
            <dd>{format.dateTime(data.lastUsedAt)}</dd>
            <dt>{t('keys.col.usage')}</dt>
            <dd>{format.number(data.usageCount)}</dd>
            {data.revokedAt && (
              <>
                <dt>{t('key.revokedAt')}</dt>
                <dd>{format.dateTime(data.revokedAt)}</dd>
              </>
            )}
            {data.rotatedFrom && (
              <>
                <dt>{t('key.rotatedFrom')}</dt>
                <dd><Link to={`/keys/${encodeURIComponent(data.rotatedFrom)}`}>{data.rotatedFrom}</Link></dd>
              </>
            )}
            {data.rotatedTo && (
              <>
                <dt>{t('key.rotatedTo')}</dt>
                <dd><Link to={`/keys/${encodeURIComponent(data.rotatedTo)}`}>{data.rotatedTo}</Link></dd>
              </>
            )}
          </dl>
          <KeyPermissions apiKey={data} resources={resources.data} onChanged={key.reload} />
          {tenant.isAdmin && (
            <p className="inline-actions">
              <Link to={`/events?keyId=${encodeURIComponent(data.id)}`}>{t('key.events')}</Link>
              {data.status === 'active' && (
                <button type="button" className="button button-danger-outline" onClick={() => setConfirming(true)}>
                  {t('keys.revoke')}
                </button>
              )}
            </p>
          )}
        </>
      )}

      {data && <KeyLimits apiKey={data} onChanged={key.reload} />}
      {data && <KeyRestrictions apiKey={data} onSaved={key.reload} />}

      <section aria-labelledby="usage-heading" className="section">
        <div className="section-head">
          <h2 id="usage-heading">{t('usage.title')}</h2>
          <label className="field field-inline">
            <span className="field-label">{t('usage.period')}</span>
            <select className="input input-compact" value={interval} onChange={(e) => setPeriod(e.target.value as 'hour' | 'day')}>
              <option value="hour">{t('usage.last24h')}</option>
              <option value="day">{t('usage.last30d')}</option>
            </select>
          </label>
        </div>
        {usage.loading && <Loading />}
        <ErrorAlert error={usage.error} onRetry={usage.reload} />
        {usage.data && !usage.loading && <UsageChart usage={usage.data} />}
      </section>

      {confirming && data && (
        <ConfirmDialog
          title={t('keys.revokeTitle', { count: 1, name: data.name })}
          confirmLabel={t('keys.revokeConfirm', { count: 1 })}
          danger
          onConfirm={async () => {
            await api.revokeKey(tid, data.id);
            key.reload();
          }}
          onClose={() => setConfirming(false)}
        >
          <p>{t('keys.revokeWarning', { count: 1 })}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
