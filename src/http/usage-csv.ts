// The CSV form of a usage read (`Accept: text/csv`): RFC 4180, CRLF line ends, one header line.
// Columns: at, tenantId, ownerId, keyId, valid, failed, then `spent.<name>` for every credits name
// spent in the range, by name (empty cells for groupings without owner or key).
import type { UsageItem, UsagePage } from '../services/usage.js';

export const USAGE_CSV_COLUMNS = ['at', 'tenantId', 'ownerId', 'keyId', 'valid', 'failed'] as const;

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // A cell starting like a formula is quoted with a leading apostrophe so spreadsheets show it as text.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const headerLine = (names: readonly string[]) => `${[...USAGE_CSV_COLUMNS, ...names.map((n) => `spent.${n}`)].map(cell).join(',')}\r\n`;
const itemLines = (names: readonly string[], items: readonly UsageItem[]) => items.map((i) =>
  `${[i.at, i.tenantId, i.ownerId, i.keyId, i.valid, i.failed, ...names.map((n) => (Object.hasOwn(i.spent, n) ? i.spent[n] : 0))].map(cell).join(',')}\r\n`).join('');

/** The CSV of items in memory, with a column for every name they spent. */
export function usageCsv(items: UsageItem[]): string {
  const names = [...new Set(items.flatMap((i) => Object.keys(i.spent)))].sort();
  return headerLine(names) + itemLines(names, items);
}

/** The same CSV, page by page as the pages are read: the header (`names`, every page's), then each page's lines. */
export async function* usageCsvChunks(names: readonly string[], pages: AsyncIterable<UsagePage>): AsyncGenerator<string> {
  yield headerLine(names);
  for await (const page of pages) if (page.items.length > 0) yield itemLines(names, page.items);
}
