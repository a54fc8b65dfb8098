// Verifications over time as plain SVG bars: valid stacked under failed.
import { useTranslation } from 'react-i18next';
import type { Usage } from '../api/types';
import { useFormat } from '../i18n/format';

const WIDTH = 600;
const HEIGHT = 120;

export function UsageChart({ usage }: { usage: Usage }) {
  const { t } = useTranslation();
  const format = useFormat();
  const items = usage.items;
  const totalValid = items.reduce((sum, item) => sum + item.valid, 0);
  const totalFailed = items.reduce((sum, item) => sum + item.failed, 0);
  const peak = Math.max(1, ...items.map((item) => item.valid + item.failed));
  const slot = items.length ? WIDTH / items.length : 0;
  const bar = Math.max(1, slot * 0.7);
  const scale = (value: number) => (value / peak) * (HEIGHT - 4);
  const stamp = (iso: string) =>
    new Intl.DateTimeFormat(format.locale, usage.interval === 'hour'
      ? { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }
      : { day: 'numeric', month: 'short' }).format(new Date(iso));
  const summary = t('usage.summary', {
    valid: format.number(totalValid),
    failed: format.number(totalFailed),
    count: items.length,
    interval: t(`usage.interval.${usage.interval}`, { count: items.length }),
  });

  // Labels live in HTML next to the drawing, so the bars may stretch without stretching text.
  return (
    <figure className="chart">
      <div className="chart-plot">
        <span className="chart-peak" aria-hidden="true">{format.number(peak)}</span>
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} preserveAspectRatio="none">
          <line x1={0} y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} className="chart-axis" />
          {items.map((item, i) => {
            const x = i * slot + (slot - bar) / 2;
            const valid = scale(item.valid);
            const failed = scale(item.failed);
            return (
              <g key={item.at}>
                <title>{`${stamp(item.at)}: ${t('usage.valid')} ${format.number(item.valid)}, ${t('usage.failed')} ${format.number(item.failed)}`}</title>
                <rect x={x} y={HEIGHT - valid} width={bar} height={valid} className="chart-valid" />
                <rect x={x} y={HEIGHT - valid - failed} width={bar} height={failed} className="chart-failed" />
              </g>
            );
          })}
        </svg>
      </div>
      {items.length > 0 && (
        <div className="chart-range" aria-hidden="true">
          <span>{stamp(items[0].at)}</span>
          <span>{stamp(items[items.length - 1].at)}</span>
        </div>
      )}
      <figcaption className="chart-legend">
        <span className="legend legend-valid">{t('usage.valid')}: {format.number(totalValid)}</span>
        <span className="legend legend-failed">{t('usage.failed')}: {format.number(totalFailed)}</span>
      </figcaption>
    </figure>
  );
}
