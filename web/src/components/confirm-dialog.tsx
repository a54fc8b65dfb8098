import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './dialog';
import { ErrorAlert } from './error-alert';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm(): Promise<void>;
  onClose(): void;
}

/** Asks before an irreversible step; shows the server's refusal in place if it fails. */
export function ConfirmDialog({ title, children, confirmLabel, danger, onConfirm, onClose }: ConfirmDialogProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={title}
      onClose={onClose}
      role="alertdialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose} data-autofocus>
            {t('common.cancel')}
          </button>
          <button type="button" className={danger ? 'button button-danger' : 'button button-primary'} onClick={confirm} disabled={busy}>
            {busy ? t('common.working') : confirmLabel}
          </button>
        </>
      }
    >
      {children}
      <ErrorAlert error={error} />
    </Dialog>
  );
}
