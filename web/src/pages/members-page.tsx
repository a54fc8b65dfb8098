// Management console → Members: who has access, with which roles and licence.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Member } from '../api/types';
import { ConfirmDialog } from '../components/confirm-dialog';
import { GrantAccess } from '../components/grant-access';
import { ListTable } from '../components/list-table';
import { MemberRow, ROLES } from '../components/member-row';
import { PageHeader } from '../components/page-header';
import { useAsync, useDebounced } from '../hooks';
import { useSession, useTenant } from '../session';

export function MembersPage() {
  const { t } = useTranslation();
  const tenant = useTenant();
  const { me, refresh } = useSession();
  const tid = tenant.tenantId;
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim());
  const [withdrawing, setWithdrawing] = useState<Member | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const members = useAsync(() => api.listMembers(tid, query || undefined).then((p) => p.items), [tid, query]);

  function changed(member: Member, message: string) {
    setNotice(message);
    members.reload();
    // The session carries the signed-in person's own roles: reload it when they change themself.
    if (member.userId === me?.user.id) void refresh();
  }

  return (
    <>
      <PageHeader title={t('members.title')} intro={t('members.intro')} />
      <GrantAccess tenantId={tid} members={members.data ?? []} onGranted={(m) => changed(m, t('members.granted', { name: m.name }))} />
      {notice && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}
      <section aria-labelledby="members-heading" className="section">
        <div className="section-head">
          <h2 id="members-heading">{t('members.listTitle')}</h2>
          <label className="field field-inline">
            <span className="field-label">{t('members.search')}</span>
            <input className="input input-compact" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
          </label>
        </div>
        <ListTable
          rows={members.data}
          loading={members.loading}
          error={members.error}
          onRetry={members.reload}
          empty={t('members.empty')}
          caption={t('members.caption')}
          head={
            <tr>
              <th scope="col">{t('members.member')}</th>
              {ROLES.map((role) => (
                <th scope="col" key={role} className="center">{t(`role.${role}`)}</th>
              ))}
              <th scope="col" className="center">{t('members.licensed')}</th>
              <th scope="col">{t('keys.col.actions')}</th>
            </tr>
          }
        >
          {(members.data ?? []).map((member) => (
            <MemberRow
              key={`${member.userId}:${member.roles.join()}:${member.licensed}`}
              tenantId={tid}
              member={member}
              isSelf={member.userId === me?.user.id}
              onSaved={(m) => changed(m, t('members.saved', { name: m.name }))}
              onWithdraw={setWithdrawing}
            />
          ))}
        </ListTable>
      </section>
      {withdrawing && (
        <ConfirmDialog
          title={t('members.withdrawTitle', { name: withdrawing.name })}
          confirmLabel={t('members.withdrawConfirm')}
          danger
          onConfirm={async () => {
            await api.removeMember(tid, withdrawing.userId);
            changed(withdrawing, t('members.withdrawn', { name: withdrawing.name }));
          }}
          onClose={() => setWithdrawing(null)}
        >
          <p>{t('members.withdrawWarning', { name: withdrawing.name, tenant: tenant.tenantName })}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
