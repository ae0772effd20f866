/**
 * The body of `flowops dry-run --changed [--report <pr>]`, callable in-process (tests pass
 * `root`): dry-run the changed workflows and print the summary. With a PR number the dry-runs
 * start inside the GitHub App's report workflow on the same cluster instead: CI compiles, hands
 * over the changed workflows with their fixtures and the plans, and waits; the App's system worker
 * runs the dry-runs and posts the check run and the comment (CI needs Temporal credentials only).
 * @module
 */
import { FlowError } from '@flowops/core';
import { type ChangedSet, ancestry, buildPlan, findChanged, headSha } from '@flowops/gitops';
import { type EnvPlan, type ReplayVerdict, type ReportInputIn, type ReportResult, planRows } from '@flowops/github-app';
import { type Client, WorkflowFailedError } from '@temporalio/client';
import { loadConfig } from '../config';
import { withSession } from '../gitops/context';
import { connectClient, resolveRuntimeEnv, runLink } from './connect';
import { type ChangedDryRun, anyFailed, dryRunChanged } from './dry-run-changed';
import { renderChangedSummary } from './render-changed';
import { readReplayVerdict } from './replay-verdict';
import { buildReportInput, parseRepository, reportRuns } from './report-input';

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
  /** Include the plans (against `env` and every other configured cluster but local) in the report (default true). */
  plan?: boolean | undefined;
  /** `--replay <file>`: the replay verdict CI produced, carried by the report (needs `pr`). */
  replay?: string | undefined;
  /** Wait for the report workflow and print its dry-runs (default true; false: start it and return). */
  wait?: boolean | undefined;
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
  report?: { workflowId: string; input: ReportInputIn; result?: ReportResult | undefined } | undefined;
}

export async function runChanged(o: RunChangedOptions): Promise<RunChangedResult> {
  const out = o.out ?? ((t: string) => void process.stdout.write(t));
  const err = o.err ?? ((t: string) => void process.stderr.write(t));
  // Everything the report needs is checked before anything runs.
  const target = o.pr === undefined ? undefined : parseRepository(o.repo ?? process.env.GITHUB_REPOSITORY);
  const repository = target ? `${target.owner}/${target.repo}` : undefined;
  const sha = o.headSha || process.env.GITHUB_SHA || headSha(o.root);
  if (o.pr !== undefined && !sha) {
    throw new FlowError({
      code: 'FLOW_GIT_ERROR',
      message: 'which commit is the report for? no --head-sha, GITHUB_SHA or git HEAD',
      hint: 'run inside the checkout, or pass --head-sha <sha>',
    });
  }
  if (o.replay !== undefined && o.pr === undefined) {
    throw new FlowError({ code: 'FLOW_USAGE', message: '--replay only goes with --report <pr>', hint: 'add --report <pr>, or drop --replay' });
  }
  const replay = o.replay === undefined ? undefined : readReplayVerdict(o.replay);
  const renv = await resolveRuntimeEnv(o.env, o.root);
  const { client, connection } = await connectClient(renv);
  try {
    if (o.pr !== undefined && repository && sha) return await report(o, client, { pr: o.pr, repository, sha, replay }, renv.env.name, out, err);
    const result = await dryRunChanged({
      root: o.root,
      base: o.base,
      client,
      taskQueue: renv.taskQueue,
      environment: renv.env,
      link: (id) => runLink(renv, id),
      typecheck: o.typecheck,
      concurrency: o.concurrency,
      triggeredBy: process.env.GITHUB_ACTOR ?? process.env.USER,
      gitSha: sha,
      onRun: o.json ? undefined : (r) => err(`  ${r.status === 'succeeded' ? '✓' : '✗'} ${r.workflow} (${r.fixture}) ${r.status}\n`),
    });
    print(o, out, result, renv.env.name);
    return { exitCode: anyFailed(result.runs) ? 1 : 0, result };
  } finally {
    await connection.close();
  }
}

function print(o: RunChangedOptions, out: (t: string) => void, result: ChangedDryRun, env: string, workflowId?: string): void {
  if (o.json) {
    out(
      `${JSON.stringify({ base: result.set.base, baseSha: result.set.baseSha, changed: result.set.changed.map((c) => ({ name: c.name, version: c.version, change: c.change })), runs: result.runs.map(({ steps, ...r }) => ({ ...r, steps: steps.length })), ...(workflowId ? { report: workflowId } : {}) }, null, 2)}\n`,
    );
  } else {
    out(renderChangedSummary(result, env));
  }
}

/** `--report`: compile here, let the App's report workflow dry-run and post, wait for it. */
async function report(
  o: RunChangedOptions,
  client: Client,
  t: { pr: number; repository: string; sha: string; replay?: ReplayVerdict | undefined },
  env: string,
  out: (t: string) => void,
  err: (t: string) => void,
): Promise<RunChangedResult> {
  const set = await findChanged(o.root, o.base, { typecheck: o.typecheck });
  const plans: EnvPlan[] = o.plan === false ? [] : await Promise.all((await planEnvironments(o.root, o.env)).map((e) => planFor(o.root, e, set, t.sha)));
  const input = buildReportInput(o.root, set, {
    pr: t.pr,
    repository: t.repository,
    headSha: t.sha,
    baseRef: process.env.GITHUB_BASE_REF || set.base.replace(/^origin\//, ''),
    environment: o.env,
    plans,
    detailsUrl: actionsRunUrl(),
    replay: t.replay,
  });
  const { ReportInput, startReport } = await import('@flowops/github-app');
  const checked = ReportInput.safeParse(input);
  if (!checked.success) {
    throw new FlowError({
      code: 'FLOW_INTERNAL',
      message: `the report input is invalid: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      hint: 'report this as a bug',
    });
  }
  const taskQueue = o.reportTaskQueue ?? process.env.FLOWOPS_GITHUB_TASK_QUEUE ?? 'flowops-github';
  const { workflowId } = await startReport(client, input, taskQueue);
  if (!o.json)
    err(
      `report for PR #${t.pr} handed to the GitHub App as ${workflowId} (task queue ${taskQueue}); it dry-runs ${set.changed.filter((c) => c.change !== 'removed').length} changed workflow(s) on ${env}\n`,
    );
  if (o.wait === false) return { exitCode: 0, result: { set, runs: [] }, report: { workflowId, input } };
  if (!(await hasPollers(client, taskQueue))) {
    err(
      `warning: no GitHub App worker polls the task queue ${taskQueue} on this cluster yet; waiting for one (is \`flowops app\` running with FLOWOPS_ENV=${env} and FLOWOPS_GITHUB_TASK_QUEUE=${taskQueue}?)\n`,
    );
  }
  let result: ReportResult;
  try {
    result = (await client.workflow.getHandle(workflowId).result()) as ReportResult;
  } catch (e) {
    if (!(e instanceof WorkflowFailedError)) throw e;
    const why = e.cause?.message ?? e.message;
    throw new FlowError({
      code: 'FLOW_INTERNAL',
      message: `the GitHub App's report workflow ${workflowId} ended without a result (${why})`,
      hint: 'a newer report for the same PR replaces a running one; otherwise see the workflow in the Temporal UI and the App logs, then re-run this job',
    });
  }
  const dry: ChangedDryRun = { set, runs: reportRuns(result) };
  print(o, out, dry, env, workflowId);
  if (!o.json) out(`check run ${result.conclusion}; ${result.commentId ? 'PR comment updated' : 'PR comment left to the newer commit'}\n`);
  return { exitCode: result.conclusion === 'failure' || anyFailed(dry.runs) ? 1 : 0, result: dry, report: { workflowId, input, result } };
}

/** Whether any worker polled the task queue recently (an unreadable answer counts as yes). */
async function hasPollers(client: Client, taskQueue: string): Promise<boolean> {
  try {
    const r = await client.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: taskQueue },
      taskQueueType: 1 /* WORKFLOW */,
    });
    return (r.pollers?.length ?? 0) > 0;
  } catch {
    return true;
  }
}

/** The dry-run environment first, then every other configured environment but local. */
async function planEnvironments(root: string, env: string): Promise<string[]> {
  const config = await loadConfig(root).catch(() => undefined);
  return [env, ...Object.keys(config?.environments ?? {}).filter((e) => e !== env && e !== 'local')];
}

/** The plan against `env` for the report; a cluster that cannot be read becomes the plan's error. */
async function planFor(root: string, env: string, set: ChangedSet, sha: string): Promise<EnvPlan> {
  try {
    const git = set.head.map((w) => ({ name: w.name, version: w.version, hash: w.hash, ir: w.ir }));
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
