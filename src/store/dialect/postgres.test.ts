import { describe, expect, it } from 'vitest';
import { payloadBatches } from './postgres.js';
import type { Change } from '../store.js';

describe('PostgreSQL change notifications', () => {
  it('splits many changes into payloads PostgreSQL accepts, keeping every change once and in order', () => {
    const changes: Change[] = Array.from({ length: 1000 }, (_, i) => ({
      kind: 'key', tenantId: 'ten_01abcdefghjkmnpqrstvwxyz0', subjectId: `key_${String(i).padStart(26, '0')}`, keyHash: 'f'.repeat(64),
    }));
    const batches = payloadBatches(changes);
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) expect(Buffer.byteLength(b)).toBeLessThan(8000);
    expect(batches.flatMap((b) => JSON.parse(b))).toEqual(changes);
  });

  it('sends a small write in one notification', () => {
    expect(payloadBatches([{ kind: 'tenant', tenantId: 't', subjectId: 't' }])).toHaveLength(1);
  });
});
