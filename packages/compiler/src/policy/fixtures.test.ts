/**
 * Policy fixtures: each `test/fixtures/policy-*` repository has a flowops.policy.ts, a CODEOWNERS
 * and a workflow written twice (`as-ts`, `as-yaml`) that compiles cleanly but breaks the policy.
 * `policy-expected.json` holds the policy diagnostics (code, severity, file, line, column, step) in
 * a protected environment; both forms get the same codes and steps, each at its own step position.
 * Regenerate after review: `FLOWOPS_WRITE_POLICY_FIXTURES=1 npx vitest run packages/compiler/src/policy/fixtures.test.ts`.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { checkWorkflows } from '../index';
import { readCodeowners } from './codeowners';
import { evaluatePolicyFiles } from './load';

const fixtures = path.join(import.meta.dirname, '..', '..', 'test', 'fixtures');
const cases = readdirSync(fixtures)
  .filter((n) => n.startsWith('policy-'))
  .sort();

test('there are policy fixtures', () => expect(cases.length).toBeGreaterThan(0));

test.each(cases)('%s', { timeout: 180_000 }, async (name) => {
  const root = path.join(fixtures, name);
  const checked = await checkWorkflows({ root, cache: false, typecheck: false });
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const workflows = checked.workflows.map((w) => ({ ir: w.ir, file: w.file }));
  const codeowners = readCodeowners(root)?.owners ?? [];
  const result = await evaluatePolicyFiles(root, [{ workflows, environment: 'production', production: true, codeowners }]);
  const diagnostics = result.reports[0]!.diagnostics;
  const actual = diagnostics.map(({ code, severity, file, line, column, step }) => ({ code, severity, file, line, column, step }));
  const expectedFile = path.join(root, 'policy-expected.json');
  if (process.env.FLOWOPS_WRITE_POLICY_FIXTURES) writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
  expect(actual).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
  const of = (dir: string) =>
    diagnostics.filter((d) => d.file.startsWith(`workflows/${dir}/`)).map((d) => `${d.code} ${d.step ?? '-'} ${d.message.replaceAll(dir, '<wf>')}`);
  expect(of('as-yaml').length).toBeGreaterThan(0);
  expect(of('as-ts')).toEqual(of('as-yaml'));
  for (const d of diagnostics) expect(d.hint).toContain('/flowops approve-policy production-safety');
});
