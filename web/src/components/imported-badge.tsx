// Marks a key imported from another system (its `start` is what the import gave, maybe empty).
import { useTranslation } from 'react-i18next';

export function ImportedBadge({ imported }: { imported: boolean }) {
  const { t } = useTranslation();
  if (!imported) return null;
  return (
    <span className="badge badge-imported" title={t('import.importedHint')}>
      {t('import.imported')}
    </span>
  );
}
