// The keys with the most valid or failed verifications in a range (today by default), each linking
// to its key page: for spotting excessive use on the Overview and the Usage page.
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useAsync } from '../hooks';
import { useFormat } from '../i18n/format';
import { Link } from '../router';
import { ErrorAlert } from './error-alert';
import { Loading } from './loading';

interface TopKeysProps {
  tenantId: string;
  by: 'valid' | 'failed';
  title: string;
  /** An ISO time; default the start of today (UTC). */
  since?: string;
  limit?: number;
}

export function TopKeys({ tenantId, by, title, since, limit = 5 }: TopKeysProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const top = useAsync(() => api.topKeys(tenantId, { by, since, limit }), [tenantId, by, since, limit]);
  const headingId = `top-${by}-heading`;
  return (
    <section className="card top-keys" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {top.loading && !top.data && <Loading />}
      <ErrorAlert error={top.error} onRetry={top.reload} />
      {top.data && top.data.items.length === 0 && <p className="empty">{t('metering.top.none')}</p>}
      {top.data && top.data.items.length > 0 && (
        <ol className="compact-list">
          {top.data.items.map((item) => (
            <li key={item.keyId}>
              {item.name === null ? (
                <span className="muted">{t('metering.top.deleted')}</span>
              ) : (
                <Link to={`/keys/${encodeURIComponent(item.keyId)}`}>{item.name}</Link>
              )}{' '}
              <span className="muted">
                {t(by === 'valid' ? 'metering.top.validCount' : 'metering.top.failedCount', { count: item[by], formatted: format.number(item[by]) })}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
