import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './components/error-alert';
import { Layout } from './components/layout';
import { Loading } from './components/loading';
import { PageHeader } from './components/page-header';
import { EventsPage } from './pages/events-page';
import { KeyPage } from './pages/key-page';
import { KeysPage } from './pages/keys-page';
import { LoginPage } from './pages/login-page';
import { MembersPage } from './pages/members-page';
import { MyKeysPage } from './pages/my-keys-page';
import { OverviewPage } from './pages/overview-page';
import { PlatformPage } from './pages/platform-page';
import { ResourcesPage } from './pages/resources-page';
import { SettingsPage } from './pages/settings-page';
import { WebhooksPage } from './pages/webhooks-page';
import { UsagePage } from './pages/usage-page';
import { Link, matchPath, useLocation } from './router';
import { useSession, type TenantAccess } from './session';

function Message({ title, text, children }: { title: string; text: string; children?: ReactNode }) {
  return (
    <>
      <PageHeader title={title} />
      <p>{text}</p>
      {children}
    </>
  );
}

/** Picks the page for the path; pages a role may not use are not offered, and answer plainly if typed. */
function Page({ path, tenant }: { path: string; tenant: TenantAccess }) {
  const { t } = useTranslation();
  const adminOnly = (page: ReactNode) => (tenant.isAdmin ? page : <Message title={t('common.forbiddenTitle')} text={t('errors.FORBIDDEN')} />);
  const key = matchPath('/keys/:kid', path);
  if (path === '/') return <OverviewPage />;
  if (path === '/my-keys') return <MyKeysPage />;
  if (key) return <KeyPage key={key.kid} keyId={key.kid} />;
  if (path === '/keys') return adminOnly(<KeysPage />);
  if (path === '/events') return adminOnly(<EventsPage />);
  if (path === '/members') return adminOnly(<MembersPage />);
  if (path === '/settings') return adminOnly(<SettingsPage />);
  if (path === '/resources') return adminOnly(<ResourcesPage />);
  if (path === '/webhooks') return adminOnly(<WebhooksPage />);
  if (path === '/usage') return adminOnly(<UsagePage />);
  return (
    <Message title={t('common.notFoundTitle')} text={t('common.notFound')}>
      <Link to="/">{t('nav.overview')}</Link>
    </Message>
  );
}

export function App() {
  const { t } = useTranslation();
  const { status, tenant, me, refresh } = useSession();
  const { path } = useLocation();

  if (status === 'loading') return <main className="center-page" id="main"><Loading /></main>;
  if (status === 'signed-out') return <LoginPage />;
  if (status === 'error') {
    return (
      <main className="center-page" id="main">
        <h1>{t('common.unavailableTitle')}</h1>
        <ErrorAlert error={new Error('unavailable')} onRetry={() => void refresh()} />
      </main>
    );
  }
  if (path === '/platform' && me?.user.isPlatformAdmin) {
    return (
      <Layout>
        <PlatformPage />
      </Layout>
    );
  }
  return (
    <Layout>
      {tenant ? (
        // Keyed by tenant so a switch starts every page afresh.
        <div key={tenant.tenantId}>
          <Page path={path} tenant={tenant} />
        </div>
      ) : (
        <Message title={t('common.noTenantTitle')} text={t('common.noTenant')}>
          {me?.user.isPlatformAdmin && (
            <p>
              <Link to="/platform">{t('common.noTenantPlatform')}</Link>
            </p>
          )}
        </Message>
      )}
    </Layout>
  );
}
