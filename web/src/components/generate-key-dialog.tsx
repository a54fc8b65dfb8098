import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { CreateKeyInput, KeyWithSecret, Member, Resource, Scope, TenantSettings } from '../api/types';
import { useSession } from '../session';
import { Dialog } from './dialog';
import { ErrorAlert } from './error-alert';
import { ScopeEditor } from './scope-editor';
import { DialogActions } from './dialog-actions';
import { ContactEmailField, ManagementField, OwnerField } from './generate-key-fields';

const PRESETS = [7, 30, 90, 180, 365];

/** The expiry choices the tenant's maximum allows; `none` only when there is no maximum. */
export function expiryChoices(maxExpiryDays: number | null): (number | 'none')[] {
  if (maxExpiryDays === null) return [...PRESETS, 'none'];
  const allowed: number[] = PRESETS.filter((days) => days < maxExpiryDays);
  return [...allowed, maxExpiryDays];
}

interface GenerateKeyDialogProps {
  tenantId: string;
  settings: TenantSettings;
  resources: Resource[];
  onCreated(created: KeyWithSecret): void;
  onClose(): void;
  /** An admin's choice of owner among these members (a key for a member); without it the key is one's own. */
  members?: Member[];
  /** Starts limited to these scopes (a resource's "Add API key"). */
  initialScopes?: Scope[];
  title?: string;
}

export function GenerateKeyDialog({ tenantId, settings, resources, onCreated, onClose, members, initialScopes, title }: GenerateKeyDialogProps) {
  const { t } = useTranslation();
  const { me } = useSession();
  const [ownerId, setOwnerId] = useState('');
  const [email, setEmail] = useState('');
  const [management, setManagement] = useState(false);
  const forSelf = !members || ownerId === me?.user.id;
  const max = settings.maxExpiryDays;
  const choices = expiryChoices(max);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [expiry, setExpiry] = useState<string>(String(choices.includes(30) ? 30 : choices[choices.length - 1]));
  const [customDays, setCustomDays] = useState('');
  const [limitScopes, setLimitScopes] = useState(!!initialScopes);
  const [scopes, setScopes] = useState<Scope[]>(initialScopes ?? [{ resourceId: null, permission: 'read' }]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const ceiling = max ?? 3650;

  function input(): CreateKeyInput | null {
    if (members && !ownerId) {
      setInvalid(t('flows.member.needOwner'));
      return null;
    }
    if (!name.trim() && !description.trim()) {
      setInvalid(t('generate.needName'));
      return null;
    }
    const body: CreateKeyInput = {};
    if (name.trim()) body.name = name.trim();
    if (description.trim()) body.description = description.trim();
    if (expiry === 'custom') {
      const days = Number(customDays);
      if (!Number.isInteger(days) || days < 1 || days > ceiling) {
        setInvalid(t('generate.badDays', { max: ceiling }));
        return null;
      }
      body.expiresInDays = days;
    } else if (expiry !== 'none') {
      body.expiresInDays = Number(expiry);
    }
    if (limitScopes && scopes.length > 0) body.scopes = scopes;
    if (members) body.ownerId = ownerId;
    if (email.trim()) body.email = email.trim();
    if (forSelf && management) body.management = true;
    return body;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setInvalid(null);
    setError(null);
    const body = input();
    if (!body) return;
    setBusy(true);
    try {
      onCreated(await api.createKey(tenantId, body));
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <Dialog title={title ?? t('generate.title')} onClose={onClose} wide>
      <form className="form" onSubmit={submit} noValidate>
        {members && <OwnerField members={members} value={ownerId} onChange={setOwnerId} />}
        <label className="field">
          <span className="field-label">{t('generate.name')}</span>
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} data-autofocus={members ? undefined : true} />
        </label>
        <label className="field">
          <span className="field-label">{t('generate.description')}</span>
          <textarea className="input" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} />
        </label>
        <ContactEmailField value={email} onChange={setEmail} />
        <label className="field">
          <span className="field-label">{t('generate.expiry')}</span>
          <select className="input" value={expiry} onChange={(e) => setExpiry(e.target.value)} aria-describedby="expiry-hint">
            {choices.map((choice) => (
              <option key={choice} value={String(choice)}>
                {choice === 'none' ? t('generate.noExpiry') : t('generate.days', { count: choice })}
              </option>
            ))}
            <option value="custom">{t('generate.custom')}</option>
          </select>
        </label>
        <p className="hint" id="expiry-hint">
          {max === null ? t('generate.noMax') : t('generate.max', { count: max })}
        </p>
        {expiry === 'custom' && (
          <label className="field">
            <span className="field-label">{t('generate.customDays', { max: ceiling })}</span>
            <input className="input" type="number" min={1} max={ceiling} step={1} value={customDays} onChange={(e) => setCustomDays(e.target.value)} />
          </label>
        )}
        <ManagementField forSelf={forSelf} checked={management} tenantWide={!limitScopes || scopes.some((s) => s.resourceId === null)} onChange={setManagement} />
        <label className="check">
          <input type="checkbox" checked={limitScopes} onChange={(e) => setLimitScopes(e.target.checked)} />
          {t('generate.limitScopes')}
        </label>
        {!limitScopes && <p className="hint">{t('generate.defaultScope')}</p>}
        {limitScopes && <ScopeEditor resources={resources} scopes={scopes} onChange={setScopes} />}
        {invalid && (
          <p className="alert alert-error" role="alert">
            {invalid}
          </p>
        )}
        <ErrorAlert error={error} />
        <DialogActions submitLabel={t('generate.submit')} busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
