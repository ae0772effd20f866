import { describe, expect, test } from 'vitest';
import { parseInputArgs } from './input-args';

describe('parseInputArgs', () => {
  test('key=value pairs parse JSON values and nest dotted keys', () => {
    expect(parseInputArgs(undefined, ['service=api', 'replicas=3', 'canary.percent=10', 'tags=["a","b"]', 'note=hello world'])).toEqual({
      service: 'api',
      replicas: 3,
      canary: { percent: 10 },
      tags: ['a', 'b'],
      note: 'hello world',
    });
  });
  test('a pair without "=" is a usage error', () => {
    expect(() => parseInputArgs(undefined, ['oops'])).toThrow(/FLOW_USAGE/);
  });
});
