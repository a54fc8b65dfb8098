// The console's texts of the flows area (web/src/i18n/parts/flows.*.json), read like harness.ts's
// `tr` reads the main files, so tests find elements by the names a person sees.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, type Lang } from './harness.js';

type Tree = { [key: string]: string | Tree };
const parts: Record<Lang, Tree> = {
  en: JSON.parse(readFileSync(join(ROOT, 'web/src/i18n/parts/flows.en.json'), 'utf8')) as Tree,
  nl: JSON.parse(readFileSync(join(ROOT, 'web/src/i18n/parts/flows.nl.json'), 'utf8')) as Tree,
};

export function ft(lang: Lang, key: string, values: Record<string, string | number> = {}): string {
  let node: string | Tree | undefined = parts[lang];
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') throw new Error(`no text ${lang}:${key}`);
  return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(values[name] ?? ''));
}
