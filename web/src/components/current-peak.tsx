// Beside the excessive-use threshold: what it does, and the tenant's current peak (the most
// verifications one key had in one minute in the last 24 hours) to choose it by.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useAsync } from '../hooks';
import { useFormat } from '../i18n/format';

export function CurrentPeak({ tenantId }: { tenantId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const since = useMemo(() => new Date(Date.now() - 24 * 3_600_000).toISOString(), []);
  const top = useAsync(() => api.topKeys(tenantId, { since, limit: 1 }), [tenantId, since]);
  const peak = top.data?.peak;
  return (
    <div className="hint" id="excessive-explain">
      <p>{t('metering.peak.explain')}</p>
      {top.data && (
        <p data-testid="current-peak">
          {peak ? t('metering.peak.current', { formatted: format.number(peak.perMinute) }) : t('metering.peak.none')}
        </p>
      )}
    </div>
  );
}
