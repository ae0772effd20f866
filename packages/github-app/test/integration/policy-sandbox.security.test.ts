/**
 * Policy as code in the App (issue 15, point 6): a pull request cannot make a policy violation
 * disappear. No Temporal needed — the App's own definitions loader and policy evaluation against a
 * local bare repository, each in the compile sandbox:
 * - a head that rewrites `flowops.policy.ts` to a rule that never fires is still held to the base
 *   branch's policy, and the verdict says the policy file changed;
 * - a head whose workflow module patches `Array.prototype.filter` (so a rule's `filter` finds
 *   nothing) does not reach the rules: the policy runs in a child of its own over the head's IR
 *   as JSON. The patch is shown to be live where the module runs (its own description).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefinitions } from '../../src/definitions/load';
import { evaluatePolicyAt } from '../../src/definitions/policy';
import { git } from './helpers/app-harness';

const appRoot = resolve(import.meta.dirname, '../../../..');
let dir: string;
let work: string;
let url: string;
const heads: Record<string, string> = {};

const POLICY = `import { definePolicy, policyRules } from '@flowops/sdk';
export default definePolicy({
  name: 'production-safety',
  owners: ['@acme/platform', '@alice'],
  rules: [
    policyRules.ownersInCodeowners(),
    {
      name: 'no-greet',
      description: 'no step may be called greet',
      check: (ctx) => ctx.workflow.steps.filter((s) => s.id === 'greet').map((s) => ({ message: \`step "\${s.id}" is not allowed\`, step: s.id })),
    },
  ],
});
`;
const WEAK_POLICY = `import { definePolicy } from '@flowops/sdk';
export default definePolicy({ name: 'production-safety', owners: ['@mallory'], rules: [{ name: 'nothing', check: () => [] }] });
`;
/** A TypeScript workflow with a step `greet`; `prelude` runs first, `describe` becomes its description. */
const workflow = (prelude = '', describe = "'deploys'") => `import { defineWorkflow, step } from '@flowops/sdk';
import log from '@flowops/plugin-log';
import { z } from 'zod';
${prelude}
export default defineWorkflow({
  name: 'deploy',
  owner: '@acme/platform',
  description: String(${describe}),
  input: z.object({}),
  defaults: { retry: { maxAttempts: 1 }, timeout: '30s' },
  steps: () => [step('greet', log.write({ message: 'hi' }))],
});
`;
/** Makes every filter whose predicate mentions 'greet' find nothing — in the process that loads it. */
const PATCH = `const filter = Array.prototype.filter;
Array.prototype.filter = function (f: (...a: unknown[]) => unknown, t?: unknown) {
  return String(f).includes("'greet'") ? [] : filter.call(this, f as never, t);
} as typeof Array.prototype.filter;`;

function write(files: Record<string, string>): void {
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(work, f)), { recursive: true });
    writeFileSync(join(work, f), text);
  }
}

function branch(name: string, files: Record<string, string>): void {
  git(work, 'checkout', '-q', '-b', name, 'main');
  write(files);
  git(work, 'add', '.');
  git(work, 'commit', '-qm', name);
  heads[name] = git(work, 'rev-parse', 'HEAD');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'flowops-gh-policy-'));
  work = join(dir, 'work');
  mkdirSync(work);
  write({
    'flowops.policy.ts': POLICY,
    '.github/CODEOWNERS': '* @acme/platform\n',
    'workflows/deploy/package.json': JSON.stringify({ name: '@t/deploy', version: '1.0.0', private: true, type: 'module' }),
    'workflows/deploy/workflow.ts': workflow(),
  });
  git(work, 'init', '-q', '-b', 'main');
  git(work, 'add', '.');
  git(work, 'commit', '-qm', 'policy and deploy');
  branch('weaken', { 'flowops.policy.ts': WEAK_POLICY });
  branch('patch', { 'workflows/deploy/workflow.ts': workflow(PATCH, "['x'].filter((s) => s !== 'greet').length") });
  git(dir, 'clone', '-q', '--bare', work, 'repo.git');
  for (const b of ['weaken', 'patch']) git(join(dir, 'repo.git'), 'fetch', '-q', work, `${b}:${b}`);
  url = `file://${join(dir, 'repo.git')}`;
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function verdictFor(head: string) {
  const headSet = await loadDefinitions({ url, sha: head, appRoot });
  const base = await loadDefinitions({ url, sha: 'main', appRoot });
  expect(headSet.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const verdict = await evaluatePolicyAt({
    url,
    base: 'main',
    headSha: head,
    changed: headSet.policyHash !== base.policyHash,
    inputs: [
      { workflows: headSet.workflows.map((w) => ({ ir: w.ir, file: w.file })), environment: 'production', production: true, changedSteps: { deploy: 'all' } },
    ],
    appRoot,
  });
  return { verdict: verdict!, head: headSet };
}

const noGreet = expect.objectContaining({
  code: 'FLOW_POLICY_VIOLATION',
  severity: 'error',
  message: expect.stringContaining('policy production-safety / no-greet: step "greet" is not allowed'),
});

describe('a pull request cannot make a policy violation disappear', () => {
  it('rewriting flowops.policy.ts: the base branch’s policy and owners still apply, and the verdict says the file changed', { timeout: 240_000 }, async () => {
    const { verdict } = await verdictFor(heads.weaken!);
    expect(verdict.changed).toBe(true);
    expect(verdict.from).toBe('main');
    expect(verdict.sets).toEqual([expect.objectContaining({ name: 'production-safety', owners: ['@acme/platform', '@alice'], rulesRun: 2 })]);
    expect(verdict.diagnostics).toEqual([noGreet]);
  });

  it('patching Array.prototype in a workflow module: live where the module loads, absent where the rules run', { timeout: 240_000 }, async () => {
    const { verdict, head } = await verdictFor(heads.patch!);
    // The patch ran in the compile child: the module's own filter found nothing.
    expect(head.workflows.find((w) => w.name === 'deploy')?.ir.description).toBe('0');
    expect(verdict.changed).toBe(false);
    expect(verdict.diagnostics).toEqual([noGreet]);
  });
});
