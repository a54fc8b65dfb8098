import { useTranslation } from 'react-i18next';
import type { KeyWithSecret } from '../api/types';
import { CopyButton } from './copy-button';
import { Dialog } from './dialog';

/** Shows a new secret once, with a copy button and a plain warning that it will not come back. */
export function SecretDialog({ created, onClose }: { created: KeyWithSecret; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Dialog
      title={t('secret.title')}
      onClose={onClose}
      footer={
        <button type="button" className="button button-primary" onClick={onClose}>
          {t('secret.done')}
        </button>
      }
    >
      <div className="alert alert-warning" role="note">
        <p className="alert-title">{t('secret.warningTitle')}</p>
        <p>{t('secret.warning')}</p>
      </div>
      <p>
        {t('secret.forKey', { name: created.key.name })} <code>{created.key.id}</code>
      </p>
      <label className="field" htmlFor="new-secret">
        <span className="field-label">{t('secret.label')}</span>
      </label>
      <div className="secret-row">
        <input id="new-secret" className="input secret" readOnly value={created.secret} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        <CopyButton text={created.secret} label={t('secret.copy')} />
      </div>
    </Dialog>
  );
}
