// Human-readable tables by default, JSON for scripts.
import type { Io } from './io.js';

export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
  /** Longer values are cut with "…" (a table is for reading; --json has everything). */
  maxWidth?: number;
}

export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Times as `2026-11-24 10:00Z`: short enough for a table, still UTC and unambiguous. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '-';
  return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, 'Z');
}

/** Milliseconds as the largest whole unit: 60000 → 1m, 1500 → 1500ms. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

export function table<T>(rows: T[], columns: Column<T>[]): string {
  const cut = (text: string, max = Infinity) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
  const cells = rows.map((row) => columns.map((c) => cut(formatValue(c.value(row)).replace(/\s+/g, ' '), c.maxWidth)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n') + '\n';
}

/** One object as `field  value` lines. */
export function fields(pairs: [string, unknown][]): string {
  const width = Math.max(...pairs.map(([name]) => name.length));
  return pairs.map(([name, value]) => `${name.padEnd(width)}  ${formatValue(value)}`).join('\n') + '\n';
}

export function printJson(io: Io, value: unknown): void {
  io.stdout(JSON.stringify(value, null, 2) + '\n');
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * One page of a list: as JSON, or as a table (`No <noun>.` when empty) with the way to the next
 * page on stderr, so that stdout stays the table alone.
 */
export function printPage<T>(io: Io, page: Page<T>, options: { json?: boolean; columns: Column<T>[]; noun: string; more?: string }): void {
  if (options.json) return printJson(io, page);
  io.stdout(page.items.length ? table(page.items, options.columns) : `No ${options.noun}.\n`);
  if (page.nextCursor) io.stderr(`More ${options.noun}: add --cursor ${page.nextCursor}${options.more ?? ''}.\n`);
}
