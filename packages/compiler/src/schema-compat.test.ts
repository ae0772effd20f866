import { describe, expect, test } from 'vitest';
import { breakingChanges } from './schema-compat';

const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', properties, required });

describe('breakingChanges', () => {
  test('compatible changes: optional field added, enum widened, integer → number', () => {
    expect(breakingChanges(obj({ a: { type: 'string' } }), obj({ a: { type: 'string' }, b: { type: 'number' } }))).toEqual([]);
    expect(breakingChanges(obj({ e: { enum: ['x'] } }), obj({ e: { enum: ['x', 'y'] } }))).toEqual([]);
    expect(breakingChanges(obj({ n: { type: 'integer' } }), obj({ n: { type: 'number' } }))).toEqual([]);
  });

  test('breaking: required added, field removed, type changed, enum value removed, nested', () => {
    expect(breakingChanges(obj({ a: { type: 'string' } }), obj({ a: { type: 'string' } }, ['a']), 'input')).toEqual(['field input.a is now required']);
    expect(breakingChanges(obj({ a: { type: 'string' } }), obj({}), 'input')).toEqual(['field input.a was removed']);
    expect(breakingChanges(obj({ a: { type: 'string' } }), obj({ a: { type: 'number' } }), 'input')).toEqual(['type of input.a changed from string to number']);
    expect(breakingChanges(obj({ e: { enum: ['x', 'y'] } }), obj({ e: { enum: ['x'] } }), 'input')).toEqual(['input.e no longer accepts "y"']);
    expect(breakingChanges(obj({ o: obj({ z: { type: 'string' } }) }), obj({ o: obj({}) }), 'input')).toEqual(['field input.o.z was removed']);
  });

  test('nullable (anyOf) narrowed to a single type is breaking', () => {
    const before = obj({ a: { anyOf: [{ type: 'string' }, { type: 'null' }] } });
    expect(breakingChanges(before, obj({ a: { type: 'string' } }), 'input')).toEqual(['type of input.a changed from string|null to string']);
  });
});
