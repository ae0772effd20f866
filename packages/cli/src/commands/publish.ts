/**
 * `flowops publish --env <env>`: apply the plan — register and activate versions, re-activate
 * reverted ones (recorded as rollbacks), deactivate workflows removed from git, sync cron
 * schedules. Idempotent: re-running completes an interrupted publish. Refuses workflows whose
 * plugins no live worker serves (FLOW_PLUGIN_UNAVAILABLE) or whose version was published with
 * other content (FLOW_VERSION_IMMUTABLE); exit 1 when anything was refused. Refuses everything,
 * before contacting the cluster, when flowops.policy.ts has unwaived violations (FLOW_POLICY_VIOLATION).
 * @module
 */
import { FORMAT_OPTIONS, formatOf, parse } from '../args';
import { findRepoRoot } from '../config';
import { envName, withSession } from '../gitops/context';
import { ancestry, applyPlan, buildPlan, changeMeta, loadGitWorkflows } from '@flowops/gitops';
import { renderPublishReport } from '../gitops/render-publish';
import { renderPlan } from '../gitops/render';
import { environmentPolicy, mergedPullWaivers, policyRefusal, prettyPolicyReport } from '../checks/policy';
import { hasErrors } from '@flowops/compiler';

export const name = 'publish';
export const summary = "Publish git's workflows to an environment (registry, activation, schedules)";
/** `--format` values (the first is the default; `--json` is `--format json`). */
export const formats = ['pretty', 'json'] as const;
export const usage = `flowops publish --env <env> [--format pretty|json] [--json] [--no-cache]

  --env <env>     environment from flowops.config.ts (default $FLOWOPS_ENV or local)
  --format <f>    pretty (default) or json (the plan and the outcome per workflow)
  --no-cache      compile every workflow afresh (default: unchanged ones come from the compile
                  cache, entries signed with your key in ~/.cache/flowops/cache.key)

  Who/where is recorded from $FLOWOPS_ACTOR (or $GITHUB_ACTOR, git user.email), the git HEAD
  (or $GITHUB_SHA) and $FLOWOPS_SOURCE (ci when $CI is set, else cli).
  flowops.policy.ts violations refuse the publish, unless the pull request merged as this commit
  has an owner's waiver (/flowops approve-policy <set>) in the flowops App's check run — read
  with $GITHUB_TOKEN and $GITHUB_REPOSITORY in GitHub Actions.`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, { env: { type: 'string' }, ...FORMAT_OPTIONS, 'no-cache': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, usage);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const json = formatOf(values, formats, usage) === 'json';
  const root = findRepoRoot();
  const git = await loadGitWorkflows(root, undefined, { cache: !values['no-cache'] });
  // flowops.policy.ts: unwaived violations refuse the whole publish before the cluster is contacted.
  let policy = await environmentPolicy(root, envName(values.env), git.workflows);
  if (hasErrors(policy.diagnostics)) {
    // in GitHub Actions: the waivers an owner gave on the pull request merged as this commit
    const merged = await mergedPullWaivers(git.gitSha);
    if (merged && merged.waivers.length > 0) {
      process.stderr.write(
        `flowops publish: policy waivers of pull request #${merged.pr}: ${merged.waivers.map((w) => `${w.set} by ${w.approvedBy}`).join(', ')}\n`,
      );
      policy = await environmentPolicy(root, envName(values.env), git.workflows, merged.waivers);
    }
  }
  if (policy.diagnostics.length > 0 && !hasErrors(policy.diagnostics) && !json)
    process.stdout.write(prettyPolicyReport(root, git.workflows, policy.diagnostics));
  if (hasErrors(policy.diagnostics)) {
    process.stdout.write(
      json ? `${JSON.stringify({ published: false, policy: policy.diagnostics }, null, 2)}\n` : prettyPolicyReport(root, git.workflows, policy.diagnostics),
    );
    throw policyRefusal(envName(values.env), policy.diagnostics);
  }
  return withSession(envName(values.env), root, async (session) => {
    const plan = await buildPlan(session, git.workflows, { inHistory: ancestry(root), ...(git.gitSha ? { gitSha: git.gitSha } : {}) });
    if (!json) process.stdout.write(renderPlan(plan, 'pretty', { color: process.stdout.isTTY === true && !process.env.NO_COLOR }));
    const report = await applyPlan(session, plan, git.workflows, changeMeta(root, git.gitSha));
    process.stdout.write(json ? `${JSON.stringify({ plan, report }, null, 2)}\n` : `\n${renderPublishReport(report)}`);
    return report.failed > 0 ? 1 : 0;
  });
}
