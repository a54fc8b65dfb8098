// Why the person cannot generate keys here, and what helps. A tenant admin who lacks the developer
// role or a licence fixes it themself in one click (Qlik: an admin's path to their own keys):
// PUT /tenants/:tid/members/:uid with their other roles and their licence kept as they are.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Role } from '../api/types';
import { Link } from '../router';
import { useSession, useTenant } from '../session';
import { ErrorAlert } from './error-alert';

export type Blocker = 'API_KEYS_DISABLED' | 'NOT_DEVELOPER' | 'NOT_LICENSED';

export function KeyBlocker({ stop }: { stop: Blocker }) {
  const { t } = useTranslation();
  const tenant = useTenant();
  const selfServe = tenant.isAdmin && stop !== 'API_KEYS_DISABLED';
  return (
    <div className="alert alert-info" role="note">
      <p className="alert-title">{t(`errors.${stop}`)}</p>
      {!tenant.isAdmin && <p>{t(`myKeys.help.${stop}`)}</p>}
      {tenant.isAdmin && stop === 'API_KEYS_DISABLED' && (
        <p>
          {t('myKeys.help.API_KEYS_DISABLED')} <Link to="/settings">{t('overview.toSettings')}</Link>
        </p>
      )}
      {selfServe && <SelfAccess stop={stop} />}
    </div>
  );
}

function SelfAccess({ stop }: { stop: 'NOT_DEVELOPER' | 'NOT_LICENSED' }) {
  const { t } = useTranslation();
  const { me, refresh } = useSession();
  const tenant = useTenant();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function grant(roles: Role[], licensed: boolean) {
    if (!me) return;
    setBusy(true);
    setError(null);
    try {
      await api.putMember(tenant.tenantId, me.user.id, roles, licensed);
      await refresh(); // the session carries the person's roles and licence
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const withDeveloper: Role[] = tenant.roles.includes('developer') ? tenant.roles : [...tenant.roles, 'developer'];
  return (
    <>
      {stop === 'NOT_DEVELOPER' && (
        <>
          <p>{t('console.selfAccess.developerExplain', { tenant: tenant.tenantName })}</p>
          {!tenant.licensed && <p>{t('console.selfAccess.seatExplain')}</p>}
          <p>
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void grant(withDeveloper, tenant.licensed)}>
              {busy ? t('common.working') : t('console.selfAccess.giveDeveloper')}
            </button>
          </p>
        </>
      )}
      {stop === 'NOT_LICENSED' && (
        <>
          <p>{t('console.selfAccess.seatExplain')}</p>
          <p>
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void grant(tenant.roles, true)}>
              {busy ? t('common.working') : t('console.selfAccess.takeSeat')}
            </button>
          </p>
        </>
      )}
      <ErrorAlert error={error} />
    </>
  );
}
