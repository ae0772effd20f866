/**
 * Loading flowops.policy.ts in the loader child: evaluation there (rules are functions), a file
 * that never finishes loading ends as FLOW_LOAD_ERROR within the limit, malformed files are
 * FLOW_POLICY_INVALID, no file is no report.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Workflow } from '@flowops/core';
import { afterAll, describe, expect, test } from 'vitest';
import type { PolicyInput } from './evaluate';
import { evaluatePolicyFile, evaluatePolicyFiles, loadPolicies } from './load';

const repo = path.resolve(import.meta.dirname, '../../../..');
const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
function repoWith(policy: string | undefined): string {
  const root = mkdtempSync(path.join(tmpdir(), 'flowops-policy-load-'));
  roots.push(root);
  symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'));
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 't', private: true, type: 'module' }));
  if (policy !== undefined) writeFileSync(path.join(root, 'flowops.policy.ts'), policy);
  return root;
}
const ir = Workflow.parse({
  apiVersion: 'flowops/v1',
  kind: 'Workflow',
  name: 'deploy',
  version: '1.0.0',
  owner: '@acme/sre',
  input: {},
  steps: [{ id: 'call', type: 'action', uses: 'http.request@1', with: { url: 'https://evil.example.com/x' }, effect: 'write' }],
});
const input: PolicyInput = { workflows: [{ ir, file: 'workflows/deploy/workflow.ts' }], environment: 'production', production: true, codeowners: [] };
const POLICY = [
  "import { definePolicy, policyRules } from '@flowops/sdk';",
  'export default [',
  "  definePolicy({ name: 'production-safety', owners: ['@acme/platform'], rules: [policyRules.writesNeedApprovalOrCompensation(), policyRules.httpAllowedHosts(['api.acme.com'])] }),",
  "  definePolicy({ name: 'custom', owners: ['@alice'], rules: [{ name: 'no-evil', check: (ctx) => ctx.workflow.name === 'deploy' ? [{ message: 'evil', step: 'call' }] : [] }] }),",
  '];',
  '',
].join('\n');

describe('policy file loading', { timeout: 120_000 }, () => {
  test('no policy file: no report and nothing loaded', async () => {
    expect(await evaluatePolicyFiles(repoWith(undefined), [input])).toEqual({ sets: [], reports: [] });
    expect(await loadPolicies(repoWith(undefined))).toEqual({ sets: [], diagnostics: [] });
  });

  test('the file is loaded and evaluated in the loader child; sets come back as plain data', async () => {
    const root = repoWith(POLICY);
    const result = await evaluatePolicyFiles(root, [input, { ...input, environment: 'staging', production: false }]);
    expect(result.file).toBe('flowops.policy.ts');
    expect(result.sets).toEqual([
      expect.objectContaining({ name: 'production-safety', owners: ['@acme/platform'], httpAllowedHosts: ['api.acme.com'] }),
      expect.objectContaining({ name: 'custom', rules: [{ name: 'no-evil' }] }),
    ]);
    expect(result.reports[0]!.diagnostics.map((d) => d.message)).toEqual([
      'policy production-safety / writes-need-approval-or-compensation: step "call" writes in production without an approval or a compensation',
      expect.stringContaining('policy production-safety / http-allowed-hosts: step "call" calls evil.example.com'),
      'policy custom / no-evil: evil',
    ]);
    expect(result.reports[1]!.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('http-allowed-hosts'), 'policy custom / no-evil: evil']);
    const loaded = await loadPolicies(root);
    expect(loaded.sets.map((s) => [s.name, typeof s.rules[0]?.check])).toEqual([
      ['production-safety', 'function'],
      ['custom', 'function'],
    ]);
  });

  test('a policy file that never finishes loading is FLOW_LOAD_ERROR within the time limit', async () => {
    const root = repoWith(
      "import { definePolicy } from '@flowops/sdk';\nwhile (true) {}\nexport default definePolicy({ name: 'x', owners: ['@a'], rules: [] });\n",
    );
    const started = Date.now();
    const report = await evaluatePolicyFile(root, input, { timeoutMs: 2000 });
    const elapsed = Date.now() - started;
    expect(report.diagnostics).toEqual([
      expect.objectContaining({ code: 'FLOW_LOAD_ERROR', file: 'flowops.policy.ts', message: 'flowops.policy.ts did not finish loading within 2 s' }),
    ]);
    // the child's start-up (tsx) comes on top of the limit; a hang would never return
    expect(elapsed).toBeLessThan(30_000);
    expect((await loadPolicies(root, { timeoutMs: 2000 })).diagnostics.map((d) => d.code)).toEqual(['FLOW_LOAD_ERROR']);
  });

  test('malformed files: not a set, no default export, a throw at load, a syntax error', async () => {
    const codes = async (text: string) => (await evaluatePolicyFile(repoWith(text), input)).diagnostics.map((d) => [d.code, d.message, d.line]);
    expect(await codes("export default { name: 'Bad Name', owners: [], rules: [{ name: 'r' }] };\n")).toEqual([
      [
        'FLOW_POLICY_INVALID',
        'flowops.policy.ts: name "Bad Name" is not kebab-case (e.g. "production-safety"); owners must name at least one GitHub team (@org/team) or login (@login) who may waive it; rules[0] is not a rule (it needs a name and a check function)',
        1,
      ],
    ]);
    expect(await codes('export const x = 1;\n')).toEqual([['FLOW_POLICY_INVALID', 'flowops.policy.ts has no default export', 1]]);
    expect(await codes("const a = 1;\nthrow new Error('no policy today');\n")).toEqual([
      ['FLOW_LOAD_ERROR', 'flowops.policy.ts threw while loading: no policy today', 2],
    ]);
    expect(await codes('const a = 1;\nexport default {{;\n')).toEqual([['FLOW_LOAD_ERROR', expect.stringMatching(/^syntax error/), 2]]);
  });
});
