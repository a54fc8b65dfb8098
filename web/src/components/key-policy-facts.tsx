// A key's tenant-policy facts on its page: when it is due for rotation, and when it will be revoked if
// it stays unused (Key.rotationDueAt, Key.unusedRevokeAt). Rows of the key's facts list; nothing
// when the tenant has neither policy on.
import { useTranslation } from 'react-i18next';
import type { ApiKey } from '../api/types';
import { useFormat } from '../i18n/format';

export function KeyPolicyFacts({ apiKey }: { apiKey: Pick<ApiKey, 'rotationDueAt' | 'unusedRevokeAt'> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { rotationDueAt, unusedRevokeAt } = apiKey;
  const due = rotationDueAt != null && Date.parse(rotationDueAt) <= Date.now();
  return (
    <>
      {rotationDueAt != null && (
        <>
          <dt>{t('policies.key.rotation')}</dt>
          <dd className={due ? 'policy-due' : undefined}>
            {t(due ? 'policies.key.dueSince' : 'policies.key.dueOn', { date: format.date(rotationDueAt) })}
          </dd>
        </>
      )}
      {unusedRevokeAt != null && (
        <>
          <dt>{t('policies.key.unused')}</dt>
          <dd>{t('policies.key.revokeOn', { date: format.date(unusedRevokeAt) })}</dd>
        </>
      )}
    </>
  );
}
