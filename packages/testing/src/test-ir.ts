/**
 * The one IR factory for tests: a valid flowops/v1 workflow with the schema's defaults applied.
 * @module
 */
import { Workflow, type WorkflowInput } from '@flowops/core';

/** The step a test IR has when the test does not care: one read of `log.write@1`. */
export const TEST_STEP = { id: 'say', type: 'action', uses: 'log.write@1', with: { message: 'hello' }, effect: 'read' } as const;

/**
 * A flowops/v1 IR for a test, parsed by the schema (defaults applied, invalid fields refused):
 * name `test-flow`, version `1.0.0`, owner `@acme/test`, an object input, one `log.write@1` step —
 * each overridable.
 * @example
 * const wf = testIr({ name: 'deploy', version: '1.1.0', steps: [{ id: 'a', type: 'action', uses: 'http.request@1', effect: 'write', with: {} }] });
 */
export function testIr(fields: Omit<Partial<WorkflowInput>, 'steps'> & { steps?: unknown[] } = {}): Workflow {
  return Workflow.parse({
    apiVersion: 'flowops/v1',
    kind: 'Workflow',
    name: 'test-flow',
    version: '1.0.0',
    owner: '@acme/test',
    input: { type: 'object' },
    steps: [TEST_STEP],
    ...fields,
  });
}
