import { describe, expect, it } from 'vitest';
import { formatDuration, formatTime, table } from './output.js';
import { parseMetaOption, parseScope } from './keys.js';
import { parseAssignment } from './settings.js';
import { UsageError } from './io.js';

describe('CLI parsing and output', () => {
  it('reads scopes as RESOURCE:PERMISSION or a tenant-wide permission', () => {
    expect(parseScope('admin')).toEqual({ resourceId: null, permission: 'admin' });
    expect(parseScope('*:read')).toEqual({ resourceId: null, permission: 'read' });
    expect(parseScope('res_abc:write')).toEqual({ resourceId: 'res_abc', permission: 'write' });
    for (const bad of ['root', 'res_abc:root', ':read']) expect(() => parseScope(bad)).toThrow(UsageError);
  });

  it('reads settings as NAME=VALUE with booleans, null and whole numbers typed', () => {
    expect(parseAssignment('apiKeysEnabled=true')).toEqual(['apiKeysEnabled', true]);
    expect(parseAssignment('maxExpiryDays=null')).toEqual(['maxExpiryDays', null]);
    expect(parseAssignment('maxActiveKeysPerUser=10')).toEqual(['maxActiveKeysPerUser', 10]);
    expect(parseAssignment('name=a=b')).toEqual(['name', 'a=b']);
    expect(parseAssignment('resourceTypes={"":["account"]}')).toEqual(['resourceTypes', { '': ['account'] }]);
    expect(parseAssignment('leakPolicy=notify')).toEqual(['leakPolicy', 'notify']);
    expect(() => parseAssignment('resourceTypes={oops')).toThrow(UsageError);
    expect(parseAssignment('allowedIps=["10.0.0.0/8","2001:db8::/32"]')).toEqual(['allowedIps', ['10.0.0.0/8', '2001:db8::/32']]);
    expect(() => parseAssignment('allowedIps=[10.0')).toThrow(UsageError);
    expect(() => parseAssignment('=1')).toThrow(UsageError);
  });

  it('reads --meta as a JSON object and refuses anything else', () => {
    expect(parseMetaOption('{"customer":"cus_1","tier":2}')).toEqual({ customer: 'cus_1', tier: 2 });
    for (const bad of ['{"a":', '[1]', '"text"', 'null']) expect(() => parseMetaOption(bad)).toThrow(/JSON/);
  });

  it('aligns tables, cuts long cells and writes times and durations briefly', () => {
    const rows = [{ a: 'x', b: 'a long value indeed' }, { a: 'longer', b: null }];
    expect(table(rows, [{ header: 'A', value: (r) => r.a }, { header: 'B', value: (r) => r.b, maxWidth: 8 }]))
      .toBe('A       B\nx       a long …\nlonger  -\n');
    expect(formatTime('2026-11-24T10:00:59.123Z')).toBe('2026-11-24 10:00Z');
    expect(formatTime(null)).toBe('-');
    expect([60_000, 1000, 86_400_000, 1500].map(formatDuration)).toEqual(['1m', '1s', '1d', '1500ms']);
  });
});
