/**
 * `flowops plan --env <env>`: what publish would change — new, changed (semantic diff),
 * rollback, unchanged, removed from git, drifted, plugins missing. With --detailed-exitcode:
 * 0 nothing to do, 3 changes, 1 error (refused entries and flowops.policy.ts violations count as
 * errors; the violations are listed after the plan), 2 usage error.
 * @module
 */
import { PLAN_FORMATS, renderPlan } from '../gitops/render';
import { FORMAT_OPTIONS, formatOf, parse } from '../args';
import { startProgress } from '../progress';
import { findRepoRoot } from '../config';
import { envName, withSession } from '../gitops/context';
import { ancestry, buildPlan, loadGitWorkflows } from '@flowops/gitops';
import { findPolicyFile, hasErrors } from '@flowops/compiler';
import { environmentPolicy, prettyPolicyReport } from '../checks/policy';

export const name = 'plan';
export const summary = 'Show what publishing to an environment would change (git vs the cluster)';
/** `--format` values (the first is the default; `--json` is `--format json`). */
export const formats = PLAN_FORMATS;
export const usage = `flowops plan --env <env> [--format pretty|json|markdown] [--json] [--detailed-exitcode] [--all] [--no-cache]

  --env <env>          environment from flowops.config.ts (default $FLOWOPS_ENV or local)
  --format <f>         pretty (default), json or markdown (--json: --format json)
  --detailed-exitcode  exit 0 when there is nothing to do, 3 when there are changes, 1 on errors
  --all                also list unchanged workflows (pretty)
  --out <file>         also write the rendering to a file
  --no-cache           compile every workflow afresh (default: unchanged ones come from the compile
                       cache, entries signed with your key in ~/.cache/flowops/cache.key)`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(
    argv,
    {
      env: { type: 'string' },
      ...FORMAT_OPTIONS,
      'detailed-exitcode': { type: 'boolean' },
      all: { type: 'boolean' },
      out: { type: 'string' },
      'no-cache': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    usage,
  );
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const format = formatOf(values, PLAN_FORMATS, usage);
  const root = findRepoRoot();
  const progress = startProgress({ quiet: format === 'json' });
  let git: Awaited<ReturnType<typeof loadGitWorkflows>>;
  let plan: Awaited<ReturnType<typeof buildPlan>>;
  let policy: Awaited<ReturnType<typeof environmentPolicy>>;
  try {
    progress.update('compiling the workflows in git');
    git = await loadGitWorkflows(root, undefined, { cache: !values['no-cache'] });
    if (findPolicyFile(root)) progress.update('evaluating flowops.policy.ts');
    policy = await environmentPolicy(root, envName(values.env), git.workflows);
    progress.update(`comparing with ${envName(values.env)}`);
    plan = await withSession(envName(values.env), root, (session) =>
      buildPlan(session, git.workflows, { inHistory: ancestry(root), ...(git.gitSha ? { gitSha: git.gitSha } : {}) }),
    );
  } finally {
    progress.stop();
  }
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  let text = renderPlan(plan, format, { color, showUnchanged: values.all === true });
  // flowops.policy.ts findings: publish refuses while any is an error (FLOW_POLICY_*)
  if (policy.diagnostics.length > 0) {
    if (format === 'json') text = `${JSON.stringify({ ...(JSON.parse(text) as object), policy: policy.diagnostics }, null, 2)}\n`;
    else
      text += `\n${format === 'markdown' ? '### Policy\n\n```\n' : 'Policy (flowops.policy.ts):\n'}${prettyPolicyReport(root, git.workflows, policy.diagnostics, color && format === 'pretty')}${format === 'markdown' ? '```\n' : ''}`;
  }
  process.stdout.write(text);
  if (values.out)
    (await import('node:fs')).writeFileSync(values.out, format === 'pretty' ? renderPlan(plan, format, { showUnchanged: values.all === true }) : text);
  if (plan.blocked > 0 || hasErrors(policy.diagnostics)) return 1;
  if (values['detailed-exitcode']) return plan.hasChanges ? 3 : 0; // not 2: that is a usage error
  return 0;
}
