/**
 * `triggers: [{ type: 'webhook' }]` and `visibility` in both forms: the TypeScript workflow and
 * its YAML twin compile to the same triggers and visibility in the IR; a bad visibility or a key
 * in the trigger (keys live in the cluster, never in a definition) is FLOW_SCHEMA_INVALID.
 */
import path from 'node:path';
import { expect, test } from 'vitest';
import { checkWorkflows } from './index';

const root = path.join(import.meta.dirname, '..', 'test', 'fixtures', 'webhook-trigger');

test('the webhook trigger and visibility reach the IR from TypeScript and YAML', { timeout: 180_000 }, async () => {
  const result = await checkWorkflows({ root, cache: false });
  const ir = (name: string) => result.workflows.find((w) => w.ir?.name === name)?.ir;
  for (const name of ['as-ts', 'as-yaml']) {
    expect(ir(name)?.triggers, name).toEqual([{ type: 'webhook' }, { type: 'manual' }]);
    expect(ir(name)?.visibility, name).toBe('public');
  }
  expect(result.diagnostics.filter((d) => d.file.includes('/as-'))).toEqual([]);
  const bad = result.diagnostics.filter((d) => d.file.includes('bad-visibility')).map((d) => `${d.code} ${d.message}`);
  expect(bad).toEqual([
    'FLOW_SCHEMA_INVALID triggers[0]: Unrecognized key: "secret"',
    'FLOW_SCHEMA_INVALID visibility: Invalid option: expected one of "private"|"public"',
  ]);
});
