import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KeyIcon } from '../components/icons';
import { ErrorAlert } from '../components/error-alert';
import { LanguageSwitch } from '../components/language-switch';
import { PageHeader } from '../components/page-header';
import { useSubmit } from '../hooks';
import { useSession } from '../session';

export function LoginPage() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useSubmit(() => signIn(email, password));

  return (
    <div className="login-shell">
      <header className="login-top">
        <span className="brand">
          <span className="brand-mark"><KeyIcon /></span> Keywarden
        </span>
        <LanguageSwitch />
      </header>
      <main className="login-card" id="main">
        <PageHeader title={t('login.title')} intro={t('login.intro')} />
        <form onSubmit={submit} className="form">
          <label className="field">
            <span className="field-label">{t('login.email')}</span>
            <input className="input" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
          </label>
          <label className="field">
            <span className="field-label">{t('login.password')}</span>
            <input className="input" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
          <ErrorAlert error={error} />
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('login.signingIn') : t('login.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
