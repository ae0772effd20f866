/**
 * Hints that are right: a reference to a step in the other branch of a when, or to a step inside
 * a forEach body from outside the loop, says why (never runs / runs once per item) and what to
 * read instead — not "add dependsOn", which only leads to "dependsOn may only name siblings".
 */
import path from 'node:path';
import { expect, test } from 'vitest';
import { checkWorkflows } from './index';

test('out-of-scope references explain why and point at the group output', { timeout: 120_000 }, async () => {
  const root = path.join(import.meta.dirname, '..', 'test', 'fixtures', 'out-of-scope-hints');
  const { diagnostics } = await checkWorkflows({ root, cache: false });
  const by = (step: string) => diagnostics.find((d) => d.step === step && d.code === 'FLOW_INVALID_REFERENCE');
  expect(by('no')?.message).toContain('other branch of when "gate"');
  expect(by('no')?.hint).toContain('steps.gate.output.yes');
  expect(by('after')?.message).toContain('runs once per item inside forEach "each"');
  expect(by('after')?.hint).toContain('steps.each.output[0].per-item');
  for (const d of diagnostics) expect(d.hint).not.toContain('dependsOn');
});
