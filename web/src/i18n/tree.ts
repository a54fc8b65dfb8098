// The console's texts are trees of strings (nested by area); these helpers merge the part files into
// the main ones and flatten a tree to dotted keys. No imports, so tests in Node can use them as well.
export type Messages = { [key: string]: string | Messages };

/** Copies `source` into `target`, merging nested areas; a text in `source` wins. */
export function mergeMessages(target: Messages, source: Messages): Messages {
  for (const [name, value] of Object.entries(source)) {
    const existing = target[name];
    target[name] = typeof value === 'object' && typeof existing === 'object' ? mergeMessages({ ...existing }, value) : value;
  }
  return target;
}

/** Every text under its dotted key (`keys.col.name`). */
export function flattenMessages(tree: Messages, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flattenMessages(value, path)) out.set(k, v);
  }
  return out;
}
