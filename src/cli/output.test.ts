import { describe, expect, it } from 'vitest';
import type { Io } from './io.js';
import { printPage, table } from './output.js';

function captured() {
  const out = { stdout: '', stderr: '' };
  const io = { stdout: (t: string) => { out.stdout += t; }, stderr: (t: string) => { out.stderr += t; } } as Io;
  return { io, out };
}

const columns = [{ header: 'ID', value: (r: { id: string }) => r.id }];

describe('printPage', () => {
  it('prints the table on stdout and the way to the next page on stderr', () => {
    const { io, out } = captured();
    printPage(io, { items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'c2' }, { columns, noun: 'keys', more: ' (or --all)' });
    expect(out.stdout).toBe(table([{ id: 'a' }, { id: 'b' }], columns));
    expect(out.stderr).toBe('More keys: add --cursor c2 (or --all).\n');
  });

  it('says so when a page is empty, and prints the page as it came with --json', () => {
    const empty = captured();
    printPage(empty.io, { items: [], nextCursor: null }, { columns, noun: 'webhooks' });
    expect(empty.out).toEqual({ stdout: 'No webhooks.\n', stderr: '' });
    const json = captured();
    printPage(json.io, { items: [{ id: 'a' }], nextCursor: 'c2' }, { json: true, columns, noun: 'webhooks' });
    expect(JSON.parse(json.out.stdout)).toEqual({ items: [{ id: 'a' }], nextCursor: 'c2' });
    expect(json.out.stderr).toBe('');
  });
});
