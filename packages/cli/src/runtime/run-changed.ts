/**
 * The body of `flowops dry-run --changed [--report <pr>]`, callable in-process (tests pass
 * `root`): dry-run the changed workflows, print the summary, and with a PR number hand a
 * `ReportInput` to the GitHub App's report workflow on the same cluster (CI needs Temporal
 * credentials only; the App's system worker posts to GitHub).
 * @module
 */
import { FlowError } from '@flowops/core';
import type { EnvPlan, ReportInputIn } from '@flowops/github-app';
import { withSession } from '../gitops/context';
import { ancestry, headSha } from '../gitops/git';
import { buildPlan } from '../gitops/plan';
import { connectClient, resolveRuntimeEnv, runLink } from './connect';
import { type ChangedDryRun, anyFailed, dryRunChanged } from './dry-run-changed';
import { renderChangedSummary } from './render-changed';
import { buildReportInput, parseRepository, planRows } from './report-input';

export interface RunChangedOptions {
  root: string;
  env: string;
  base?: string | undefined;
  /** Pull-request number: hand the results to the GitHub App. */
  pr?: number | undefined;
  /** `owner/repo` (default GITHUB_REPOSITORY). */
  repo?: string | undefined;
  /** Commit the check run belongs to (default GITHUB_SHA, else HEAD). */
  headSha?: string | undefined;
  /** Include the plan against `env` in the report (default true). */
  plan?: boolean | undefined;
  json?: boolean | undefined;
  typecheck?: boolean | undefined;
  concurrency?: number | undefined;
  /** Task queue of the App's system worker (default FLOWOPS_GITHUB_TASK_QUEUE, else flowops-github). */
  reportTaskQueue?: string | undefined;
  /** Where output goes (default process.stdout / process.stderr). */
  out?: ((text: string) => void) | undefined;
  err?: ((text: string) => void) | undefined;
}

export interface RunChangedResult {
  exitCode: number;
  result: ChangedDryRun;
  report?: { workflowId: string; input: ReportInputIn } | undefined;
}

export async function runChanged(o: RunChangedOptions): Promise<RunChangedResult> {
  const out = o.out ?? ((t: string) => void process.stdout.write(t));
  const err = o.err ?? ((t: string) => void process.stderr.write(t));
  // Everything the report needs is checked before anything runs.
  const target = o.pr === undefined ? undefined : parseRepository(o.repo ?? process.env.GITHUB_REPOSITORY);
  const repository = target ? `${target.owner}/${target.repo}` : undefined;
  const sha = o.headSha || process.env.GITHUB_SHA || headSha(o.root);
  if (o.pr !== undefined && !sha) {
    throw new FlowError({ code: 'FLOW_GIT_ERROR', message: 'which commit is the report for? no --head-sha, GITHUB_SHA or git HEAD', hint: 'run inside the checkout, or pass --head-sha <sha>' });
  }
  const renv = await resolveRuntimeEnv(o.env, o.root);
  const { client, connection } = await connectClient(renv);
  try {
    const result = await dryRunChanged({
      root: o.root,
      base: o.base,
      client,
      taskQueue: renv.taskQueue,
      link: (id) => runLink(renv, id),
      typecheck: o.typecheck,
      concurrency: o.concurrency,
      triggeredBy: o.pr === undefined ? (process.env.GITHUB_ACTOR ?? process.env.USER) : `github:pr#${o.pr}`,
      gitSha: sha,
      onRun: o.json ? undefined : (r) => err(`  ${r.status === 'succeeded' ? '✓' : '✗'} ${r.workflow} (${r.fixture}) ${r.status}\n`),
    });
    const failed = anyFailed(result.runs);
    let report: RunChangedResult['report'];
    if (o.pr !== undefined && repository && sha) {
      const plans: EnvPlan[] = o.plan === false ? [] : [await planFor(o.root, o.env, result, sha)];
      const input = buildReportInput(result, {
        pr: o.pr,
        repository,
        headSha: sha,
        baseRef: process.env.GITHUB_BASE_REF || result.set.base.replace(/^origin\//, ''),
        environment: o.env,
        plans,
        detailsUrl: actionsRunUrl(),
      });
      const { ReportInput, startReport } = await import('@flowops/github-app');
      const checked = ReportInput.safeParse(input);
      if (!checked.success) {
        throw new FlowError({ code: 'FLOW_INTERNAL', message: `the report input is invalid: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, hint: 'report this as a bug' });
      }
      const taskQueue = o.reportTaskQueue ?? process.env.FLOWOPS_GITHUB_TASK_QUEUE ?? 'flowops-github';
      const started = await startReport(client, input, taskQueue);
      report = { workflowId: started.workflowId, input };
    }
    if (o.json) {
      out(`${JSON.stringify({ base: result.set.base, baseSha: result.set.baseSha, changed: result.set.changed.map((c) => ({ name: c.name, version: c.version, change: c.change })), runs: result.runs.map(({ steps, ...r }) => ({ ...r, steps: steps.length })), ...(report ? { report: report.workflowId } : {}) }, null, 2)}\n`);
    } else {
      out(renderChangedSummary(result, renv.env.name));
      if (report) out(`report for PR #${o.pr} handed to the GitHub App as ${report.workflowId} (task queue ${o.reportTaskQueue ?? process.env.FLOWOPS_GITHUB_TASK_QUEUE ?? 'flowops-github'})\n`);
    }
    return { exitCode: failed ? 1 : 0, result, ...(report ? { report } : {}) };
  } finally {
    await connection.close();
  }
}

/** The plan against `env` for the report; a cluster that cannot be read becomes the plan's error. */
async function planFor(root: string, env: string, result: ChangedDryRun, sha: string): Promise<EnvPlan> {
  try {
    const git = result.set.head.map((w) => ({ name: w.name, version: w.version, hash: w.hash, ir: w.ir }));
    const plan = await withSession(env, root, (s) => buildPlan(s, git, { inHistory: ancestry(root), gitSha: sha }));
    return planRows(plan);
  } catch (e) {
    return { env, rows: [], error: `could not plan against ${env}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
}

function actionsRunUrl(): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = process.env;
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : undefined;
}
