// Usage (tenant admins): verifications per day, totals with credits spent, top keys and top owners
// for a period, and the period as CSV.
import { Fragment, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { downloadText } from '../components/download';
import { ErrorAlert } from '../components/error-alert';
import { ListTable } from '../components/list-table';
import { Loading } from '../components/loading';
import { PageHeader } from '../components/page-header';
import { TopKeys } from '../components/top-keys';
import { UsageChart } from '../components/usage-chart';
import { useAsync, useSubmit } from '../hooks';
import { useFormat } from '../i18n/format';
import { useTenant } from '../session';

const DAY_MS = 86_400_000;
const RANGES = [7, 30, 90] as const;

/** The first day of the last `days` UTC days, today included. */
function sinceDays(days: number): string {
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  return new Date(today - (days - 1) * DAY_MS).toISOString();
}

export function UsagePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const tenant = useTenant();
  const tid = tenant.tenantId;
  const [days, setDays] = useState<(typeof RANGES)[number]>(30);
  const since = useMemo(() => sinceDays(days), [days]);
  const usage = useAsync(() => api.tenantUsage(tid, { interval: 'day', since }), [tid, since]);
  const owners = useAsync(() => api.tenantUsage(tid, { interval: 'month', groupBy: 'owner', since, limit: 200 }), [tid, since]);
  const members = useAsync(() => api.listMembers(tid).then((page) => page.items), [tid]);
  const download = useSubmit(async () => downloadText(`usage-${since.slice(0, 10)}.csv`, await api.tenantUsageCsv(tid, { interval: 'day', groupBy: 'key', since })));

  const items = usage.data?.items ?? [];
  const total = (field: 'valid' | 'failed') => items.reduce((n, i) => n + i[field], 0);
  const spent = new Map<string, number>();
  for (const i of items) for (const [name, n] of Object.entries(i.spent)) spent.set(name, (spent.get(name) ?? 0) + n);

  // One line per owner: the months of the period summed, busiest first.
  const byOwner = new Map<string, { ownerId: string | null; valid: number; failed: number }>();
  for (const i of owners.data?.items ?? []) {
    const id = i.ownerId ?? '';
    const line = byOwner.get(id) ?? { ownerId: i.ownerId ?? null, valid: 0, failed: 0 };
    line.valid += i.valid;
    line.failed += i.failed;
    byOwner.set(id, line);
  }
  const ownerLines = [...byOwner.values()].sort((a, b) => b.valid - a.valid).slice(0, 10);
  const nameOf = (ownerId: string | null) => members.data?.find((m) => m.userId === ownerId)?.name ?? t('metering.page.unknownOwner');

  return (
    <>
      <PageHeader title={t('metering.page.title')} intro={t('metering.page.intro')} />
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          <span className="field-label">{t('metering.page.range')}</span>
          <select className="input" value={days} onChange={(e) => setDays(Number(e.target.value) as (typeof RANGES)[number])}>
            {RANGES.map((n) => (
              <option key={n} value={n}>{t(`metering.page.last${n}`)}</option>
            ))}
          </select>
        </label>
        <div className="filter-actions">
          <button type="button" className="button" onClick={download.submit} disabled={download.busy} aria-describedby="csv-hint">
            {t('metering.page.download')}
          </button>
        </div>
      </form>
      <p className="hint" id="csv-hint">{t('metering.page.downloadHint')}</p>
      <ErrorAlert error={download.error} />

      <section className="card" aria-labelledby="per-day-heading">
        <h2 id="per-day-heading">{t('metering.page.perDay')}</h2>
        {usage.loading && !usage.data && <Loading />}
        <ErrorAlert error={usage.error} onRetry={usage.reload} />
        {usage.data && <UsageChart usage={{ interval: 'day', items: items.map(({ at, valid, failed }) => ({ at, valid, failed })) }} />}
        {usage.data && (
          <dl className="facts facts-compact" aria-label={t('metering.page.totals')}>
            <dt>{t('metering.page.valid')}</dt>
            <dd>{format.number(total('valid'))}</dd>
            <dt>{t('metering.page.failed')}</dt>
            <dd>{format.number(total('failed'))}</dd>
            {[...spent].sort(([a], [b]) => a.localeCompare(b)).map(([name, n]) => (
              <Fragment key={name}>
                <dt>{t('metering.page.spent', { name })}</dt>
                <dd>{format.number(n)}</dd>
              </Fragment>
            ))}
          </dl>
        )}
      </section>

      <div className="card-grid">
        <TopKeys tenantId={tid} by="valid" since={since} limit={10} title={t('metering.top.mostUsed')} />
        <section className="card" aria-labelledby="top-owners-heading">
          <h2 id="top-owners-heading">{t('metering.page.topOwners')}</h2>
          <ListTable
            rows={owners.data && ownerLines}
            loading={owners.loading}
            error={owners.error}
            onRetry={owners.reload}
            empty={t('metering.top.none')}
            caption={t('metering.page.topOwners')}
            head={
              <tr>
                <th scope="col">{t('metering.page.owner')}</th>
                <th scope="col" className="numeric">{t('metering.page.valid')}</th>
                <th scope="col" className="numeric">{t('metering.page.failed')}</th>
              </tr>
            }
          >
            {ownerLines.map((line) => (
              <tr key={line.ownerId ?? ''}>
                <td>{nameOf(line.ownerId)}</td>
                <td className="numeric">{format.number(line.valid)}</td>
                <td className="numeric">{format.number(line.failed)}</td>
              </tr>
            ))}
          </ListTable>
        </section>
      </div>
    </>
  );
}
