import { useTranslation } from 'react-i18next';

interface SortHeaderProps {
  field: string;
  label: string;
  sort: string; // `field` ascending or `-field` descending
  onSort(sort: string): void;
}

/** A column header that sorts by its field; a second press reverses the order. */
export function SortHeader({ field, label, sort, onSort }: SortHeaderProps) {
  const { t } = useTranslation();
  const active = sort === field || sort === `-${field}`;
  const descending = sort === `-${field}`;
  const next = active && !descending ? `-${field}` : field;
  return (
    <th scope="col" aria-sort={active ? (descending ? 'descending' : 'ascending') : undefined}>
      <button type="button" className="sort-button" onClick={() => onSort(next)} title={t('keys.sortBy', { column: label })}>
        {label}
        <span aria-hidden="true" className="sort-mark">
          {active ? (descending ? '▼' : '▲') : '↕'}
        </span>
      </button>
    </th>
  );
}
