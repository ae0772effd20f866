/**
 * `flowops drift --env <env> [--ref <git-ref>]`: the cluster against git (default HEAD).
 * Exit 0 in sync, 2 when it differs, 1 on errors.
 * @module
 */
import { FORMAT_OPTIONS, formatOf, parse } from '../args';
import { findRepoRoot } from '../config';
import { envName, withSession } from '../gitops/context';
import { ancestry, buildPlan, driftFromPlan, loadGitWorkflows } from '@flowops/gitops';
import { renderDrift } from '../gitops/render-drift';

export const name = 'drift';
export const summary = 'Compare an environment with git and report differences';
/** `--format` values (the first is the default; `--json` is `--format json`). */
export const formats = ['pretty', 'json', 'markdown'] as const;
export const usage = `flowops drift --env <env> [--ref <git-ref>] [--format pretty|json|markdown] [--json] [--out <file>]

  --ref <ref>   git ref to compare with (default: the working tree at HEAD)
  Exit 0 when in sync, 3 when the cluster differs, 1 on errors, 2 on usage errors.`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(
    argv,
    {
      env: { type: 'string' },
      ref: { type: 'string' },
      ...FORMAT_OPTIONS,
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    usage,
  );
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const format = formatOf(values, formats, usage);
  const root = findRepoRoot();
  const git = await loadGitWorkflows(root, values.ref);
  const report = await withSession(envName(values.env), root, async (session) => {
    const plan = await buildPlan(session, git.workflows, {
      inHistory: ancestry(root, git.gitSha ?? 'HEAD'),
      capabilities: false,
      ...(git.gitSha ? { gitSha: git.gitSha } : {}),
    });
    return driftFromPlan(plan, values.ref ?? 'HEAD');
  });
  const text = renderDrift(report, format);
  process.stdout.write(text);
  if (values.out) (await import('node:fs')).writeFileSync(values.out, text);
  return report.inSync ? 0 : 3; // 'differs' is not a usage error (2)
}
