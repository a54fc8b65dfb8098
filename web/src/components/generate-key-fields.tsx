// The generate dialog's fields for the seeds' flows: the owner an admin chooses (Communibase), the
// contact e-mail, and the management flag for keys on Keywarden's own API and CLI (Qlik).
import { useTranslation } from 'react-i18next';
import type { Member } from '../api/types';

/** Only a licensed developer may hold a key (the server says NOT_DEVELOPER or NOT_LICENSED otherwise). */
export function mayHoldKeys(member: Member): boolean {
  return member.roles.includes('developer') && member.licensed;
}

export function OwnerField({ members, value, onChange }: { members: Member[]; value: string; onChange(userId: string): void }) {
  const { t } = useTranslation();
  return (
    <>
      <label className="field">
        <span className="field-label">{t('flows.member.owner')}</span>
        <select className="input" value={value} onChange={(e) => onChange(e.target.value)} aria-describedby="owner-hint" data-autofocus>
          <option value="">{t('flows.member.choose')}</option>
          {members.map((m) => (
            <option key={m.userId} value={m.userId} disabled={!mayHoldKeys(m)}>
              {mayHoldKeys(m) ? `${m.name} (${m.email})` : t('flows.member.cannotHold', { name: m.name, email: m.email })}
            </option>
          ))}
        </select>
      </label>
      <p className="hint" id="owner-hint">{t('flows.member.ownerHint')}</p>
    </>
  );
}

export function ContactEmailField({ value, onChange }: { value: string; onChange(email: string): void }) {
  const { t } = useTranslation();
  return (
    <>
      <label className="field">
        <span className="field-label">{t('flows.email.label')}</span>
        <input className="input" type="email" autoComplete="off" value={value} onChange={(e) => onChange(e.target.value)} maxLength={254} aria-describedby="contact-hint" />
      </label>
      <p className="hint" id="contact-hint">{t('flows.email.hint')}</p>
    </>
  );
}

/** Offered only for a key of one's own: the API refuses a management key for another member. */
export function ManagementField({ forSelf, checked, tenantWide, onChange }: { forSelf: boolean; checked: boolean; tenantWide: boolean; onChange(on: boolean): void }) {
  const { t } = useTranslation();
  return (
    <>
      <label className="check">
        <input type="checkbox" checked={forSelf && checked} disabled={!forSelf} onChange={(e) => onChange(e.target.checked)} aria-describedby="management-hint" />
        {t('flows.management.label')}
      </label>
      <p className="hint" id="management-hint">{forSelf ? t('flows.management.explain') : t('flows.management.onlyOwn')}</p>
      {forSelf && checked && !tenantWide && (
        <p className="alert alert-warning" role="status">
          {t('flows.management.needsTenantScope')}
        </p>
      )}
    </>
  );
}
