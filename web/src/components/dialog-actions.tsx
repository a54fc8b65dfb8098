// The Cancel / submit pair at the foot of every form dialog; the submit label turns into
// "Working…" while the request runs.
import { useTranslation } from 'react-i18next';

interface DialogActionsProps {
  submitLabel: string;
  busy: boolean;
  disabled?: boolean;
  onCancel(): void;
}

export function DialogActions({ submitLabel, busy, disabled = false, onCancel }: DialogActionsProps) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      <button type="button" className="button" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button type="submit" className="button button-primary" disabled={busy || disabled}>
        {busy ? t('common.working') : submitLabel}
      </button>
    </div>
  );
}
