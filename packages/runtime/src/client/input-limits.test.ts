import { describe, expect, test } from 'vitest';
import { checkInputLimits, inputLimitsFromEnv } from './input-limits';
import { validateInput } from './validate-input';

const ir = { name: 'deploy', input: { type: 'object', properties: { data: {} } } };
const nested = (levels: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < levels; i++) v = { data: v };
  return v;
};

describe('input limits', () => {
  test('3 000 levels deep is refused with FLOW_INPUT_TOO_DEEP naming the limit (no stack overflow)', () => {
    const r = validateInput(ir, nested(3000));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues[0]).toMatchObject({ code: 'FLOW_INPUT_TOO_DEEP', message: expect.stringContaining('more than 64 levels') });
      expect(r.issues[0]!.hint).toContain('FLOWOPS_MAX_INPUT_DEPTH');
    }
    expect(validateInput(ir, nested(60)).ok).toBe(true);
  });
  test('5 MB is refused with FLOW_INPUT_TOO_LARGE naming the size and the limit', () => {
    const r = validateInput(ir, { data: 'x'.repeat(5_000_000) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ code: 'FLOW_INPUT_TOO_LARGE', message: expect.stringMatching(/4\.8 MiB \(5000011 bytes\).*512 KiB limit/) });
  });
  test('limits are configurable, also from the environment', () => {
    expect(checkInputLimits('x', { data: 'x'.repeat(2000) }, { maxBytes: 1000 }).ok).toBe(false);
    expect(checkInputLimits('x', nested(10), { maxDepth: 5 }).ok).toBe(false);
    expect(checkInputLimits('x', nested(100), { maxDepth: 200 }).ok).toBe(true);
    expect(inputLimitsFromEnv({ FLOWOPS_MAX_INPUT_BYTES: '2048', FLOWOPS_MAX_INPUT_DEPTH: 'lots' })).toEqual({ maxBytes: 2048, maxDepth: undefined });
  });
});
