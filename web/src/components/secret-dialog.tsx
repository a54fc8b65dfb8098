import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from './copy-button';
import { Dialog } from './dialog';

interface SecretDialogProps {
  secret: string;
  /** What the secret belongs to, shown above it. */
  subject: ReactNode;
  /** The texts' group: `secret` for an API key, `webhookSecret` for an endpoint's signing secret. */
  texts?: 'secret' | 'webhookSecret';
  onClose(): void;
  /** More to say below the secret (how to use it). */
  children?: ReactNode;
}

/** Shows a new secret once, with a copy button and a plain warning that it will not come back. */
export function SecretDialog({ secret, subject, texts = 'secret', onClose, children }: SecretDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog
      title={t(`${texts}.title`)}
      onClose={onClose}
      wide={!!children}
      footer={
        <button type="button" className="button button-primary" onClick={onClose}>
          {t(`${texts}.done`)}
        </button>
      }
    >
      <div className="alert alert-warning" role="note">
        <p className="alert-title">{t(`${texts}.warningTitle`)}</p>
        <p>{t(`${texts}.warning`)}</p>
      </div>
      <p>{subject}</p>
      <label className="field" htmlFor="new-secret">
        <span className="field-label">{t(`${texts}.label`)}</span>
      </label>
      <div className="secret-row">
        <input id="new-secret" className="input secret" readOnly value={secret} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        <CopyButton text={secret} label={t(`${texts}.copy`)} />
      </div>
      {children}
    </Dialog>
  );
}
