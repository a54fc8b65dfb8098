import { describe, expect, it } from 'vitest';
import { checkServices } from './services.js';

describe('the test services check', () => {
  const both = { TEST_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', TEST_REDIS_URL: 'redis://127.0.0.1:6379' };

  it('says one line per missing service, naming the variable to set', () => {
    const lines: string[] = [];
    checkServices({}, (line) => lines.push(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/PostgreSQL tests are SKIPPED: set TEST_DATABASE_URL/);
    expect(lines[1]).toMatch(/Redis tests are SKIPPED: set TEST_REDIS_URL/);
  });

  it('says nothing when both services are given', () => {
    const lines: string[] = [];
    checkServices(both, (line) => lines.push(line));
    expect(lines).toEqual([]);
  });

  it('fails under CI when a service is missing', () => {
    expect(() => checkServices({ CI: 'true', TEST_DATABASE_URL: both.TEST_DATABASE_URL })).toThrow(/CI is set but TEST_REDIS_URL is not/);
    expect(() => checkServices({ CI: 'true' })).toThrow(/TEST_DATABASE_URL and TEST_REDIS_URL are not/);
    expect(() => checkServices({ CI: 'true', ...both })).not.toThrow();
  });
});
