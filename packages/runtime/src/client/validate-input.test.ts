import { describe, expect, test } from 'vitest';
import { validateInput } from './validate-input';

const ir = {
  name: 'deploy',
  input: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: { service: { type: 'string', minLength: 1 }, replicas: { type: 'integer', minimum: 1 }, email: { type: 'string', format: 'email' } },
    required: ['service', 'replicas'],
    additionalProperties: false,
  },
};

describe('validateInput', () => {
  test('accepts valid input', () => {
    expect(validateInput(ir, { service: 'api', replicas: 2 })).toEqual({ ok: true, value: { service: 'api', replicas: 2 } });
  });
  test('lists every offending field with its path', () => {
    const r = validateInput(ir, { replicas: 0, email: 'nope', extra: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.every((i) => i.code === 'FLOW_INVALID_INPUT')).toBe(true);
    expect(r.issues.map((i) => i.path).sort()).toEqual(['email', 'extra', 'replicas', 'service']);
    expect(r.issues.find((i) => i.path === 'service')?.message).toContain('service is required');
  });
  test('applies schema defaults to a copy', () => {
    const withDefault = { name: 'x', input: { type: 'object', properties: { env: { type: 'string', default: 'production' } } } };
    const input = {};
    expect(validateInput(withDefault, input)).toEqual({ ok: true, value: { env: 'production' } });
    expect(input).toEqual({});
  });
  test('works with draft-07 schemas too', () => {
    const r = validateInput({ name: 'x', input: { type: 'object', properties: { n: { type: 'number' } } } }, { n: 'x' });
    expect(r.ok).toBe(false);
  });
});

describe("the schema author's errorMessage", () => {
  const authored = {
    name: 'orders',
    input: {
      type: 'object',
      properties: {
        order: { type: 'string', pattern: '^ord_', errorMessage: { pattern: 'order ids look like ord_abc123' } },
        plan: { type: 'string', enum: ['a', 'b'], errorMessage: 'pick a or b' },
        count: { type: 'number', minimum: 1 },
      },
      required: ['order'],
    },
  };
  test('replaces the generic message for that keyword or node only', () => {
    const r = validateInput(authored, { order: 'x', plan: 'c', count: 0 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.issues.map((i) => [i.path, i.message]));
    expect(byPath.order).toContain('order ids look like ord_abc123');
    expect(byPath.plan).toContain('pick a or b');
    expect(byPath.count).toContain('must be >= 1');
  });
  test('a missing required field still says it is required', () => {
    const r = validateInput(authored, {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.message).toContain('order is required');
  });
});
