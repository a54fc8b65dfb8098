// The CSV form of a usage read (`Accept: text/csv`): RFC 4180, CRLF line ends, one header line.
// Columns: at, tenantId, ownerId, keyId, valid, failed, then `spent.<name>` for every credits name
// spent in the range, by name (empty cells for groupings without owner or key).
import type { UsageItem } from '../services/usage.js';

export const USAGE_CSV_COLUMNS = ['at', 'tenantId', 'ownerId', 'keyId', 'valid', 'failed'] as const;

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // A cell starting like a formula is quoted with a leading apostrophe so spreadsheets show it as text.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function usageCsv(items: UsageItem[]): string {
  const names = [...new Set(items.flatMap((i) => Object.keys(i.spent)))].sort();
  const lines = [[...USAGE_CSV_COLUMNS, ...names.map((n) => `spent.${n}`)].map(cell).join(',')];
  for (const i of items) {
    lines.push([i.at, i.tenantId, i.ownerId, i.keyId, i.valid, i.failed, ...names.map((n) => (Object.hasOwn(i.spent, n) ? i.spent[n] : 0))].map(cell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
