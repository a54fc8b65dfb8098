import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { flattenMessages as flatten } from './tree';
import { MESSAGES } from './messages';

/** Every literal `t('a.b')` key in the console's source (template keys are built at run time). */
function keysUsedInSource(): string[] {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts')) files.push(path);
    }
  };
  walk(root);
  const used = new Set<string>();
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(match[1]);
  }
  return [...used];
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe('console translations', () => {
  const english = flatten(MESSAGES.en);
  const dutch = flatten(MESSAGES.nl);

  it('has every English key in Dutch', () => {
    expect([...english.keys()].filter((key) => !dutch.has(key))).toEqual([]);
  });

  it('has no Dutch key that English lacks', () => {
    expect([...dutch.keys()].filter((key) => !english.has(key))).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const differing = [...english].filter(
      ([key, text]) => dutch.has(key) && placeholders(text).join() !== placeholders(dutch.get(key)!).join(),
    );
    expect(differing.map(([key]) => key)).toEqual([]);
  });

  it('has a text for every key the source asks for', () => {
    const missing = keysUsedInSource().filter((key) => !english.has(key) && !english.has(`${key}_other`));
    expect(missing).toEqual([]);
  });

  it('leaves no text empty', () => {
    const empty = [...english, ...dutch].filter(([, text]) => text.trim() === '');
    expect(empty.map(([key]) => key)).toEqual([]);
  });
});
