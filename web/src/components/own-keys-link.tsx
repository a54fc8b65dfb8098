// Settings' API-keys section points an admin to their own keys (Qlik's "Generate new").
import { useTranslation } from 'react-i18next';
import { Link } from '../router';

export function OwnKeysLink() {
  const { t } = useTranslation();
  return (
    <p className="hint">
      {t('console.ownKeys.text')} <Link to="/my-keys" className="button button-small">{t('console.ownKeys.generate')}</Link>
    </p>
  );
}
