/**
 * The App's own report for a pull-request commit (a `pull_request` event or a `check_run`
 * rerequest): the changed workflows with their fixtures and graphs from the definitions at the
 * head (compiled by an activity, in a sandbox), the compiler diagnostics, and the plan against
 * the report's environment and every other configured cluster but `local`, and the base branch's
 * policy over the head with the waivers recorded for it. Dry-runs and drift
 * are left to `completeReport`. Workflow code: activities only.
 * @module
 */
import { ReportInput, type ChangedWorkflow, type EnvPlan, type PolicyVerdict, type RepoRef } from '../report/types';
import { defs, gh } from './activities';

export interface PullRef {
  repo: RepoRef;
  pr: number;
  headSha: string;
  baseRef: string;
  environment?: string | undefined;
}

/** Per changed workflow, the step ids the pull request touches (`'all'` for a new one; none for an unchanged one). */
export function changedStepsOf(workflows: readonly ChangedWorkflow[]): Record<string, string[] | 'all'> {
  const out: Record<string, string[] | 'all'> = {};
  for (const w of workflows) {
    if (w.change === 'removed') continue;
    out[w.name] = w.change === 'added' ? 'all' : [...(w.steps?.added ?? []), ...(w.steps?.changed ?? [])];
  }
  return out;
}

/**
 * The base branch's policy over the head, with the waivers the App recorded for the head
 * (`policy/waivers.ts`); undefined when the base has no policy file.
 */
export async function policyVerdict(p: PullRef, workflows: readonly ChangedWorkflow[]): Promise<PolicyVerdict | undefined> {
  const waivers = await gh.policyWaivers({ repo: p.repo, pr: p.pr, headSha: p.headSha });
  return defs.policy({ repo: p.repo, baseRef: p.baseRef, headSha: p.headSha, changedSteps: changedStepsOf(workflows), waivers });
}

/** Plan environments: the report's first, then the other configured clusters (never `local`). */
export function planEnvironments(configured: string[], first: string): string[] {
  return [first, ...configured.filter((e) => e !== first && e !== 'local')];
}

export async function buildReport(p: PullRef): Promise<{ input: ReportInput; envs: string[] }> {
  const environment = p.environment ?? 'staging';
  const changed = await defs.changedWorkflows({ repo: p.repo, headSha: p.headSha, baseRef: p.baseRef });
  const broken = (name: string) => changed.diagnostics.filter((d) => d.severity === 'error' && d.workflow === name);
  const workflows: ChangedWorkflow[] = changed.workflows.map((w) => {
    const errors = broken(w.name);
    if (w.change === 'removed') return w;
    if (errors.length > 0)
      return { ...w, dryRun: { status: 'not-run', reason: `does not compile: ${errors[0]!.message} [${errors[0]!.code}]`.slice(0, 300), steps: [] } };
    return { ...w, fixtures: changed.fixtures[w.name] ?? [] };
  });
  const envs = planEnvironments(Object.keys(await defs.environmentRunners()), environment);
  const plans: EnvPlan[] = await Promise.all(envs.map((env) => defs.plan({ repo: p.repo, sha: p.headSha, env })));
  const policy = await policyVerdict(p, changed.workflows);
  const input = ReportInput.parse({
    repo: p.repo,
    pr: p.pr,
    headSha: p.headSha,
    baseRef: p.baseRef,
    environment,
    // Policy violations fail the check like compiler errors (waived ones are warnings).
    diagnostics: [...changed.diagnostics, ...(policy?.diagnostics ?? [])],
    plans,
    workflows,
    ...(policy ? { policy } : {}),
  });
  return { input, envs: envs };
}
