// The console's texts: the main files plus one pair of part files per area (parts/<area>.en.json,
// parts/<area>.nl.json), so that an area's texts live beside each other and not in one long file.
import en from './en.json';
import nl from './nl.json';

export type Messages = { [key: string]: string | Messages };

const parts = import.meta.glob<Messages>('./parts/*.json', { eager: true, import: 'default' });

function merge(target: Messages, source: Messages): Messages {
  for (const [name, value] of Object.entries(source)) {
    const existing = target[name];
    target[name] = typeof value === 'object' && typeof existing === 'object' ? merge({ ...existing }, value) : value;
  }
  return target;
}

function messagesFor(language: 'en' | 'nl', main: Messages): Messages {
  let out = merge({}, main);
  for (const [path, part] of Object.entries(parts).sort(([a], [b]) => a.localeCompare(b))) {
    if (path.endsWith(`.${language}.json`)) out = merge(out, part);
  }
  return out;
}

export const MESSAGES = { en: messagesFor('en', en as Messages), nl: messagesFor('nl', nl as Messages) };
