// The frame every list page shares: a spinner until the first load answers, its error with a
// retry, a plain sentence when the list is empty, and otherwise a scrollable table with a caption.
import type { ReactNode } from 'react';
import { ErrorAlert } from './error-alert';
import { Loading } from './loading';

interface ListTableProps {
  /** The rows loaded so far; undefined until the first load answers. */
  rows: readonly unknown[] | undefined;
  /** A load is under way: a spinner shows while there are no rows yet (pages with their own spinner leave it out). */
  loading?: boolean;
  error: unknown;
  onRetry(): void;
  /** Said when the list is empty; nothing is said without it. */
  empty?: string;
  caption: string;
  /** The header row. */
  head: ReactNode;
  className?: string;
  children: ReactNode;
}

export function ListTable({ rows, loading = false, error, onRetry, empty, caption, head, className, children }: ListTableProps) {
  return (
    <>
      {loading && !rows && <Loading />}
      <ErrorAlert error={error} onRetry={onRetry} />
      {rows && rows.length === 0 && empty && <p className="empty">{empty}</p>}
      {rows && rows.length > 0 && (
        <div className="table-wrap">
          <table className={className ? `table ${className}` : 'table'}>
            <caption className="visually-hidden">{caption}</caption>
            <thead>{head}</thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      )}
    </>
  );
}
