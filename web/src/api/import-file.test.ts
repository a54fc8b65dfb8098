import { describe, expect, it } from 'vitest';
import { batches, parseImportFile } from './import-file';

describe('the import file', () => {
  it('reads one item a line with its line number, skipping blank lines', () => {
    const parsed = parseImportFile('{"ownerId":"usr_1"}\r\n\n  {"ownerId":"usr_2"}  \n');
    expect(parsed).toEqual([
      { line: 1, item: { ownerId: 'usr_1' }, bytes: 20 },
      { line: 3, item: { ownerId: 'usr_2' }, bytes: 20 },
    ]);
  });

  it('names the first line that is not a JSON object', () => {
    expect(parseImportFile('{"ownerId":"usr_1"}\n[1]\n{')).toEqual({ badLine: 2 });
    expect(parseImportFile('{"a":1}\n{not json')).toEqual({ badLine: 2 });
  });

  it('sends at most 1,000 items and about 1 MB a request', () => {
    expect(batches(Array.from({ length: 2001 }, () => ({ bytes: 10 }))).map((b) => b.length)).toEqual([1000, 1000, 1]);
    expect(batches(Array.from({ length: 30 }, () => ({ bytes: 50_000 }))).map((b) => b.length)).toEqual([20, 10]);
  });
});
