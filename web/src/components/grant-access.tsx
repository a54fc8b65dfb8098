import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Member, Role, User } from '../api/types';
import { ErrorAlert } from './error-alert';
import { ROLES, toggleRole } from './member-row';

interface GrantAccessProps {
  tenantId: string;
  members: Member[];
  onGranted(member: Member): void;
}

/** Finds a user by exact email, then grants them access with roles and a licence. */
export function GrantAccess({ tenantId, members, onGranted }: GrantAccessProps) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [found, setFound] = useState<Pick<User, 'id' | 'email' | 'name'> | null | undefined>(undefined); // undefined: not searched yet
  const [roles, setRoles] = useState<Role[]>(['developer']);
  const [licensed, setLicensed] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const already = found ? members.some((m) => m.userId === found.id) : false;

  async function find(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setFound(undefined);
    setBusy(true);
    try {
      const page = await api.findUserByEmail(email.trim());
      setFound(page.items[0] ?? null);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function grant() {
    if (!found) return;
    setBusy(true);
    setError(null);
    try {
      onGranted(await api.putMember(tenantId, found.id, roles, licensed));
      setEmail('');
      setFound(undefined);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="grant-heading">
      <h2 id="grant-heading">{t('members.grantTitle')}</h2>
      <form className="inline-form" onSubmit={find} role="search">
        <label className="field">
          <span className="field-label">{t('members.email')}</span>
          <input className="input" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <button type="submit" className="button" disabled={busy || !email.trim()}>
          {t('members.find')}
        </button>
      </form>
      <div aria-live="polite">
        {found === null && <p className="alert alert-info">{t('members.notFound', { email })}</p>}
        {found && (
          <div className="found-user">
            <p>
              <strong>{found.name}</strong> ({found.email}) {already && <span className="chip">{t('members.already')}</span>}
            </p>
            <fieldset className="fieldset">
              <legend>{t('members.rolesFor', { name: found.name })}</legend>
              {ROLES.map((role) => (
                <label className="check" key={role}>
                  <input type="checkbox" checked={roles.includes(role)} onChange={(e) => setRoles(toggleRole(roles, role, e.target.checked))} />
                  {t(`role.${role}`)}
                </label>
              ))}
              <label className="check">
                <input type="checkbox" checked={licensed} onChange={(e) => setLicensed(e.target.checked)} />
                {t('members.licensed')}
              </label>
            </fieldset>
            <button type="button" className="button button-primary" onClick={grant} disabled={busy}>
              {already ? t('members.update') : t('members.grant')}
            </button>
          </div>
        )}
      </div>
      <ErrorAlert error={error} />
    </section>
  );
}
