// A key's metadata and allowed addresses (DESIGN v1.1 "Key metadata", "IP restrictions"): shown to
// whoever may read the key, changed by its owner (a developer) or a tenant admin. An owner may only
// narrow the address list; the server judges that (403 otherwise), the hint says so beforehand.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ApiKey } from '../api/types';
import { ErrorAlert } from './error-alert';
import { TextAreaField } from './text-area-field';
import { readAddressList, writeAddressList, MAX_ADDRESSES } from './address-list';
import { useSession, useTenant } from '../session';

const MAX_META_BYTES = 4096;
type Meta = Record<string, unknown>;
type MetaCheck = { meta: Meta | null; problem?: undefined } | { problem: string };

const metaText = (meta: Meta | null | undefined) => (meta ? JSON.stringify(meta, null, 2) : '');
const bytesOf = (text: string) => new TextEncoder().encode(text).length;

export function KeyRestrictions({ apiKey, onSaved }: { apiKey: ApiKey; onSaved(): void }) {
  const { t } = useTranslation();
  const tenant = useTenant();
  const { me } = useSession();
  const isOwner = me?.user.id === apiKey.ownerId;
  const mayEdit = tenant.isAdmin || (isOwner && tenant.isDeveloper);
  const [meta, setMeta] = useState(metaText(apiKey.meta));
  const [addresses, setAddresses] = useState(writeAddressList(apiKey.allowedIps));
  const [problems, setProblems] = useState<{ meta?: string; addresses?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  // What each field last showed of the key, or last saved: the key read again (after a save, say)
  // replaces a field only while it still holds that, so what the user typed since is never lost,
  // nor is a save of it then taken for "nothing changed".
  const shown = useRef({ meta, addresses });
  useEffect(() => {
    const next = { meta: metaText(apiKey.meta), addresses: writeAddressList(apiKey.allowedIps) };
    const before = shown.current;
    setMeta((current) => (current === before.meta ? next.meta : current));
    setAddresses((current) => (current === before.addresses ? next.addresses : current));
    shown.current = next;
  }, [apiKey]);

  function checkMeta(text: string): MetaCheck {
    if (text.trim() === '') return { meta: null };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { problem: t('restrictions.metaInvalid') };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { problem: t('restrictions.metaNotObject') };
    const bytes = bytesOf(JSON.stringify(parsed));
    if (bytes > MAX_META_BYTES) return { problem: t('restrictions.metaTooLarge', { bytes, max: MAX_META_BYTES }) };
    return { meta: parsed as Meta };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    setError(null);
    const metaCheck = checkMeta(meta);
    const listCheck = readAddressList(addresses);
    const found = {
      ...(metaCheck.problem !== undefined && { meta: metaCheck.problem }),
      ...(listCheck.problem === 'tooMany' && { addresses: t('restrictions.ipsTooMany', { max: MAX_ADDRESSES }) }),
      ...(listCheck.problem === 'bad' && { addresses: t('restrictions.ipsInvalid', { entry: listCheck.entry }) }),
    };
    setProblems(found);
    if (found.meta) return document.getElementById('key-meta')?.focus();
    if (found.addresses) return document.getElementById('key-allowed-ips')?.focus();
    // Only what changed is sent: an owner's unchanged list is not re-judged.
    const nextMeta = (metaCheck as { meta: Meta | null }).meta;
    const nextList = (listCheck as { list: string[] | null }).list;
    const patch = {
      ...(JSON.stringify(nextMeta) !== JSON.stringify(apiKey.meta ?? null) && { meta: nextMeta }),
      ...(JSON.stringify(nextList) !== JSON.stringify(apiKey.allowedIps ?? null) && { allowedIps: nextList }),
    };
    if (Object.keys(patch).length === 0) return setSaved(true);
    setBusy(true);
    try {
      await api.updateKey(tenant.tenantId, apiKey.id, patch);
      // Saved as typed: the key read again may show it normalised, unless the user types on.
      shown.current = { meta, addresses };
      setSaved(true);
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  if (!mayEdit) {
    return (
      <section aria-labelledby="restrictions-heading" className="section">
        <h2 id="restrictions-heading">{t('restrictions.title')}</h2>
        <dl className="facts">
          <dt>{t('restrictions.meta')}</dt>
          <dd>{apiKey.meta ? <pre>{metaText(apiKey.meta)}</pre> : t('restrictions.noMeta')}</dd>
          <dt>{t('restrictions.allowedIps')}</dt>
          <dd>{apiKey.allowedIps ? apiKey.allowedIps.join(', ') : t('restrictions.anyAddress')}</dd>
        </dl>
      </section>
    );
  }

  return (
    <section aria-labelledby="restrictions-heading" className="section">
      <h2 id="restrictions-heading">{t('restrictions.title')}</h2>
      <form className="form card" onSubmit={submit} noValidate>
        <TextAreaField
          id="key-meta" label={t('restrictions.meta')} rows={6} value={meta} problem={problems.meta}
          onChange={(v) => { setMeta(v); setSaved(false); }} hint={t('restrictions.metaHint', { max: MAX_META_BYTES })}
        />
        <TextAreaField
          id="key-allowed-ips" label={t('restrictions.allowedIps')} value={addresses} problem={problems.addresses}
          onChange={(v) => { setAddresses(v); setSaved(false); }}
          hint={tenant.isAdmin ? t('restrictions.ipsAdminHint') : t('restrictions.ipsOwnerHint')}
        />

        <ErrorAlert error={error} />
        {saved && <p className="alert alert-success" role="status">{t('restrictions.saved')}</p>}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('common.working') : t('restrictions.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
