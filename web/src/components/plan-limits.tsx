// Platform page: a tenant's plan (its named limits) and their balances, which only a platform admin
// may change (DESIGN v1.1 "Named limits").
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { limitsApi } from '../api/limits';
import { ErrorAlert } from './error-alert';
import { Loading } from './loading';
import { LimitBalances, LimitsEditor } from './limits-editor';
import { useAsync } from '../hooks';

export function PlanLimits() {
  const { t } = useTranslation();
  const tenants = useAsync(() => api.listTenants().then((p) => p.items), []);
  const [tenantId, setTenantId] = useState('');
  const chosen = tenantId || tenants.data?.[0]?.id || '';
  const plan = useAsync(() => (chosen ? limitsApi.getPlan(chosen) : Promise.resolve(null)), [chosen]);
  const balances = useAsync(() => (chosen ? limitsApi.listBalances(chosen).then((p) => p.items) : Promise.resolve([])), [chosen]);
  return (
    <section className="section" aria-labelledby="plan-limits">
      <div className="section-head">
        <h2 id="plan-limits">{t('limits.planTitle')}</h2>
        <label className="field field-inline">
          <span className="field-label">{t('limits.tenant')}</span>
          <select className="input input-compact" value={chosen} onChange={(e) => setTenantId(e.target.value)}>
            {(tenants.data ?? []).map((tenant) => <option key={tenant.id} value={tenant.id}>{tenant.name}</option>)}
          </select>
        </label>
      </div>
      <p className="hint">{t('limits.planIntro')}</p>
      <ErrorAlert error={tenants.error ?? plan.error} onRetry={plan.reload} />
      {plan.loading && <Loading />}
      {plan.data && !plan.loading && (
        <LimitsEditor
          key={chosen}
          initial={plan.data}
          perKeyOnly={false}
          onSave={async (limits) => {
            await limitsApi.setPlan(chosen, limits);
            balances.reload();
          }}
        />
      )}
      <ErrorAlert error={balances.error} onRetry={balances.reload} />
      {balances.data && (
        <LimitBalances
          items={balances.data}
          onSet={async (item, remaining) => {
            await limitsApi.setBalance(chosen, item.name, { remaining, ...(item.per === 'owner' && item.ownerId && { ownerId: item.ownerId }), ...(item.per === 'key' && item.keyId && { keyId: item.keyId }) });
            balances.reload();
          }}
        />
      )}
    </section>
  );
}
