import { describe, expect, it } from 'vitest';
import { usageCsv } from './usage-csv.js';

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

  it('answers only the header when there is no usage', () => {
    expect(usageCsv([])).toBe('at,tenantId,ownerId,keyId,valid,failed\r\n');
  });
});
