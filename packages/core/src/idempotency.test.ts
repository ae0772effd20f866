import { describe, expect, test } from 'vitest';
import { parseReference } from './expressions/reference';
import { resolveValue } from './expressions/resolve';
import { IDEMPOTENCY_KEY_LENGTH, runIdempotencyKey, stepIdempotencyKey } from './idempotency';

describe('idempotency keys', () => {
  test('fixed length, stable, distinct per run, step and iteration', () => {
    const a = stepIdempotencyKey('wf-1', 'each[2].notify');
    expect(a).toMatch(/^[0-9a-f]+$/);
    expect(a).toHaveLength(IDEMPOTENCY_KEY_LENGTH);
    expect(stepIdempotencyKey('wf-1', 'each[2].notify')).toBe(a);
    expect(stepIdempotencyKey('wf-1', 'each[3].notify')).not.toBe(a);
    expect(stepIdempotencyKey('wf-2', 'each[2].notify')).not.toBe(a);
    expect(runIdempotencyKey('wf-1')).toHaveLength(IDEMPOTENCY_KEY_LENGTH);
    expect(runIdempotencyKey('wf-1')).not.toBe(runIdempotencyKey('wf-2'));
  });
});

describe('run.* and step.* references', () => {
  test('parse run.id, run.key and step.key; refuse other fields with a hint', () => {
    for (const ok of ['run.id', 'run.key', 'step.key']) expect(parseReference(ok).ok, ok).toBe(true);
    for (const bad of ['run', 'run.attempt', 'run.id.x', 'step', 'step.id', 'step.key.x']) {
      const r = parseReference(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.issues[0]).toMatchObject({ code: 'FLOW_INVALID_REFERENCE', hint: expect.stringContaining('.key') });
    }
  });
  test('resolve from the scope in templates and whole values', () => {
    const scope = { input: {}, steps: {}, env: {}, run: { id: 'wf-1', key: 'rk' }, step: { key: 'sk' } };
    expect(resolveValue({ h: 'order-{{ step.key }}', id: '{{ run.id }}', k: '{{ run.key }}' }, scope)).toEqual({
      ok: true,
      value: { h: 'order-sk', id: 'wf-1', k: 'rk' },
    });
    const missing = resolveValue('x-{{ step.key }}', { input: {}, steps: {}, env: {} });
    expect(missing.ok).toBe(false);
  });
});
