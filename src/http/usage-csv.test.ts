import { describe, expect, it } from 'vitest';
import { usageCsv, usageCsvChunks } from './usage-csv.js';
import type { UsageItem, UsagePage } from '../services/usage.js';

describe('usage CSV', () => {
  it('writes a header with one spent column per name, by name, and empty cells for absent groups', () => {
    const csv = usageCsv([
      { at: '2026-12-01T00:00:00.000Z', tenantId: 'ten_a', valid: 3, failed: 1, spent: { tokens: 7 } },
      { at: '2026-12-02T00:00:00.000Z', tenantId: 'ten_a', valid: 0, failed: 0, spent: { remaining: 2 } },
    ]);
    expect(csv).toBe([
      'at,tenantId,ownerId,keyId,valid,failed,spent.remaining,spent.tokens',
      '2026-12-01T00:00:00.000Z,ten_a,,,3,1,0,7',
      '2026-12-02T00:00:00.000Z,ten_a,,,0,0,2,0',
      '',
    ].join('\r\n'));
  });

  it('writes the same CSV page by page, one chunk per page as it comes', async () => {
    const items: UsageItem[] = [
      { at: '2026-12-01T00:00:00.000Z', tenantId: 'ten_a', keyId: 'key_a', ownerId: 'usr_a', valid: 3, failed: 1, spent: { tokens: 7 } },
      { at: '2026-12-01T00:00:00.000Z', tenantId: 'ten_a', keyId: 'key_b', ownerId: null, valid: 0, failed: 0, spent: { remaining: 2 } },
      { at: '2026-12-01T00:00:00.000Z', tenantId: 'ten_a', keyId: 'key_c', ownerId: 'usr_a', valid: 1, failed: 0, spent: {} },
    ];
    const read: number[] = [];
    async function* pages(): AsyncGenerator<UsagePage> {
      for (const [i, item] of items.entries()) {
        read.push(i);
        yield { interval: 'day', items: [item], nextCursor: null };
      }
    }
    const chunks: string[] = [];
    for await (const chunk of usageCsvChunks(['remaining', 'tokens'], pages())) {
      chunks.push(chunk);
      expect(read).toHaveLength(chunks.length - 1); // the header before any page; each page as it is read
    }
    expect(chunks).toHaveLength(4);
    expect(chunks.join('')).toBe(usageCsv(items));
  });

  it('answers only the header when there is no usage', () => {
    expect(usageCsv([])).toBe('at,tenantId,ownerId,keyId,valid,failed\r\n');
  });
});
