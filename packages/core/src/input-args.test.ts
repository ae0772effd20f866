import { describe, expect, it } from 'vitest';
import { coerceInputValue, inputFromArgs, inputPath } from './input-args';

const schema = {
  type: 'object',
  properties: {
    count: { type: 'integer' },
    force: { type: 'boolean' },
    tags: { type: 'array' },
    service: { type: 'object', properties: { name: { type: 'string' }, replicas: { type: 'number' } } },
    note: { type: 'string' },
    size: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
  },
};

describe('inputFromArgs', () => {
  it('converts by schema type and nests dotted keys', () => {
    expect(
      inputFromArgs(
        schema,
        Object.entries({ count: '3', force: 'true', tags: '["a","b"]', 'service.name': 'api', 'service.replicas': '2', note: '42', size: '7' }),
      ),
    ).toEqual({
      ok: true,
      value: { count: 3, force: true, tags: ['a', 'b'], service: { name: 'api', replicas: 2 }, note: '42', size: 7 },
    });
  });

  it('leaves unconvertible values and fields the schema does not type as strings, for validation to report', () => {
    expect(inputFromArgs(schema, Object.entries({ count: 'many', force: 'yes', tags: '[oops', other: '3' }))).toEqual({
      ok: true,
      value: { count: 'many', force: 'yes', tags: '[oops', other: '3' },
    });
  });

  it('lays pairs over a base object (an --input file) without changing it', () => {
    const base = { service: { name: 'api', replicas: 1 }, note: 'x' };
    const r = inputFromArgs(schema, [['service.replicas', '4']], base);
    expect(r).toEqual({ ok: true, value: { service: { name: 'api', replicas: 4 }, note: 'x' } });
    expect(base.service.replicas).toBe(1);
  });

  it('returns plain objects (null prototypes stay inside)', () => {
    const r = inputFromArgs(schema, [['service.name', 'api']]);
    if (!r.ok) throw new Error('refused');
    expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(r.value.service)).toBe(Object.prototype);
  });

  it('refuses empty segments', () => {
    expect(inputPath('a..b')).toMatchObject({ ok: false, issues: [{ code: 'FLOW_INVALID_INPUT' }] });
    expect(inputPath('service.name')).toEqual({ ok: true, value: ['service', 'name'] });
  });

  it('coerces null and keeps strings the schema asks for', () => {
    expect(coerceInputValue({ type: ['null', 'string'] }, 'null')).toBe(null);
    expect(coerceInputValue({ type: 'string' }, '3')).toBe('3');
    expect(coerceInputValue(undefined, '3')).toBe('3');
  });
});
