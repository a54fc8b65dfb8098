import { useFormat } from '../i18n/format';

/** A date in the chosen locale; tables show the day, the full moment is in the title and markup. */
export function Time({ iso, full }: { iso: string | null | undefined; full?: boolean }) {
  const format = useFormat();
  if (!iso) return <span className="muted">{format.dateTime(null)}</span>;
  return (
    <time dateTime={iso} title={format.dateTime(iso)}>
      {full ? format.dateTime(iso) : format.date(iso)}
    </time>
  );
}
