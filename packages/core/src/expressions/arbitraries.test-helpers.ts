/** fast-check arbitraries shared by the expression tests (test-only; not exported by the package). */
import fc from 'fast-check';
import { COMPARISON_OPS, type Condition, type Value } from '../ir';
import { type Reference, printReference } from './reference';

const segment = fc.oneof(fc.nat({ max: 1000 }), fc.stringMatching(/^[A-Za-z_$][A-Za-z0-9_$-]{0,8}$/), fc.string({ maxLength: 8 }));
const envName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/);
const stepId = fc.stringMatching(/^[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,4}){0,2}$/);

export const arbReference: fc.Arbitrary<Reference> = fc
  .oneof(
    fc.record({ root: fc.constantFrom('input' as const, 'item' as const), path: fc.array(segment, { maxLength: 4 }) }),
    fc.constant({ root: 'index' as const, path: [] }),
    fc.record({ root: fc.constantFrom('env' as const, 'secret' as const), path: envName.map((n) => [n]) }),
    fc.record({ root: fc.constant('steps' as const), stepId, field: fc.constant('output' as const), path: fc.array(segment, { maxLength: 4 }) }),
    fc.record({ root: fc.constant('steps' as const), stepId, field: fc.constant('status' as const), path: fc.constant([]) }),
  )
  .map((r) => ({ ...r, text: printReference(r) }) as Reference);

const literalString = fc.string({ maxLength: 12 }).filter((s) => !s.includes('{{'));
const finiteNumber = fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n));
const scalar: fc.Arbitrary<Value> = fc.oneof(literalString, finiteNumber, fc.integer(), fc.boolean(), fc.constant(null));

/** Canonical operands: reference strings `{{ <canonical> }}`, scalars, lists and objects of operands. */
export const arbOperand: fc.Arbitrary<Value> = fc.letrec<{ op: Value }>((tie) => ({
  op: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    arbReference.map((r) => `{{ ${r.text} }}`),
    scalar,
    fc.array(tie('op'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), tie('op'), { maxKeys: 3 }),
  ),
})).op;

/** Canonical conditions (see normalizeCondition): flat and/or with ≥ 2 children. */
export const arbCondition: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ op: fc.constantFrom(...COMPARISON_OPS), left: arbOperand, right: arbOperand }),
    arbReference.map((r) => ({ op: 'exists' as const, ref: r.text })),
    fc.record({ op: fc.constant('not' as const), condition: tie('c') }),
    fc
      .record({ op: fc.constantFrom('and' as const, 'or' as const), conditions: fc.array(tie('c'), { minLength: 2, maxLength: 3 }) })
      .filter((c) => c.conditions.every((x) => x.op !== c.op)),
  ),
})).c;

/** Any valid IR condition, including non-canonical shapes (single-child and/or, nesting, braces). */
export const arbAnyCondition: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ op: fc.constantFrom(...COMPARISON_OPS), left: arbOperand, right: arbOperand }),
    arbReference.map((r) => ({ op: 'exists' as const, ref: `{{${r.text}}}` })),
    fc.record({ op: fc.constant('not' as const), condition: tie('c') }),
    fc.record({ op: fc.constantFrom('and' as const, 'or' as const), conditions: fc.array(tie('c'), { minLength: 1, maxLength: 3 }) }),
  ),
})).c;
