// The console's texts: the main files plus one pair of part files per area (parts/<area>.en.json,
// parts/<area>.nl.json), so that an area's texts live beside each other and not in one long file.
import en from './en.json';
import nl from './nl.json';
import { mergeMessages, type Messages } from './tree';

export type { Messages };

const parts = import.meta.glob<Messages>('./parts/*.json', { eager: true, import: 'default' });

function messagesFor(language: 'en' | 'nl', main: Messages): Messages {
  let out = mergeMessages({}, main);
  for (const [path, part] of Object.entries(parts).sort(([a], [b]) => a.localeCompare(b))) {
    if (path.endsWith(`.${language}.json`)) out = mergeMessages(out, part);
  }
  return out;
}

export const MESSAGES = { en: messagesFor('en', en as Messages), nl: messagesFor('nl', nl as Messages) };
