import { describe, expect, it } from 'vitest';
import { KeywardenError } from '../errors.js';
import { allowedChildTypes, assertTypeAllowed, assertValidResourceTypes, MADASTER_TYPES, RESOURCE_TYPE_PATTERN } from './resource-types.js';

function refusal(fn: () => void): KeywardenError | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof KeywardenError) return e;
    throw e;
  }
}

describe('resource-type rules', () => {
  it('allow any type anywhere when the tenant has no rule', () => {
    expect(refusal(() => assertTypeAllowed(null, null, 'database', '/type'))).toBeNull();
    expect(refusal(() => assertTypeAllowed(null, 'database', 'account', '/type'))).toBeNull();
  });

  it('follow the preset account > folder > building > database', () => {
    expect(refusal(() => assertTypeAllowed(MADASTER_TYPES, null, 'account', '/type'))).toBeNull();
    expect(refusal(() => assertTypeAllowed(MADASTER_TYPES, 'account', 'folder', '/type'))).toBeNull();
    expect(refusal(() => assertTypeAllowed(MADASTER_TYPES, 'folder', 'building', '/type'))).toBeNull();
    expect(refusal(() => assertTypeAllowed(MADASTER_TYPES, 'building', 'database', '/type'))).toBeNull();
  });

  it('refuse a type at the root or under a parent the rule does not allow, as a 400 on the given field', () => {
    const atRoot = refusal(() => assertTypeAllowed(MADASTER_TYPES, null, 'folder', '/type'))!;
    expect(atRoot.status).toBe(400);
    expect(atRoot.code).toBe('VALIDATION_FAILED');
    expect(atRoot.extra.details).toEqual([{ field: '/type', message: "the tenant's resource types do not allow type folder at the root (allowed there: account)" }]);
    const under = refusal(() => assertTypeAllowed(MADASTER_TYPES, 'account', 'database', '/parentId'))!;
    expect(under.extra.details).toEqual([{ field: '/parentId', message: "the tenant's resource types do not allow type database under type account (allowed there: folder)" }]);
  });

  it('gives a type that is not a key of the rule no children', () => {
    expect(allowedChildTypes(MADASTER_TYPES, 'database')).toEqual([]);
    expect(refusal(() => assertTypeAllowed(MADASTER_TYPES, 'database', 'database', '/type'))!.extra.details![0].message)
      .toContain('allowed there: no types');
  });

  it('treats a type named like an Object property as a plain word', () => {
    expect(allowedChildTypes(MADASTER_TYPES, 'constructor')).toEqual([]);
    expect(refusal(() => assertTypeAllowed({ '': ['constructor'] }, null, 'constructor', '/type'))).toBeNull();
  });

  it('allows a type under itself when the rule says so (folders in folders)', () => {
    const rules = { '': ['folder'], folder: ['folder', 'file'] };
    expect(refusal(() => assertTypeAllowed(rules, 'folder', 'folder', '/type'))).toBeNull();
  });

  it('names types as lowercase words', () => {
    const re = new RegExp(RESOURCE_TYPE_PATTERN);
    expect(['account', 'data-set', 'x1_y'].every((t) => re.test(t))).toBe(true);
    expect(['', 'Account', '1st', 'a'.repeat(33)].some((t) => re.test(t))).toBe(false);
  });
});

describe('assertValidResourceTypes', () => {
  it('accepts "" for the root and lowercase words', () => {
    expect(refusal(() => assertValidResourceTypes(MADASTER_TYPES))).toBeNull();
    expect(refusal(() => assertValidResourceTypes(null))).toBeNull();
  });

  it('refuses another name, naming it as a JSON Pointer', () => {
    const e = refusal(() => assertValidResourceTypes({ 'Big/Folder': ['file'] }))!;
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.extra.details![0].field).toBe('/resourceTypes/Big~1Folder');
  });
});
