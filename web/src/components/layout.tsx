import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, matchPath, navigate, useLocation } from '../router';
import { useSession } from '../session';
import { KeyIcon } from './icons';
import { LanguageSwitch } from './language-switch';

interface NavItem {
  to: string;
  label: string;
}

function TenantSwitcher() {
  const { t } = useTranslation();
  const { tenants, tenant, selectTenant } = useSession();
  const { path } = useLocation();
  // A key belongs to one tenant: after a switch, its page would only say "not found".
  const switchTo = (id: string) => {
    selectTenant(id);
    if (matchPath('/keys/:kid', path)) navigate('/');
  };
  if (tenants.length === 0) return null;
  if (tenants.length === 1) {
    return (
      <span className="tenant-name">
        <span className="visually-hidden">{t('header.tenant')}: </span>
        {tenants[0].tenantName}
      </span>
    );
  }
  return (
    <span className="tenant-switcher">
      <label className="header-label" htmlFor="tenant-switcher">
        {t('header.tenant')}
      </label>
      <select id="tenant-switcher" className="input input-compact" value={tenant?.tenantId} onChange={(e) => switchTo(e.target.value)}>
        {tenants.map((a) => (
          <option key={a.tenantId} value={a.tenantId}>
            {a.tenantName}
          </option>
        ))}
      </select>
    </span>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { me, tenant, signOut } = useSession();
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);

  const items: NavItem[] = tenant ? [{ to: '/', label: t('nav.overview') }] : [];
  // A tenant admin without the developer role sees it too: the page offers them the role (Qlik).
  if (tenant?.isDeveloper || tenant?.isAdmin) items.push({ to: '/my-keys', label: t('nav.myKeys') });
  const adminItems: NavItem[] = tenant?.isAdmin
    ? [
        { to: '/keys', label: t('nav.keys') },
        { to: '/resources', label: t('flows.resources.nav') },
        { to: '/usage', label: t('metering.nav') },
        { to: '/events', label: t('nav.events') },
        { to: '/members', label: t('nav.members') },
        { to: '/webhooks', label: t('nav.webhooks') },
        { to: '/settings', label: t('nav.settings') },
      ]
    : [];
  const platformItems: NavItem[] = me?.user.isPlatformAdmin ? [{ to: '/platform', label: t('nav.platform') }] : [];
  const isCurrent = (to: string) => (to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`));

  // Move focus to the page on navigation so keyboard and screen reader users start at its top.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [path]);

  const link = (item: NavItem) => (
    <li key={item.to}>
      <Link to={item.to} className="nav-link" aria-current={isCurrent(item.to) ? 'page' : undefined}>
        {item.label}
      </Link>
    </li>
  );

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="header">
        <Link to="/" className="brand">
          <span className="brand-mark"><KeyIcon /></span> Keywarden
        </Link>
        <div className="header-tools">
          <TenantSwitcher />
          <LanguageSwitch />
          <span className="user-name">{me?.user.name}</span>
          <button type="button" className="button button-small" onClick={() => void signOut()}>
            {t('header.signOut')}
          </button>
        </div>
      </header>
      <div className="body">
        <nav className="nav" aria-label={t('nav.label')}>
          {items.length > 0 && <ul>{items.map(link)}</ul>}
          {adminItems.length > 0 && (
            <>
              <h2 className="nav-heading" id="nav-console">
                {t('nav.console')}
              </h2>
              <ul aria-labelledby="nav-console">{adminItems.map(link)}</ul>
            </>
          )}
          {platformItems.length > 0 && (
            <>
              <h2 className="nav-heading" id="nav-platform">
                {t('nav.platform')}
              </h2>
              <ul aria-labelledby="nav-platform">{platformItems.map(link)}</ul>
            </>
          )}
        </nav>
        <main id="main" className="main" ref={main} tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
