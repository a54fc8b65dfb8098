// Verifications over time as plain SVG bars: valid stacked under failed.
import { useTranslation } from 'react-i18next';
import type { Usage } from '../api/types';
import { useFormat } from '../i18n/format';

const WIDTH = 480;
const HEIGHT = 120;
const PAD = 18;

export function UsageChart({ usage }: { usage: Usage }) {
  const { t } = useTranslation();
  const format = useFormat();
  const items = usage.items;
  const totalValid = items.reduce((sum, item) => sum + item.valid, 0);
  const totalFailed = items.reduce((sum, item) => sum + item.failed, 0);
  const peak = Math.max(1, ...items.map((item) => item.valid + item.failed));
  const slot = items.length ? (WIDTH - PAD) / items.length : 0;
  const bar = Math.max(1, slot * 0.75);
  const scale = (value: number) => (value / peak) * (HEIGHT - PAD);
  const stamp = (iso: string) =>
    new Intl.DateTimeFormat(format.locale, usage.interval === 'hour' ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'short' }).format(new Date(iso));
  const summary = t('usage.summary', {
    valid: format.number(totalValid),
    failed: format.number(totalFailed),
    count: items.length,
    interval: t(`usage.interval.${usage.interval}`, { count: items.length }),
  });

  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT + 14}`} role="img" aria-label={summary} preserveAspectRatio="none">
        <line x1={PAD} y1={HEIGHT} x2={WIDTH} y2={HEIGHT} className="chart-axis" />
        <text x={PAD - 4} y={10} className="chart-label" textAnchor="end">
          {format.number(peak)}
        </text>
        {items.map((item, i) => {
          const x = PAD + i * slot + (slot - bar) / 2;
          const valid = scale(item.valid);
          const failed = scale(item.failed);
          return (
            <g key={item.at}>
              <title>{`${format.dateTime(item.at)}: ${t('usage.valid')} ${format.number(item.valid)}, ${t('usage.failed')} ${format.number(item.failed)}`}</title>
              <rect x={x} y={HEIGHT - valid} width={bar} height={valid} className="chart-valid" />
              <rect x={x} y={HEIGHT - valid - failed} width={bar} height={failed} className="chart-failed" />
            </g>
          );
        })}
        {items.length > 0 && (
          <>
            <text x={PAD} y={HEIGHT + 12} className="chart-label">
              {stamp(items[0].at)}
            </text>
            <text x={WIDTH} y={HEIGHT + 12} className="chart-label" textAnchor="end">
              {stamp(items[items.length - 1].at)}
            </text>
          </>
        )}
      </svg>
      <figcaption className="chart-legend">
        <span className="legend legend-valid">{t('usage.valid')}: {format.number(totalValid)}</span>
        <span className="legend legend-failed">{t('usage.failed')}: {format.number(totalFailed)}</span>
      </figcaption>
    </figure>
  );
}
