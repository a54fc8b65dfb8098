// The console's front page: counts of keys at a glance (all keys for an admin, own keys otherwise).
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ErrorAlert } from '../components/error-alert';
import { Loading } from '../components/loading';
import { PageHeader } from '../components/page-header';
import { useAsync } from '../hooks';
import { useFormat } from '../i18n/format';
import { Link } from '../router';
import { useTenant } from '../session';
import { TopKeys } from '../components/top-keys';

export function OverviewPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const tenant = useTenant();
  const stats = useAsync(() => api.getStats(tenant.tenantId), [tenant.tenantId]);
  const settings = useAsync(() => api.getSettings(tenant.tenantId), [tenant.tenantId]);

  const cards = stats.data
    ? [
        { key: 'active', value: stats.data.active, to: '/keys?status=active' },
        { key: 'expiringSoon', value: stats.data.expiringSoon, to: '/keys?status=active&sort=expiresAt' },
        { key: 'expired', value: stats.data.expired, to: '/keys?status=expired' },
        { key: 'revoked', value: stats.data.revoked, to: '/keys?status=revoked' },
      ]
    : [];

  return (
    <>
      <PageHeader
        title={t('overview.title')}
        intro={tenant.isAdmin ? t('overview.introAdmin', { tenant: tenant.tenantName }) : t('overview.introOwn', { tenant: tenant.tenantName })}
      />
      {settings.data && !settings.data.apiKeysEnabled && (
        <div className="alert alert-info" role="note">
          <p>{tenant.isAdmin ? t('overview.keysOffAdmin') : t('errors.API_KEYS_DISABLED')}</p>
          {tenant.isAdmin && <Link to="/settings">{t('overview.toSettings')}</Link>}
        </div>
      )}
      {stats.loading && <Loading />}
      <ErrorAlert error={stats.error} onRetry={stats.reload} />
      {stats.data && (
        <section aria-labelledby="stats-heading">
          <h2 id="stats-heading">{t('overview.keysHeading')}</h2>
          <ul className="stat-grid">
            {cards.map((card) => (
              <li key={card.key} className={`stat stat-${card.key}`}>
                <span className="stat-value">{format.number(card.value)}</span>
                <span className="stat-label">{t(`overview.${card.key}`)}</span>
                {tenant.isAdmin && (
                  <Link to={card.to} className="stat-link">
                    {t('overview.show', { what: t(`overview.${card.key}`) })}
                  </Link>
                )}
              </li>
            ))}
          </ul>
          {settings.data && <p className="hint">{t('overview.expiringHint', { count: settings.data.expiryReminderDays ?? 7 })}</p>}
        </section>
      )}
      {tenant.isAdmin && (
        <div className="card-grid">
          <TopKeys tenantId={tenant.tenantId} by="valid" title={t('metering.top.mostUsedToday')} />
          <TopKeys tenantId={tenant.tenantId} by="failed" title={t('metering.top.mostFailedToday')} />
        </div>
      )}
      {tenant.isDeveloper && (
        <p>
          <Link to="/my-keys" className="button">
            {t('overview.toMyKeys')}
          </Link>
        </p>
      )}
    </>
  );
}
