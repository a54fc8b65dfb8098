// A JSON Lines file of keys to import (one POST /tenants/:tid/keys/import item a line), read in the
// browser and sent in requests within the route's limits: 1,000 items and 1 MiB.
import type { ImportItem } from './types';

const MAX_ITEMS = 1000;
const MAX_BYTES = 1_000_000; // under 1 MiB, with room for the envelope

export interface ImportLine {
  line: number;
  item: ImportItem;
  bytes: number;
}

/** The file's items with their line numbers (blank lines skipped), or the first line that is not a JSON object. */
export function parseImportFile(text: string): ImportLine[] | { badLine: number } {
  const items: ImportLine[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const json = lines[i].trim();
    if (!json) continue;
    let item: unknown;
    try {
      item = JSON.parse(json);
    } catch {
      return { badLine: i + 1 };
    }
    if (!item || typeof item !== 'object' || Array.isArray(item)) return { badLine: i + 1 };
    items.push({ line: i + 1, item: item as ImportItem, bytes: new TextEncoder().encode(json).length + 1 });
  }
  return items;
}

/** Consecutive batches of at most 1,000 items and about 1 MB each. */
export function batches<T extends { bytes: number }>(items: T[]): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length > 0 && (current.length === MAX_ITEMS || bytes + item.bytes > MAX_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.bytes;
  }
  if (current.length > 0) out.push(current);
  return out;
}
