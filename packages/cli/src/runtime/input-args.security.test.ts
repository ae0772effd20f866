/** `flowops run … key=value` never touches a prototype (issue 9, finding 3). */
import { describe, expect, test } from 'vitest';
import { parseInputArgs } from './input-args';

describe('parseInputArgs and prototypes', () => {
  test('__proto__, prototype and constructor segments are refused with a coded "To fix", every one named', () => {
    let error: unknown;
    try {
      parseInputArgs({ type: 'object' }, undefined, [
        '__proto__.GIT_CONFIG_COUNT=1',
        'constructor.prototype.NODE_OPTIONS=--require=/tmp/x.js',
        'a.prototype=1',
        'ok=1',
      ]);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({
      code: 'FLOW_INVALID_INPUT',
      issues: [{ path: '"__proto__.GIT_CONFIG_COUNT"' }, { path: '"constructor.prototype.NODE_OPTIONS"' }, { path: '"a.prototype"' }],
    });
    expect(String((error as Error).message)).toMatch(/To fix: .*\[FLOW_INVALID_INPUT\]/);
    expect(({} as Record<string, unknown>).GIT_CONFIG_COUNT).toBeUndefined();
    expect(({} as Record<string, unknown>).NODE_OPTIONS).toBeUndefined();
  });
});
