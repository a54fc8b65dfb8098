import { describe, expect, it } from 'vitest';
import { classifyPostgresError, payloadBatches } from './postgres.js';
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

describe('PostgreSQL errors', () => {
  const pgError = (fields: Record<string, unknown>) => Object.assign(new Error('pg'), fields);

  it('reads a unique violation as the table whose index refused the row', () => {
    expect(classifyPostgresError(pgError({ code: '23505', table: 'tenants', constraint: 'tenants_name_lc_key' })))
      .toEqual({ kind: 'unique', table: 'tenants' });
  });

  it('reads a deadlock and a serialization failure as worth another attempt, and nothing else', () => {
    expect(classifyPostgresError(pgError({ code: '40P01' }))).toEqual({ kind: 'retryable' });
    expect(classifyPostgresError(pgError({ code: '40001' }))).toEqual({ kind: 'retryable' });
    expect(classifyPostgresError(pgError({ code: '23503', table: 'api_keys' }))).toBeNull();
    expect(classifyPostgresError(new Error('no code'))).toBeNull();
    expect(classifyPostgresError({ code: 'KEY_LIMIT_REACHED' })).toBeNull();
  });
});
