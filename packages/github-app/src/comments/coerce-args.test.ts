import { describe, expect, it } from 'vitest';
import { coerceArgs } from './coerce-args';

const schema = {
  type: 'object',
  properties: {
    count: { type: 'integer' },
    force: { type: 'boolean' },
    tags: { type: 'array' },
    service: { type: 'object', properties: { name: { type: 'string' }, replicas: { type: 'number' } } },
    note: { type: 'string' },
  },
};

describe('coerceArgs', () => {
  it('converts by schema type and nests dotted keys', () => {
    expect(coerceArgs(schema, { count: '3', force: 'true', tags: '["a","b"]', 'service.name': 'api', 'service.replicas': '2', note: '42' })).toEqual({
      count: 3,
      force: true,
      tags: ['a', 'b'],
      service: { name: 'api', replicas: 2 },
      note: '42',
    });
  });
  it('leaves unconvertible values as strings for validation to report', () => {
    expect(coerceArgs(schema, { count: 'many', force: 'yes', tags: '[oops' })).toEqual({ count: 'many', force: 'yes', tags: '[oops' });
  });
});
