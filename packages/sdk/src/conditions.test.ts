import { evaluateCondition, FlowError, type Scope, validateCondition } from '@flowops/core';
import { describe, expect, it } from 'vitest';
import { and, contains, eq, exists, gt, gte, isIn, lt, lte, ne, not, or } from './conditions';
import { ref } from './ref';

const input = ref<{ env: string; replicas: number; tags: string[]; ticket?: string; message: string }>('input');
const check = ref<{ status: number; body: { errorRate: number } }>('steps.health-check.output');

const scope: Scope = {
  input: { env: 'production', replicas: 3, tags: ['canary', 'eu'], message: 'upstream timeout' },
  steps: { 'health-check': { status: 'succeeded', output: { status: 200, body: { errorRate: 0.002 } } } },
  env: {},
};
const evaluate = (c: Parameters<typeof validateCondition>[0]) => {
  expect(validateCondition(c).ok).toBe(true);
  const r = evaluateCondition(c as never, scope);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};

describe('conditions', () => {
  it('serialise handle operands as reference strings', () => {
    expect(eq(check.status, 200)).toEqual({ op: 'eq', left: '{{ steps.health-check.output.status }}', right: 200 });
    expect(isIn(input.env, ['staging', 'production'])).toEqual({ op: 'in', left: '{{ input.env }}', right: ['staging', 'production'] });
    expect(exists(input.ticket)).toEqual({ op: 'exists', ref: 'input.ticket' });
  });

  it('evaluate as expected with the core evaluator', () => {
    expect(evaluate(eq(check.status, 200))).toBe(true);
    expect(evaluate(ne(input.env, 'staging'))).toBe(true);
    expect(evaluate(gt(input.replicas, 2))).toBe(true);
    expect(evaluate(gte(input.replicas, 4))).toBe(false);
    expect(evaluate(lt(check.body.errorRate, 0.01))).toBe(true);
    expect(evaluate(lte(check.status, 199))).toBe(false);
    expect(evaluate(isIn(input.env, ['staging']))).toBe(false);
    expect(evaluate(contains(input.tags, 'canary'))).toBe(true);
    expect(evaluate(contains(input.message, 'timeout'))).toBe(true);
    expect(evaluate(exists(input.ticket))).toBe(false);
    expect(evaluate(and(eq(check.status, 200), or(eq(input.env, 'staging'), not(exists(input.ticket)))))).toBe(true);
  });

  it('throw coded errors for misuse', () => {
    expect(() => and()).toThrowError(FlowError);
    expect(() => or()).toThrow(/\[FLOW_INVALID_CONDITION\]/);
    expect(() => exists('input.x' as never)).toThrow(/\[FLOW_INVALID_CONDITION\]/);
  });
});
