import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Condition } from '../ir';
import { arbAnyCondition, arbCondition, arbOperand } from './arbitraries.test-helpers';
import { valuesEqual, evaluateCondition, validateCondition } from './condition-eval';
import { parseCondition } from './condition-parse';
import { normalizeCondition, printCondition } from './condition-print';
import type { Scope } from './scope';

const parse = (text: string): Condition => {
  const r = parseCondition(text);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};
const parseIssue = (text: string) => {
  const r = parseCondition(text);
  if (r.ok) throw new Error(`expected "${text}" to fail, got ${JSON.stringify(r.value)}`);
  return r.issues[0]!;
};

describe('parseCondition', () => {
  it('parses the documented example', () => {
    expect(parse('steps.check.output.status == 200 and (input.env in ["staging", "prod"] or not exists(input.tag))')).toEqual({
      op: 'and',
      conditions: [
        { op: 'eq', left: '{{ steps.check.output.status }}', right: 200 },
        {
          op: 'or',
          conditions: [
            { op: 'in', left: '{{ input.env }}', right: ['staging', 'prod'] },
            { op: 'not', condition: { op: 'exists', ref: 'input.tag' } },
          ],
        },
      ],
    });
  });

  it('parses every operator and literal', () => {
    expect(parse('contains(steps.x.output.labels, "bug")')).toEqual({ op: 'contains', left: '{{ steps.x.output.labels }}', right: 'bug' });
    for (const [sym, op] of [
      ['==', 'eq'],
      ['!=', 'ne'],
      ['>', 'gt'],
      ['>=', 'gte'],
      ['<', 'lt'],
      ['<=', 'lte'],
    ] as const) {
      expect(parse(`index ${sym} -1.5e2`)).toEqual({ op, left: '{{ index }}', right: -150 });
    }
    expect(parse('item.a==null')).toEqual({ op: 'eq', left: '{{ item.a }}', right: null });
    expect(parse('input.flag')).toEqual({ op: 'eq', left: '{{ input.flag }}', right: true });
    expect(parse('input["odd key"] == {"a": [1, false, env.X]}')).toEqual({
      op: 'eq',
      left: '{{ input["odd key"] }}',
      right: { a: [1, false, '{{ env.X }}'] },
    });
    expect(parse('input.a or input.b and input.c')).toMatchObject({ op: 'or', conditions: [{ op: 'eq' }, { op: 'and' }] });
    expect(parse('not not input.x')).toMatchObject({ op: 'not', condition: { op: 'not' } });
  });

  it('keeps string literals as value strings (templates allowed)', () => {
    expect(parse('input.url == "https://{{ env.HOST }}/x"')).toMatchObject({ right: 'https://{{ env.HOST }}/x' });
  });

  it('reports errors with FLOW_INVALID_CONDITION, the column and a hint', () => {
    const cases: [string, number, RegExp][] = [
      ['input.a = 1', 9, /==/],
      ['input.a == ', 12, /operand|reference|value/i],
      ['input.a == 1 &&  input.b', 14, /and/],
      ["input.a == 'x'", 12, /double quotes/],
      ['(input.a == 1', 14, /parenthesis/],
      ['Foo.bar == 1', 1, /input/],
      ['steps.x.result == 1', 1, /output/],
      ['1 == 2 == 3', 8, /and/],
      ['"x"', 4, /==/],
      ['exists("x")', 8, /exists\(input/],
      ['input.a == "{{ oops"', 12, /\}\}/],
      ['', 1, /input/],
    ];
    for (const [text, column, hint] of cases) {
      const issue = parseIssue(text);
      expect(issue.code, text).toBe('FLOW_INVALID_CONDITION');
      expect(issue.message, text).toContain(`column ${column}`);
      expect(issue.hint, text).toMatch(hint);
    }
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(parseIssue(`${'('.repeat(5000)}input.a${')'.repeat(5000)}`).code).toBe('FLOW_INVALID_CONDITION');
  });
});

describe('printCondition', () => {
  it('prints the canonical text', () => {
    const text = 'steps.check.output.status == 200 and (input.env in ["staging", "prod"] or not exists(input.tag))';
    expect(printCondition(parse(text))).toBe(text);
    expect(printCondition({ op: 'not', condition: { op: 'eq', left: '{{input.a}}', right: 1 } })).toBe('not (input.a == 1)');
    expect(printCondition({ op: 'and', conditions: [{ op: 'exists', ref: '{{ item }}' }] })).toBe('exists(item)');
  });

  it('parse(print(c)) = c for canonical conditions', () => {
    fc.assert(
      fc.property(arbCondition, (c) => {
        expect(parse(printCondition(c))).toEqual(c);
      }),
      { numRuns: 500 },
    );
  });

  it('print ∘ parse ∘ print = print, and parse ∘ print = normalize, for any condition', () => {
    fc.assert(
      fc.property(arbAnyCondition, (c) => {
        const printed = printCondition(c);
        expect(printCondition(parse(printed))).toBe(printed);
        expect(parse(printed)).toEqual(normalizeCondition(c));
      }),
      { numRuns: 500 },
    );
  });

  it('parseCondition never throws on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('(', ')', '[', ']', '"', 'input', '.a', ' ', '==', 'and', 'not', '1', ',', '{', '}', ':', 'exists') }),
        (s) => {
          const r = parseCondition(s);
          if (!r.ok) expect(r.issues[0]?.code).toBe('FLOW_INVALID_CONDITION');
        },
      ),
    );
  });
});

const scope: Scope = {
  input: { env: 'prod', n: 5, tags: ['a', 'b'], obj: { k: 1 }, name: 'alpha', when: '2024-05-01', nil: null, flag: true },
  steps: { check: { output: { status: 200, labels: ['bug', 'p1'] }, status: 'succeeded' } },
  env: { REGION: 'eu' },
};
const evaluate = (text: string, s: Scope = scope) => {
  const r = evaluateCondition(parse(text), s);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};
const evalIssue = (c: Condition | string, s: Scope = scope) => {
  const r = evaluateCondition(c, s);
  if (r.ok) throw new Error(`expected failure for ${JSON.stringify(c)}, got ${r.value}`);
  return r.issues[0]!;
};

describe('evaluateCondition', () => {
  it('evaluates comparisons', () => {
    expect(evaluate('steps.check.output.status == 200')).toBe(true);
    expect(evaluate('steps.check.status != "failed"')).toBe(true);
    expect(evaluate('input.n > 4 and input.n >= 5 and input.n < 6 and input.n <= 5')).toBe(true);
    expect(evaluate('input.when > "2024-01-31"')).toBe(true);
    expect(evaluate('input.obj == {"k": 1}')).toBe(true);
    expect(evaluate('input.tags == ["a", "b"]')).toBe(true);
    expect(evaluate('input.flag')).toBe(true);
    expect(evaluate('input.missing == null and input.nil == null')).toBe(true);
    expect(evaluate('input.missing == 0')).toBe(false);
  });

  it('evaluates membership', () => {
    expect(evaluate('input.env in ["staging", "prod"]')).toBe(true);
    expect(evaluate('"lph" in input.name')).toBe(true);
    expect(evaluate('"k" in input.obj')).toBe(true);
    expect(evaluate('contains(steps.check.output.labels, "bug")')).toBe(true);
    expect(evaluate('contains(input.tags, "z")')).toBe(false);
  });

  it('evaluates exists, not, and/or with short-circuit', () => {
    expect(evaluate('exists(input.env) and not exists(input.nil) and not exists(input.missing)')).toBe(true);
    expect(evaluate('exists(steps.never-ran.output)')).toBe(false);
    expect(evaluate('input.env == "dev" or input.n == 5')).toBe(true);
    // the right side would fail (unknown step) but is never evaluated
    expect(evaluate('input.env == "dev" and steps.ghost.output.x == 1')).toBe(false);
    expect(evaluate('input.env == "prod" or steps.ghost.output.x == 1')).toBe(true);
  });

  it('accepts condition text directly', () => {
    expect(evaluateCondition('input.n == 5', scope)).toEqual({ ok: true, value: true });
    expect(evalIssue('input.n = 5').code).toBe('FLOW_INVALID_CONDITION');
  });

  it('reports type mismatches as FLOW_CONDITION_EVAL_ERROR', () => {
    expect(evalIssue(parse('input.name > input.obj'))).toMatchObject({
      code: 'FLOW_CONDITION_EVAL_ERROR',
      message: expect.stringContaining('string > object'),
    });
    expect(evalIssue(parse('input.n < "6"')).code).toBe('FLOW_CONDITION_EVAL_ERROR');
    expect(evalIssue(parse('input.n in input.missing')).code).toBe('FLOW_CONDITION_EVAL_ERROR');
    expect(evalIssue(parse('contains(input.n, 5)')).code).toBe('FLOW_CONDITION_EVAL_ERROR');
    expect(evalIssue({ op: 'bogus' } as unknown as Condition).code).toBe('FLOW_CONDITION_EVAL_ERROR');
    expect(evalIssue({ op: 'and', conditions: [] }).code).toBe('FLOW_CONDITION_EVAL_ERROR');
  });

  it('keeps reference error codes', () => {
    expect(evalIssue(parse('steps.ghost.output.x == 1')).code).toBe('FLOW_INVALID_REFERENCE');
    expect(evalIssue(parse('secret.TOKEN == "x"')).code).toBe('FLOW_SECRET_MISSING');
  });

  it('never throws on arbitrary conditions and scopes', () => {
    const arbScope = fc.record({
      input: fc.anything(),
      steps: fc.oneof(fc.dictionary(fc.constantFrom('a', 'check', 'x'), fc.anything()), fc.anything()),
      env: fc.anything(),
      item: fc.anything(),
      index: fc.anything(),
    }) as fc.Arbitrary<unknown> as fc.Arbitrary<Scope>;
    fc.assert(
      fc.property(fc.oneof(arbAnyCondition, fc.anything() as fc.Arbitrary<unknown> as fc.Arbitrary<Condition>), arbScope, (c, s) => {
        const r = evaluateCondition(c, s);
        if (r.ok) expect(typeof r.value).toBe('boolean');
        else {
          expect(r.issues.length).toBeGreaterThan(0);
          expect(r.issues[0]?.message).not.toMatch(/unexpected data shape/);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('valuesEqual is symmetric on arbitrary operands', () => {
    fc.assert(fc.property(arbOperand, arbOperand, (a, b) => valuesEqual(a, b) === valuesEqual(b, a) && valuesEqual(a, a)));
  });
});

describe('validateCondition', () => {
  it('returns the references used', () => {
    const r = validateCondition(parse('input.a == 1 and exists(steps.s.output.x)'));
    expect(r.ok && r.value.map((x) => x.text)).toEqual(['input.a', 'steps.s.output.x']);
  });
  it('rejects wrong shapes, bad references and secrets', () => {
    const shape = validateCondition({ op: 'eq', left: 1 });
    expect(!shape.ok && shape.issues[0]?.code).toBe('FLOW_INVALID_CONDITION');
    const bad = validateCondition({ op: 'eq', left: '{{ Nope.x }}', right: 1 });
    expect(!bad.ok && bad.issues[0]).toMatchObject({ code: 'FLOW_INVALID_REFERENCE', path: 'left' });
    const secret = validateCondition(parse('secret.TOKEN == "x"'));
    expect(!secret.ok && secret.issues[0]).toMatchObject({ code: 'FLOW_INVALID_CONDITION', message: expect.stringContaining('secret.TOKEN') });
  });
});
