// Key page (tenant admins): the key's own named limits and the balances of its per-key limits
// (its own and its tenant's). A tenant admin changes the key's own; the tenant's are the plan, whose
// balances only a platform admin sets (DESIGN v1.1 "Named limits").
import { useTranslation } from 'react-i18next';
import { limitsApi } from '../api/limits';
import { ErrorAlert } from './error-alert';
import { LimitBalances, LimitsEditor } from './limits-editor';
import { useAsync } from '../hooks';
import { useSession, useTenant } from '../session';
import type { ApiKey } from '../api/types';

export function KeyLimits({ apiKey, onChanged }: { apiKey: ApiKey; onChanged(): void }) {
  const { t } = useTranslation();
  const tenant = useTenant();
  const tid = tenant.tenantId;
  const isPlatformAdmin = useSession().me?.user.isPlatformAdmin === true;
  const balances = useAsync(() => (tenant.isAdmin ? limitsApi.listBalances(tid, { keyId: apiKey.id }).then((p) => p.items) : Promise.resolve([])), [tid, apiKey.id, tenant.isAdmin]);
  if (!tenant.isAdmin) return null;
  return (
    <section className="section" aria-labelledby="key-limits">
      <h2 id="key-limits">{t('limits.keyTitle')}</h2>
      <p className="hint">{t('limits.keyIntro')}</p>
      <LimitsEditor
        key={apiKey.id}
        initial={apiKey.limits}
        perKeyOnly
        onSave={async (limits) => {
          await limitsApi.setKeyLimits(tid, apiKey.id, { limits });
          balances.reload();
          onChanged();
        }}
      />
      <ErrorAlert error={balances.error} onRetry={balances.reload} />
      {balances.data && (
        <LimitBalances
          items={balances.data}
          canSet={(item) => isPlatformAdmin || apiKey.limits.some((l) => l.name === item.name)}
          onSet={async (item, remaining) => {
            await limitsApi.setKeyLimits(tid, apiKey.id, { limitBalances: [{ name: item.name, remaining }] });
            balances.reload();
          }}
        />
      )}
    </section>
  );
}
