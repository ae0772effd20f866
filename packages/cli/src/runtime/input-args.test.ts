import { describe, expect, test } from 'vitest';
import { parseInputArgs } from './input-args';

const schema = {
  type: 'object',
  properties: {
    service: { type: 'string' },
    replicas: { type: 'integer' },
    canary: { type: 'object', properties: { percent: { type: 'number' } } },
    tags: { type: 'array' },
    note: { type: 'string' },
    version: { type: 'string' },
  },
};

describe('parseInputArgs', () => {
  test('key=value pairs follow the input schema and nest dotted keys', () => {
    expect(parseInputArgs(schema, undefined, ['service=api', 'replicas=3', 'canary.percent=10', 'tags=["a","b"]', 'note=hello world', 'version=1.10'])).toEqual(
      {
        service: 'api',
        replicas: 3,
        canary: { percent: 10 },
        tags: ['a', 'b'],
        note: 'hello world',
        version: '1.10',
      },
    );
  });
  test('a pair without "=" is a usage error', () => {
    expect(() => parseInputArgs(schema, undefined, ['oops'])).toThrow(/FLOW_USAGE/);
  });
});
