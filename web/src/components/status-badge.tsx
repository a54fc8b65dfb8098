import { useTranslation } from 'react-i18next';
import type { KeyStatus } from '../api/types';

export function StatusBadge({ status }: { status: KeyStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge-${status}`}>{t(`status.${status}`)}</span>;
}
