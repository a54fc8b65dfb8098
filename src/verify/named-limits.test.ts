import { describe, expect, it } from 'vitest';
import { appliedLimits, type LimitDefinition } from '../domain/limits.js';
import { autoApplied } from './named-limits.js';

const plan = (): LimitDefinition[] => [
  { name: 'calls', kind: 'rate', per: 'tenant', limit: 10, durationMs: 60_000, autoApply: true },
  { name: 'tokens', kind: 'credits', per: 'owner', limit: 100, autoApply: true },
  { name: 'extra', kind: 'credits', per: 'tenant', limit: 5, autoApply: false },
];

describe('autoApplied', () => {
  it('is the auto-applied list of appliedLimits, in refusal order, computed once per pair of lists', () => {
    const tenant = plan();
    const own: LimitDefinition[] = [{ name: 'mine', kind: 'rate', per: 'key', limit: 3, durationMs: 1000, autoApply: true }];
    for (const o of [null, own]) {
      const list = autoApplied(o, tenant);
      expect(list?.map((a) => [a.def.name, a.own])).toEqual(appliedLimits(o, tenant, undefined, 7)?.map((a) => [a.def.name, a.own]));
      expect(autoApplied(o, tenant)).toBe(list);
    }
    expect(autoApplied(null, tenant)).not.toBe(autoApplied(own, tenant));
  });

  it('follows a plan read again (a new array) and answers null when nothing is auto-applied', () => {
    const first = autoApplied(null, plan());
    const changed = plan().map((d) => ({ ...d, autoApply: d.name === 'extra' }));
    expect(autoApplied(null, changed)?.map((a) => a.def.name)).toEqual(['extra']);
    expect(first?.map((a) => a.def.name)).toEqual(['tokens', 'calls']);
    expect(autoApplied(null, plan().map((d) => ({ ...d, autoApply: false })))).toBeNull();
    expect(autoApplied(null, null)).toBeNull();
  });
});
