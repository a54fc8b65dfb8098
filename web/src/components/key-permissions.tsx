// The key page's permissions: what the key may reach, and whether it may call Keywarden's own API.
// Its owner (with the developer role) narrows them or regenerates the key here; an admin who is not
// the owner sees them read-only, and revokes the key with the page's own button.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiKey, KeyWithSecret, Resource } from '../api/types';
import { navigate } from '../router';
import { useSession, useTenant } from '../session';
import { RotateKeyDialog } from './key-edit-dialogs';
import { NarrowKeyDialog } from './narrow-key-dialog';
import { ScopeList } from './scope-editor';
import { SecretDialog } from './secret-dialog';

type Open = 'narrow' | 'regenerate' | { created: KeyWithSecret } | null;

interface KeyPermissionsProps {
  apiKey: ApiKey;
  resources: Resource[] | undefined;
  onChanged(): void;
}

export function KeyPermissions({ apiKey, resources, onChanged }: KeyPermissionsProps) {
  const { t } = useTranslation();
  const { me } = useSession();
  const tenant = useTenant();
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const isOwner = me?.user.id === apiKey.ownerId;
  const canChange = isOwner && tenant.isDeveloper && apiKey.status === 'active';

  return (
    <section aria-labelledby="permissions-heading" className="section">
      <h2 id="permissions-heading">{t('console.permissions.title')}</h2>
      <dl className="facts">
        <dt>{t('key.scopes')}</dt>
        <dd><ScopeList scopes={apiKey.scopes} resources={resources} /></dd>
        <dt>{t('console.permissions.management')}</dt>
        <dd>{apiKey.management ? t('console.permissions.managementOn') : t('console.permissions.managementOff')}</dd>
      </dl>
      {notice && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}
      {canChange && (
        <>
          <p className="hint">{t('console.permissions.ownerHint')}</p>
          <p className="inline-actions">
            <button type="button" className="button" onClick={() => setOpen('narrow')} disabled={!resources}>
              {t('console.permissions.narrow')}
            </button>
            {!apiKey.rotatedTo && (
              <button type="button" className="button" onClick={() => setOpen('regenerate')}>
                {t('myKeys.rotate')}
              </button>
            )}
          </p>
        </>
      )}
      {isOwner && !tenant.isDeveloper && <p className="hint">{t('console.permissions.needDeveloper')}</p>}
      {!isOwner && tenant.isAdmin && (
        <p className="hint">{t('console.permissions.readOnly', { owner: apiKey.owner.name || apiKey.owner.email })}</p>
      )}

      {open === 'narrow' && resources && (
        <NarrowKeyDialog
          tenantId={tenant.tenantId}
          apiKey={apiKey}
          resources={resources}
          onSaved={() => {
            setOpen(null);
            setNotice(t('console.narrow.saved', { name: apiKey.name }));
            onChanged();
          }}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'regenerate' && (
        <RotateKeyDialog tenantId={tenant.tenantId} apiKey={apiKey} onRotated={(created) => setOpen({ created })} onClose={() => setOpen(null)} />
      )}
      {open && typeof open === 'object' && (
        <SecretDialog
          secret={open.created.secret}
          subject={<>{t('secret.forKey', { name: open.created.key.name })} <code>{open.created.key.id}</code></>}
          onClose={() => {
            setOpen(null);
            navigate(`/keys/${encodeURIComponent(open.created.key.id)}`); // the new key; the old one links to it
          }}
        />
      )}
    </section>
  );
}
