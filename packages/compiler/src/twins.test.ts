/**
 * One checker for both forms: each `test/fixtures/twin-*` repository holds a workflow written
 * twice, `as-ts` (TypeScript) and `as-yaml` (YAML), with the same mistakes. Both must get the
 * same diagnostics — codes and steps, in order — whatever found them (the type checker or the
 * compiler's own checks against the plugin schemas).
 *
 * The webhook trigger and `visibility` (fixture `webhook-trigger`) are twins too: both forms reach
 * the same IR, and a bad visibility or a key in the trigger (keys live in the cluster, never in a
 * definition) is FLOW_SCHEMA_INVALID.
 *
 * The fixtures share what does not depend on the fixture: the type-check runs in this process on one
 * ts-morph Project (reused per tsconfig, its local files re-read from disk by each check), and one
 * loader child loads every twin's TypeScript module.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkWorkflows, discoverWorkflows } from './index';
import { createWorkflowLoader } from './load-child';
import { createTypeChecker } from './typecheck';

const fixtures = path.join(import.meta.dirname, '..', 'test', 'fixtures');
const twins = readdirSync(fixtures)
  .filter((n) => n.startsWith('twin-'))
  .sort();
const webhook = path.join(fixtures, 'webhook-trigger');
const workflowLoader = createWorkflowLoader();
afterAll(() => workflowLoader.close());
// Build the shared Program before any check: an in-process check then answers from it at once
// instead of blocking the event loop (and the catalog's load time limit) while TypeScript runs.
beforeAll(() => {
  const roots = [...twins.map((t) => path.join(fixtures, t)), webhook].flatMap((root) => discoverWorkflows({ root })).filter((s) => s.kind === 'ts');
  createTypeChecker(fixtures, { reuse: true }).check(roots.map((s) => s.file));
}, 180_000);

test('there are twin fixtures', () => {
  expect(twins.length).toBeGreaterThan(0);
});

test.each(twins)('%s: the YAML workflow and its TypeScript twin get the same diagnostics', { timeout: 180_000 }, async (name) => {
  const result = await checkWorkflows({ root: path.join(fixtures, name), cache: false, worker: false, workflowLoader });
  const of = (dir: string) => result.diagnostics.filter((d) => d.file.startsWith(`workflows/${dir}/`)).map((d) => `${d.code} ${d.step ?? '-'}`);
  const yaml = of('as-yaml');
  expect(yaml.length).toBeGreaterThan(0);
  expect(of('as-ts')).toEqual(yaml);
  // The secret checks read the IR only: their messages (kind, path, hint) are the same word for word.
  const secrets = (dir: string) =>
    result.diagnostics.filter((d) => d.file.startsWith(`workflows/${dir}/`) && /SECRET/.test(d.code)).map((d) => `${d.message} | ${d.hint}`);
  expect(secrets('as-ts')).toEqual(secrets('as-yaml'));
});

test('the webhook trigger and visibility reach the IR from TypeScript and YAML', { timeout: 180_000 }, async () => {
  const result = await checkWorkflows({ root: webhook, cache: false, worker: false, workflowLoader });
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
