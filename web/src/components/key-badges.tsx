import { useTranslation } from 'react-i18next';

/** Marks a management key (one that may also call Keywarden's own API) in lists. */
export function ManagementBadge({ management }: { management: boolean }) {
  const { t } = useTranslation();
  return management ? <span className="badge badge-management">{t('flows.management.flag')}</span> : null;
}
