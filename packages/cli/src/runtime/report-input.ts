/**
 * The hand-off of `flowops dry-run --changed --report <pr>` to the GitHub App: a `ReportInput`
 * (@flowops/github-app) built from the changed set and the dry-runs. The report workflow posts
 * what it is given — it neither starts nor awaits runs — so each changed workflow carries one
 * `DryRunSummary` folded from its fixtures' runs (the first failure wins, with its trace).
 * @module
 */
import type { DryRunSummary, EnvPlan, PlanRow, ReportInputIn, TraceLine } from '@flowops/github-app';
import { toReportDiagnostic } from '@flowops/github-app/report-diagnostic';
import { FlowError } from '@flowops/core';
import type { TraceEntry } from '@flowops/runtime';
import type { Plan } from '../gitops/types';
import type { ChangedDryRun, FixtureRun } from './dry-run-changed';

export interface ReportContext {
  pr: number;
  /** `owner/repo` (GITHUB_REPOSITORY). */
  repository: string;
  headSha: string;
  baseRef: string;
  environment: string;
  plans?: EnvPlan[] | undefined;
  detailsUrl?: string | undefined;
}


function traceLines(steps: TraceEntry[]): TraceLine[] {
  return steps.map((s) => ({
    step: s.step,
    status: s.status,
    simulated: s.simulated,
    durationMs: s.durationMs,
    ...(s.output !== undefined ? { output: s.output } : {}),
    ...(s.error ? { error: { code: s.error.code, message: s.error.message } } : {}),
  }));
}

/** One summary for a workflow's fixture runs. */
export function summarize(runs: FixtureRun[]): DryRunSummary | undefined {
  if (runs.length === 0) return undefined;
  const notCompiled = runs.find((r) => r.status === 'not-run' && r.fixture === '—');
  if (notCompiled) return { status: 'not-run', reason: `${notCompiled.error ?? 'does not compile'} [${notCompiled.code}]`.slice(0, 300), steps: [] };
  const bad = runs.find((r) => r.status !== 'succeeded');
  const shown = bad ?? runs[0]!;
  const passed = runs.filter((r) => r.status === 'succeeded').length;
  return {
    status: bad ? 'failed' : 'succeeded',
    ...(shown.workflowId ? { workflowId: shown.workflowId } : {}),
    ...(shown.runId ? { runId: shown.runId } : {}),
    ...(shown.url ? { url: shown.url } : {}),
    durationMs: runs.reduce((sum, r) => sum + (r.durationMs ?? 0), 0),
    ...(runs.length > 1 ? { reason: `${passed}/${runs.length} fixtures passed` } : {}),
    ...(bad?.failedStep ? { failedStep: bad.failedStep } : {}),
    ...(bad ? { error: `fixture ${bad.fixture}: ${bad.error ?? 'failed'} [${bad.code ?? 'FLOW_STEP_FAILED'}]` } : {}),
    steps: traceLines(shown.steps),
  };
}

export function parseRepository(value: string | undefined): { owner: string; repo: string } {
  const m = /^([\w.-]+)\/([\w.-]+)$/.exec(value ?? '');
  if (!m) {
    throw new FlowError({
      code: 'FLOW_USAGE',
      message: value ? `"${value}" is not owner/repo` : 'which repository is the report for? GITHUB_REPOSITORY is not set',
      hint: 'pass --repo owner/repo (GitHub Actions sets GITHUB_REPOSITORY)',
    });
  }
  return { owner: m[1]!, repo: m[2]! };
}

export function buildReportInput(result: ChangedDryRun, ctx: ReportContext): ReportInputIn {
  const workflows = result.set.changed.map((c) => {
    const dryRun = summarize(result.runs.filter((r) => r.workflow === c.name));
    return {
      name: c.name,
      version: c.version,
      change: c.change,
      ...(c.head ? { ir: c.head.ir } : {}),
      ...(c.baseIr ? { baseIr: c.baseIr } : {}),
      ...(c.steps ? { steps: c.steps } : {}),
      ...(dryRun ? { dryRun } : {}),
    };
  });
  return {
    repo: parseRepository(ctx.repository),
    pr: ctx.pr,
    headSha: ctx.headSha,
    baseRef: ctx.baseRef,
    fork: false,
    environment: ctx.environment,
    diagnostics: result.set.diagnostics.map(toReportDiagnostic),
    plans: ctx.plans ?? [],
    workflows,
    ...(ctx.detailsUrl ? { detailsUrl: ctx.detailsUrl } : {}),
  };
}

/** A plan (`buildPlan`) as the report's rows; unchanged workflows are left out. */
export function planRows(plan: Plan): EnvPlan {
  const rows: PlanRow[] = [];
  for (const e of plan.entries) {
    if (e.status === 'unchanged' && e.missingPlugins.length === 0) continue;
    const from = e.cluster?.active ?? undefined;
    const to = e.git?.version;
    const detail = e.missingPlugins.length > 0 ? `no worker serves ${e.missingPlugins.join(', ')}` : e.status === 'rollback' ? 'rollback' : (e.drift ?? e.blocked?.message);
    rows.push({
      workflow: e.name,
      status: e.missingPlugins.length > 0 ? 'missing-plugins' : e.status === 'rollback' ? 'changed' : e.status,
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(detail ? { detail } : {}),
    });
  }
  return { env: plan.environment, rows };
}
