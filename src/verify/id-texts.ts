// Tenant and owner ids as V8's one copy of their text (an internalized string). The plan's hot path
// compares them on every verification (named-limits.ts: is this the subject the item holds a
// counter for?): two internalized strings compare by reference, where two equal strings made apart
// from rows are compared by a call that reads them (bench/RESULTS.md, case 7). A row's ids go
// through here once per load; each distinct id is internalized once.
const MAX_IDS = 100_000;

export class IdTexts {
  private readonly texts = new Map<string, string>();

  /** The shared copy of `id`'s text: equal ids give the same string. */
  of(id: string): string {
    let text = this.texts.get(id);
    if (text === undefined) {
      if (this.texts.size >= MAX_IDS) this.texts.clear();
      // An object's property names are internalized: its one key is the shared copy.
      text = Object.keys({ [id]: 0 })[0];
      this.texts.set(id, text);
    }
    return text;
  }
}
