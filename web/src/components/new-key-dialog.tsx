// The secret of a new (or rotated) key, shown once; for a management key also how to use it.
import { useTranslation } from 'react-i18next';
import type { KeyWithSecret } from '../api/types';
import { ManagementSnippets } from './management-snippets';
import { SecretDialog } from './secret-dialog';
import { useSession } from '../session';

export function NewKeyDialog({ tenantId, created, onClose }: { tenantId: string; created: KeyWithSecret; onClose(): void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const { key, secret } = created;
  const forOther = me !== null && key.ownerId !== me.user.id;
  return (
    <SecretDialog
      secret={secret}
      subject={
        <>
          {forOther ? t('flows.member.forOwner', { name: key.name, owner: `${key.owner.name} (${key.owner.email})` }) : t('secret.forKey', { name: key.name })}{' '}
          <code>{key.id}</code>
        </>
      }
      onClose={onClose}
    >
      {key.management && <ManagementSnippets tenantId={tenantId} secret={secret} />}
    </SecretDialog>
  );
}
