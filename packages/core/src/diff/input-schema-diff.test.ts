import { describe, expect, test } from 'vitest';
import { breakingInputChanges, describeInputChange, diffInputSchema } from './input-schema-diff';

const obj = (properties: Record<string, unknown>, required: string[] = [], extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  required,
  ...extra,
});
const breaking = (before: unknown, after: unknown): string[] => breakingInputChanges(before, after).map((c) => describeInputChange(c));

describe('input schema compatibility (one rule for plan and FLOW_BREAKING_CHANGE)', () => {
  test('integer → number widens (compatible); number → integer narrows (breaking)', () => {
    const widened = diffInputSchema(obj({ n: { type: 'integer' } }), obj({ n: { type: 'number' } }));
    expect(widened).toEqual([{ path: 'n', kind: 'type-widened', breaking: false, detail: 'integer → number' }]);
    expect(breaking(obj({ n: { type: 'number' } }), obj({ n: { type: 'integer' } }))).toEqual(['input.n changed type (number → integer)']);
  });

  test('a removed field is compatible when unknown keys are accepted (z.object), breaking when refused (z.strictObject)', () => {
    const before = obj({ a: { type: 'string' }, b: { type: 'string' } }, ['a']);
    expect(diffInputSchema(before, obj({ a: { type: 'string' } }, ['a']))).toEqual([{ path: 'b', kind: 'removed', breaking: false }]);
    expect(breaking(before, obj({ a: { type: 'string' } }, ['a'], { additionalProperties: true }))).toEqual([]);
    expect(breaking(before, obj({ a: { type: 'string' } }, ['a'], { additionalProperties: {} }))).toEqual([]);
    expect(breaking(before, obj({ a: { type: 'string' } }, ['a'], { additionalProperties: false }))).toEqual(['input.b was removed']);
    expect(breaking(before, obj({ a: { type: 'string' } }, ['a'], { unevaluatedProperties: false }))).toEqual(['input.b was removed']);
    expect(breaking(before, obj({ a: { type: 'string' } }, ['a'], { additionalProperties: { type: 'number' } }))).toEqual(['input.b was removed']);
    const nested = (inner: Record<string, unknown>) => obj({ o: inner });
    expect(breaking(nested(obj({ z: { type: 'string' } })), nested(obj({}, [], { additionalProperties: false })))).toEqual(['input.o.z was removed']);
  });

  test('compatible: optional field added, field became optional, enum widened, nullable added', () => {
    expect(breaking(obj({ a: { type: 'string' } }), obj({ a: { type: 'string' }, b: { type: 'number' } }))).toEqual([]);
    expect(breaking(obj({ a: { type: 'string' } }, ['a']), obj({ a: { type: 'string' } }))).toEqual([]);
    expect(breaking(obj({ e: { enum: ['x'] } }), obj({ e: { enum: ['x', 'y'] } }))).toEqual([]);
    expect(breaking(obj({ a: { type: 'string' } }), obj({ a: { anyOf: [{ type: 'string' }, { type: 'null' }] } }))).toEqual([]);
  });

  test('breaking: required added, became required, type changed, enum narrowed or introduced, type introduced', () => {
    expect(breaking(obj({}), obj({ t: { type: 'string' } }, ['t']))).toEqual(['input.t is a new required field']);
    expect(breaking(obj({ a: { type: 'string' } }), obj({ a: { type: 'string' } }, ['a']))).toEqual(['input.a is now required']);
    expect(breaking(obj({ a: { type: 'string' } }), obj({ a: { type: 'number' } }))).toEqual(['input.a changed type (string → number)']);
    expect(breaking(obj({ e: { enum: ['x', 'y'] } }), obj({ e: { enum: ['x'] } }))).toEqual(['input.e accepts fewer values ("y")']);
    expect(breaking(obj({ e: { type: 'string' } }), obj({ e: { type: 'string', enum: ['x'] } }))).toEqual(['input.e accepts fewer values (enum introduced)']);
    expect(breaking(obj({ a: {} }), obj({ a: { type: 'string' } }))).toEqual(['input.a changed type (any → string)']);
  });

  test('nullable (anyOf) narrowed to a single type is breaking; array items are compared', () => {
    const before = obj({ a: { anyOf: [{ type: 'string' }, { type: 'null' }] } });
    expect(breaking(before, obj({ a: { type: 'string' } }))).toEqual(['input.a changed type (string|null → string)']);
    const list = (item: unknown) => obj({ l: { type: 'array', items: item } });
    expect(breaking(list({ type: 'string' }), list({ type: 'number' }))).toEqual(['input.l[] changed type (string → number)']);
    expect(breaking(list({ type: 'integer' }), list({ type: 'number' }))).toEqual([]);
  });
});
