// An admin makes a key for a member (the Communibase flow): the button, the generate dialog with the
// owner to choose, and the secret shown once to the admin. Also a resource's "Add API key".
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { KeyWithSecret, Scope } from '../api/types';
import { useAsync } from '../hooks';
import { useTenant } from '../session';
import { GenerateKeyDialog } from './generate-key-dialog';
import { NewKeyDialog } from './new-key-dialog';

interface GenerateForMemberProps {
  /** The button's text; "Generate for a member" by default. */
  label?: string;
  /** Starts the dialog limited to these scopes. */
  initialScopes?: Scope[];
  onCreated?(created: KeyWithSecret): void;
}

export function GenerateForMember({ label, initialScopes, onCreated }: GenerateForMemberProps) {
  const { t } = useTranslation();
  const tid = useTenant().tenantId;
  const [open, setOpen] = useState<'generate' | KeyWithSecret | null>(null);
  const settings = useAsync(() => api.getSettings(tid), [tid]);
  const members = useAsync(() => api.listMembers(tid).then((page) => page.items), [tid]);
  const resources = useAsync(() => api.listAllResources(tid), [tid]);
  const ready = settings.data && members.data && resources.data;
  const disabled = settings.data?.apiKeysEnabled === false;

  return (
    <>
      <button type="button" className="button button-primary" disabled={!ready || disabled} onClick={() => setOpen('generate')} aria-describedby={disabled ? 'member-keys-off' : undefined}>
        {label ?? t('flows.member.generate')}
      </button>
      {disabled && (
        <span id="member-keys-off" className="visually-hidden">
          {t('flows.member.disabled')}
        </span>
      )}
      {open === 'generate' && ready && (
        <GenerateKeyDialog
          tenantId={tid}
          settings={settings.data!}
          resources={resources.data!}
          members={members.data}
          initialScopes={initialScopes}
          title={t('flows.member.title')}
          onCreated={(created) => {
            setOpen(created);
            onCreated?.(created);
          }}
          onClose={() => setOpen(null)}
        />
      )}
      {open !== null && open !== 'generate' && <NewKeyDialog tenantId={tid} created={open} onClose={() => setOpen(null)} />}
    </>
  );
}
