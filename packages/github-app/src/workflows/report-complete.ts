/**
 * Finishing a pull-request report inside the report workflow: start the pending dry-runs (each
 * changed workflow once per fixture, four at a time, on the report's environment), fold them into
 * one summary per workflow, read drift between the default branch and the clusters when the input
 * has none, then post the `flowops` check run and — unless the PR head has moved on to a newer
 * commit, whose report owns it — the sticky comment. Workflow code: deterministic, activities only.
 * @module
 */
import { ActivityFailure } from '@temporalio/workflow';
import type { Workflow } from '@flowops/core';
import { annotationBatches, renderCheckRun, renderReportComment } from '../render/index';
import { NOT_COMPILED, summarizeFixtures } from '../report/summarize';
import type { ChangedWorkflow, FixtureOutcome, ReportInput, ReportResult } from '../report/types';
import { defs, gh, runs } from './activities';

const IN_FLIGHT = 4;

export interface CompleteOptions {
  /** Check run to update (a rerequest names it); default: the latest `flowops` run of the commit. */
  checkRunId?: number | undefined;
  /** Makes dry-run ids unique to this attempt (a rerequest reruns; a report from CI or a webhook does not). */
  attempt?: string | undefined;
  /** Read drift when the input carries none (default true). */
  readDrift?: boolean | undefined;
  /** Environments to read drift in (default: every configured one but `local`). */
  driftEnvs?: string[] | undefined;
}

interface Job {
  workflow: ChangedWorkflow;
  fixture: string;
  input?: unknown;
  issue?: { code: string; message: string } | undefined;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60);

/** The dry-runs a report still has to do: none for forks, removed workflows or given results. */
export function pendingJobs(input: ReportInput): Job[] {
  if (input.fork) return [];
  const jobs: Job[] = [];
  for (const w of input.workflows) {
    if (w.change === 'removed' || w.change === 'unchanged' || w.dryRun || !w.ir) continue;
    const fixtures = w.fixtures && w.fixtures.length > 0 ? w.fixtures : [{ name: '(no fixture)', input: {} }];
    for (const f of fixtures) jobs.push({ workflow: w, fixture: f.name, input: f.input ?? {}, issue: 'issue' in f ? f.issue : undefined });
  }
  return jobs;
}

async function dryRun(job: Job, input: ReportInput, o: CompleteOptions, childIrs: Record<string, Workflow>): Promise<FixtureOutcome> {
  const ir = job.workflow.ir as Workflow;
  const head = { workflow: job.workflow.name, ...(job.workflow.version ? { version: job.workflow.version } : {}), fixture: job.fixture };
  if (job.issue) return { ...head, status: 'not-run', code: job.issue.code, error: job.issue.message, steps: [] };
  const id = `pr${input.pr}-${input.headSha.slice(0, 12)}-${safe(job.fixture)}${o.attempt ? `-${safe(o.attempt)}` : ''}`;
  try {
    const r = await runs.executeRun({
      env: input.environment,
      kind: 'dry-run',
      ir,
      input: job.input,
      id,
      once: true,
      triggeredBy: `github:pr#${input.pr}`,
      gitSha: input.headSha,
      childIrs,
    });
    return {
      ...head,
      status: r.status === 'succeeded' ? 'succeeded' : 'failed',
      ...(r.workflowId ? { workflowId: r.workflowId } : {}),
      ...(r.url ? { url: r.url } : {}),
      ...(r.durationMs !== undefined ? { durationMs: r.durationMs } : {}),
      ...(r.failedStep ? { failedStep: r.failedStep } : {}),
      ...(r.status !== 'succeeded' ? { code: r.code ?? 'FLOW_STEP_FAILED', error: (r.error ?? r.status).replace(/ \[[A-Z0-9_]+\]$/, '') } : {}),
      steps: r.steps.map((s) => ({
        step: s.step,
        status: s.status,
        ...(s.simulated !== undefined ? { simulated: s.simulated } : {}),
        ...(s.durationMs !== undefined ? { durationMs: s.durationMs } : {}),
        ...(s.error ? { error: s.error } : {}),
      })),
    };
  } catch (err) {
    // Input the schema refuses, an unknown environment…: the activity fails for good and says why.
    if (!(err instanceof ActivityFailure)) throw err;
    const cause = err.cause as { message?: string; type?: string } | undefined;
    return { ...head, status: 'not-run', code: cause?.type ?? 'FLOW_INTERNAL', error: `fixture ${job.fixture}: ${cause?.message ?? err.message}`, steps: [] };
  }
}

async function runAll(jobs: Job[], input: ReportInput, o: CompleteOptions): Promise<FixtureOutcome[]> {
  const childIrs: Record<string, Workflow> = {};
  for (const w of input.workflows) {
    if (!w.ir) continue;
    const ir = w.ir as Workflow;
    childIrs[w.name] = ir;
    childIrs[`${w.name}@${ir.version}`] = ir;
  }
  const out: FixtureOutcome[] = [];
  for (let i = 0; i < jobs.length; i += IN_FLIGHT) out.push(...(await Promise.all(jobs.slice(i, i + IN_FLIGHT).map((j) => dryRun(j, input, o, childIrs)))));
  return out;
}

async function readDrift(input: ReportInput, o: CompleteOptions): Promise<Pick<ReportInput, 'drift' | 'driftError'>> {
  try {
    const envs = o.driftEnvs ?? Object.keys(await defs.environmentRunners()).filter((e) => e !== 'local');
    if (envs.length === 0) return { drift: [] };
    const d = await defs.drift({ repo: input.repo, sha: input.baseRef, envs });
    return { drift: d.rows, ...(d.errors.length > 0 ? { driftError: d.errors.join('; ') } : {}) };
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    return { drift: [], driftError: `could not read ${input.baseRef}: ${err.cause?.message ?? err.message}` };
  }
}

export async function completeReport(input: ReportInput, o: CompleteOptions = {}): Promise<ReportResult> {
  const jobs = pendingJobs(input);
  let checkRunId = o.checkRunId;
  if (jobs.length > 0) {
    const names = [...new Set(jobs.map((j) => j.workflow.name))];
    checkRunId = await gh.publishCheckRun({
      repo: input.repo,
      headSha: input.headSha,
      status: 'in_progress',
      title: `Dry-running ${names.length} workflow(s) on ${input.environment}`,
      summary: `Dry-runs of ${names.map((n) => `\`${n}\``).join(', ')} with their fixtures (${jobs.length} run(s)); the report follows.`,
      ...(checkRunId !== undefined ? { checkRunId } : {}),
      ...(input.detailsUrl ? { detailsUrl: input.detailsUrl } : {}),
    });
  }
  const outcomes = await runAll(jobs, input, o);
  const workflows = input.workflows.map((w) => {
    const { fixtures: _omit, ...rest } = w;
    const dry = w.dryRun ?? summarizeFixtures(outcomes.filter((r) => r.workflow === w.name));
    return { ...rest, ...(dry ? { dryRun: dry } : {}) };
  });
  const drift = o.readDrift === false || input.drift.length > 0 || input.driftError ? {} : await readDrift(input, o);
  const final: ReportInput = { ...input, workflows, ...drift };

  const check = renderCheckRun(final);
  checkRunId = await gh.publishCheckRun({
    repo: final.repo,
    headSha: final.headSha,
    status: 'completed',
    conclusion: check.conclusion,
    title: check.title,
    summary: check.summary,
    ...(check.text !== undefined ? { text: check.text } : {}),
    annotationBatches: annotationBatches(final.diagnostics),
    ...(checkRunId !== undefined ? { checkRunId } : {}),
    ...(final.detailsUrl ? { detailsUrl: final.detailsUrl } : {}),
  });
  // A report for an older commit must not overwrite the newer commit's comment.
  const current = await gh.getPull({ repo: final.repo, pr: final.pr }).catch((err: unknown) => {
    if (err instanceof ActivityFailure) return undefined;
    throw err;
  });
  let commentId: number | undefined;
  if (!current || current.headSha === final.headSha) {
    commentId = (await gh.upsertStickyComment({ repo: final.repo, issueNumber: final.pr, body: renderReportComment(final) })).commentId;
  }
  const notCompiled: FixtureOutcome[] = final.workflows
    .filter((w) => w.dryRun?.status === 'not-run' && !outcomes.some((r) => r.workflow === w.name))
    .map((w) => ({
      workflow: w.name,
      ...(w.version ? { version: w.version } : {}),
      fixture: NOT_COMPILED,
      status: 'not-run' as const,
      error: w.dryRun?.reason ?? 'not run',
      steps: [],
    }));
  return { checkRunId, ...(commentId !== undefined ? { commentId } : {}), conclusion: check.conclusion, runs: [...outcomes, ...notCompiled] };
}
