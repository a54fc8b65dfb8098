import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Member, Role } from '../api/types';
import { ErrorAlert } from './error-alert';

export const ROLES: Role[] = ['tenant_admin', 'developer'];

export function toggleRole(roles: Role[], role: Role, on: boolean): Role[] {
  const rest = roles.filter((r) => r !== role);
  return on ? [...rest, role] : rest;
}

interface MemberRowProps {
  tenantId: string;
  member: Member;
  isSelf: boolean;
  onSaved(member: Member): void;
  onWithdraw(member: Member): void;
}

/** One member with their roles and licence, editable in place. */
export function MemberRow({ tenantId, member, isSelf, onSaved, onWithdraw }: MemberRowProps) {
  const { t } = useTranslation();
  const [roles, setRoles] = useState<Role[]>(member.roles);
  const [licensed, setLicensed] = useState(member.licensed);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const changed = licensed !== member.licensed || [...roles].sort().join() !== [...member.roles].sort().join();

  async function save() {
    setBusy(true);
    setError(null);
    try {
      onSaved(await api.putMember(tenantId, member.userId, roles, licensed));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const who = member.name || member.email;
  return (
    <tr>
      <td>
        {member.name} {isSelf && <span className="chip">{t('members.you')}</span>}
        <div className="muted">{member.email}</div>
        <ErrorAlert error={error} />
      </td>
      {ROLES.map((role) => (
        <td key={role} className="center">
          <input type="checkbox" aria-label={t('members.roleFor', { role: t(`role.${role}`), name: who })} checked={roles.includes(role)} onChange={(e) => setRoles(toggleRole(roles, role, e.target.checked))} />
        </td>
      ))}
      <td className="center">
        <input type="checkbox" aria-label={t('members.licenceFor', { name: who })} checked={licensed} onChange={(e) => setLicensed(e.target.checked)} />
      </td>
      <td className="actions">
        <button type="button" className="button button-small button-primary" disabled={!changed || busy} onClick={save}>
          {busy ? t('common.working') : t('common.save')}
          <span className="visually-hidden"> {who}</span>
        </button>
        <button type="button" className="button button-small button-danger-outline" onClick={() => onWithdraw(member)}>
          {t('members.withdraw')}
          <span className="visually-hidden"> {who}</span>
        </button>
      </td>
    </tr>
  );
}
