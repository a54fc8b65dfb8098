// Platform (platform admins only): make tenants and user accounts, so a fresh install can start.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ErrorAlert } from '../components/error-alert';
import { ListTable } from '../components/list-table';
import { PageHeader } from '../components/page-header';
import { Time } from '../components/time';
import { useAsync, useDebounced, useSubmit } from '../hooks';
import { useSession } from '../session';
import { PlanLimits } from '../components/plan-limits';
import { PlatformUsage } from '../components/platform-usage';

function NewTenant({ onCreated }: { onCreated(name: string): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const form = useSubmit(async () => {
    const tenant = await api.createTenant(name.trim());
    setName('');
    onCreated(tenant.name);
  });
  return (
    <section className="card" aria-labelledby="new-tenant">
      <h2 id="new-tenant">{t('platform.newTenant')}</h2>
      <form className="inline-form" onSubmit={form.submit}>
        <label className="field">
          <span className="field-label">{t('platform.tenantName')}</span>
          <input className="input" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" className="button button-primary" disabled={form.busy || !name.trim()}>
          {t('platform.createTenant')}
        </button>
      </form>
      <p className="hint">{t('platform.tenantHint')}</p>
      <ErrorAlert error={form.error} />
    </section>
  );
}

function NewUser({ onCreated }: { onCreated(name: string): void }) {
  const { t } = useTranslation();
  const [user, setUser] = useState({ name: '', email: '', password: '' });
  const form = useSubmit(async () => {
    const created = await api.createUser({ name: user.name.trim(), email: user.email.trim(), password: user.password });
    setUser({ name: '', email: '', password: '' });
    onCreated(created.name);
  });
  const field = (name: keyof typeof user) => ({ value: user[name], onChange: (e: { target: { value: string } }) => setUser((u) => ({ ...u, [name]: e.target.value })) });
  return (
    <section className="card" aria-labelledby="new-user">
      <h2 id="new-user">{t('platform.newUser')}</h2>
      <form className="inline-form" onSubmit={form.submit}>
        <label className="field">
          <span className="field-label">{t('platform.userName')}</span>
          <input className="input" required maxLength={200} autoComplete="off" {...field('name')} />
        </label>
        <label className="field">
          <span className="field-label">{t('login.email')}</span>
          <input className="input" type="email" required autoComplete="off" {...field('email')} />
        </label>
        <label className="field">
          <span className="field-label">{t('platform.password')}</span>
          <input className="input" type="password" required minLength={8} autoComplete="new-password" aria-describedby="password-hint" {...field('password')} />
        </label>
        <button type="submit" className="button button-primary" disabled={form.busy}>
          {t('platform.createUser')}
        </button>
      </form>
      <p className="hint" id="password-hint">{t('platform.passwordHint')}</p>
      <ErrorAlert error={form.error} />
    </section>
  );
}

export function PlatformPage() {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const [notice, setNotice] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim());
  const users = useAsync(() => api.listUsers(query || undefined).then((p) => p.items), [query]);

  return (
    <>
      <PageHeader title={t('platform.title')} intro={t('platform.intro')} />
      {notice && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}
      <NewTenant
        onCreated={(name) => {
          setNotice(t('platform.tenantCreated', { name }));
          void refresh(); // the creator becomes its tenant admin: the switcher gains it
        }}
      />
      <NewUser
        onCreated={(name) => {
          setNotice(t('platform.userCreated', { name }));
          users.reload();
        }}
      />
      <PlanLimits />
      <PlatformUsage />
      <section aria-labelledby="users-heading" className="section">
        <div className="section-head">
          <h2 id="users-heading">{t('platform.users')}</h2>
          <label className="field field-inline">
            <span className="field-label">{t('platform.searchUsers')}</span>
            <input className="input input-compact" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
          </label>
        </div>
        <ListTable
          rows={users.data}
          loading={users.loading}
          error={users.error}
          onRetry={users.reload}
          empty={t('platform.noUsers')}
          caption={t('platform.users')}
          head={
            <tr>
              <th scope="col">{t('platform.userName')}</th>
              <th scope="col">{t('login.email')}</th>
              <th scope="col">{t('platform.role')}</th>
              <th scope="col">{t('keys.col.createdAt')}</th>
            </tr>
          }
        >
          {(users.data ?? []).map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>
                {u.isPlatformAdmin && <span className="chip">{t('platform.platformAdmin')}</span>}{' '}
                {u.disabled && <span className="badge badge-revoked">{t('platform.disabled')}</span>}
              </td>
              <td><Time iso={u.createdAt} /></td>
            </tr>
          ))}
        </ListTable>
      </section>
    </>
  );
}
