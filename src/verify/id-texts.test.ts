import { describe, expect, it } from 'vitest';
import { IdTexts } from './id-texts.js';

describe('id texts', () => {
  it('gives back the text of every id, whatever it looks like', () => {
    const texts = new IdTexts();
    for (const id of ['ten_01m94qjbs4zs93qsp5h3q6ywkn', 'usr_a', '123', '0', '-1', '1e3', '__proto__', 'constructor', '', 'ünïcode', 'a|b|c']) {
      // Made apart, as a row's text is, each time.
      const made = Buffer.from(id).toString();
      expect(texts.of(made)).toBe(id);
      expect(texts.of(Buffer.from(id).toString())).toBe(id);
    }
  });
});
