import { afterEach, describe, expect, it } from 'vitest';
import { childEnv } from './child-env';

const proto = Object.prototype as Record<string, unknown>;
afterEach(() => {
  delete proto.FLOWOPS_POLLUTED;
});

describe('childEnv', () => {
  it('copies own keys only, applies extra (undefined removes), and has no prototype', () => {
    const env = childEnv({ A: '1', B: '2', C: undefined }, { B: undefined, D: '4' });
    expect(Object.getPrototypeOf(env)).toBe(null);
    expect({ ...env }).toEqual({ A: '1', D: '4' });
  });

  it('a polluted Object.prototype adds no key (what a for…in over options.env would pick up)', () => {
    proto.FLOWOPS_POLLUTED = 'yes';
    const env = childEnv({ A: '1' }, { X: '1' });
    const seen: string[] = [];
    for (const key in env) seen.push(key);
    expect(seen).toEqual(['A', 'X']);
  });
});
