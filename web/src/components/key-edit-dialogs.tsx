import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ApiKey, KeyWithSecret } from '../api/types';
import { Dialog } from './dialog';
import { ErrorAlert } from './error-alert';
import { DialogActions } from './dialog-actions';
import { useSubmit } from '../hooks';
import { useFormat } from '../i18n/format';

interface RenameProps {
  tenantId: string;
  apiKey: ApiKey;
  onSaved(key: ApiKey): void;
  onClose(): void;
}

export function RenameKeyDialog({ tenantId, apiKey, onSaved, onClose }: RenameProps) {
  const { t } = useTranslation();
  const [name, setName] = useState(apiKey.name);
  const [description, setDescription] = useState(apiKey.description ?? '');
  const { busy, error, submit } = useSubmit(
    () => {
      // Send only what changed, so an untouched empty description stays null.
      const patch: { name?: string; description?: string } = {};
      if (name.trim() !== apiKey.name) patch.name = name.trim();
      if (description.trim() !== (apiKey.description ?? '')) patch.description = description.trim();
      return Object.keys(patch).length ? api.updateKey(tenantId, apiKey.id, patch) : Promise.resolve(apiKey);
    },
    onSaved,
  );
  return (
    <Dialog title={t('rename.title', { name: apiKey.name })} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <label className="field">
          <span className="field-label">{t('generate.name')}</span>
          <input className="input" required value={name} onChange={(e) => setName(e.target.value)} maxLength={200} data-autofocus />
        </label>
        <label className="field">
          <span className="field-label">{t('generate.description')}</span>
          <textarea className="input" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} />
        </label>
        <ErrorAlert error={error} />
        <DialogActions submitLabel={t('common.save')} busy={busy} disabled={!name.trim()} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

const GRACE_PERIODS = [0, 3600, 86400, 7 * 86400, 30 * 86400];

interface RotateProps {
  tenantId: string;
  apiKey: ApiKey;
  onRotated(created: KeyWithSecret): void;
  onClose(): void;
}

/** "Regenerate" (the seeds' word for rotation): a new secret, and the old one kept for a grace period. */
export function RotateKeyDialog({ tenantId, apiKey, onRotated, onClose }: RotateProps) {
  const { t } = useTranslation();
  const [grace, setGrace] = useState('0');
  const { busy, error, submit } = useSubmit(() => api.rotateKey(tenantId, apiKey.id, Number(grace)), onRotated);
  return (
    <Dialog title={t('rotate.title', { name: apiKey.name })} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <p>{t('rotate.explain')}</p>
        <label className="field">
          <span className="field-label">{t('rotate.grace')}</span>
          <select className="input" value={grace} onChange={(e) => setGrace(e.target.value)} aria-describedby="grace-outcome" data-autofocus>
            {GRACE_PERIODS.map((seconds) => (
              <option key={seconds} value={seconds}>
                {t(`rotate.period.${seconds}`)}
              </option>
            ))}
          </select>
        </label>
        <GraceOutcome apiKey={apiKey} seconds={Number(grace)} />
        <ErrorAlert error={error} />
        <DialogActions submitLabel={t('rotate.submit')} busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

/** What happens to the old secret, and until when: min(its own expiry, now + the grace period). */
function GraceOutcome({ apiKey, seconds }: { apiKey: ApiKey; seconds: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const graceEnd = Date.now() + seconds * 1000;
  const ownEnd = apiKey.expiresAt ? Date.parse(apiKey.expiresAt) : Infinity;
  const text =
    seconds === 0
      ? t('console.regenerate.atOnce')
      : ownEnd < graceEnd
        ? t('console.regenerate.untilOwnExpiry', { at: format.dateTime(apiKey.expiresAt) })
        : t('console.regenerate.until', { at: format.dateTime(new Date(graceEnd).toISOString()) });
  return (
    <div className="alert alert-info" id="grace-outcome" aria-live="polite">
      <p>{text}</p>
      {seconds > 0 && <p>{t('console.regenerate.adminMayRevoke')}</p>}
    </div>
  );
}
