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
