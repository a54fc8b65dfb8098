// Platform page: every tenant's verifications and credits spent in the current month (UTC), for
// billing, with the month as CSV.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useAsync, useSubmit } from '../hooks';
import { useFormat } from '../i18n/format';
import { downloadText } from './download';
import { ErrorAlert } from './error-alert';
import { ListTable } from './list-table';

export function PlatformUsage() {
  const { t } = useTranslation();
  const format = useFormat();
  const since = useMemo(() => {
    const now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
  }, []);
  const usage = useAsync(() => api.platformUsage({ interval: 'month', groupBy: 'tenant', since, limit: 200 }), [since]);
  const tenants = useAsync(() => api.listTenants().then((page) => page.items), []);
  const download = useSubmit(async () => downloadText(`usage-${since.slice(0, 7)}.csv`, await api.platformUsageCsv({ interval: 'month', groupBy: 'tenant', since })));
  const rows = usage.data?.items.filter((i) => i.valid > 0 || i.failed > 0 || Object.keys(i.spent).length > 0);
  const names = [...new Set((rows ?? []).flatMap((i) => Object.keys(i.spent)))].sort();
  const tenantName = (id: string) => tenants.data?.find((tn) => tn.id === id)?.name ?? id;
  const month = new Intl.DateTimeFormat(format.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(since));

  return (
    <section aria-labelledby="platform-usage-heading" className="section">
      <div className="section-head">
        <h2 id="platform-usage-heading">{t('metering.platform.heading')}</h2>
        <button type="button" className="button" onClick={download.submit} disabled={download.busy}>
          {t('metering.platform.download')}
        </button>
      </div>
      <p className="hint">{t('metering.platform.intro')} {t('metering.platform.month')}: {month}</p>
      <ErrorAlert error={download.error} />
      <ListTable
        rows={rows}
        loading={usage.loading}
        error={usage.error}
        onRetry={usage.reload}
        empty={t('metering.platform.none')}
        caption={t('metering.platform.heading')}
        head={
          <tr>
            <th scope="col">{t('metering.platform.tenant')}</th>
            <th scope="col" className="numeric">{t('metering.page.valid')}</th>
            <th scope="col" className="numeric">{t('metering.page.failed')}</th>
            {names.map((name) => <th key={name} scope="col" className="numeric">{t('metering.page.spent', { name })}</th>)}
          </tr>
        }
      >
        {(rows ?? []).map((row) => (
          <tr key={row.tenantId}>
            <td>{tenantName(row.tenantId)}</td>
            <td className="numeric">{format.number(row.valid)}</td>
            <td className="numeric">{format.number(row.failed)}</td>
            {names.map((name) => <td key={name} className="numeric">{format.number(Object.hasOwn(row.spent, name) ? row.spent[name] : 0)}</td>)}
          </tr>
        ))}
      </ListTable>
    </section>
  );
}
