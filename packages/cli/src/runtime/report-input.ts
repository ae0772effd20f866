/**
 * The hand-off of `flowops dry-run --changed --report <pr>` to the GitHub App: a `ReportInput`
 * (@flowops/github-app) built from the changed set — each changed workflow with its IR, graph
 * changes and fixtures (inputs the schema refuses are marked here, nothing is started for them),
 * the diagnostics and the plans. The App's report workflow starts the dry-runs, waits for them
 * and posts the check run and the comment; `reportRuns` turns what it returns back into the
 * terminal summary's rows.
 * @module
 */
import { type EnvPlan, type FixtureInput, type ReplayVerdict, type ReportInputIn, type ReportResult, changedWorkflow } from '@flowops/github-app';
import { toReportDiagnostic } from '@flowops/github-app/report-diagnostic';
import { FlowError, formatIssue } from '@flowops/core';
import { type TraceEntry, validateInput } from '@flowops/runtime';
import type { ChangedSet } from '@flowops/gitops';
import type { FixtureRun } from './dry-run-changed';
import { readFixtures } from './fixtures';

export interface ReportContext {
  pr: number;
  /** `owner/repo` (GITHUB_REPOSITORY). */
  repository: string;
  headSha: string;
  baseRef: string;
  environment: string;
  plans?: EnvPlan[] | undefined;
  detailsUrl?: string | undefined;
  /** The replay verdict from `--replay <file>` (readReplayVerdict). */
  replay?: ReplayVerdict | undefined;
}

/** The fixtures of a compiled workflow as the report carries them; refused inputs become issues. */
export function fixtureInputs(root: string, head: NonNullable<ChangedSet['changed'][number]['head']>): FixtureInput[] {
  return readFixtures(root, head.file).map((f) => {
    if ('issue' in f) return { name: f.name, issue: { code: f.issue.code, message: formatIssue(f.issue) } };
    const valid = validateInput(head.ir, f.input);
    if (!valid.ok)
      return { name: f.name, issue: { code: valid.issues[0]!.code, message: `fixture ${f.name}: ${valid.issues.map((i) => formatIssue(i)).join('; ')}` } };
    return { name: f.name, input: f.input };
  });
}

/** Report outcomes as the terminal summary's rows. */
export function reportRuns(result: ReportResult): FixtureRun[] {
  return result.runs.map((r) => ({
    workflow: r.workflow,
    version: r.version ?? '',
    fixture: r.fixture,
    status: r.status,
    workflowId: r.workflowId,
    url: r.url,
    durationMs: r.durationMs,
    failedStep: r.failedStep,
    code: r.code,
    error: r.error,
    steps: r.steps as unknown as TraceEntry[],
  }));
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

export function buildReportInput(root: string, set: ChangedSet, ctx: ReportContext): ReportInputIn {
  const workflows = set.changed.map((c) => {
    const first = c.errors[0];
    const compiled = c.head && c.errors.length === 0;
    return {
      ...changedWorkflow(c),
      ...(c.change !== 'removed' && compiled ? { fixtures: fixtureInputs(root, c.head!) } : {}),
      ...(c.change !== 'removed' && !compiled
        ? { dryRun: { status: 'not-run' as const, reason: `does not compile${first ? `: ${first.message} [${first.code}]` : ''}`.slice(0, 300), steps: [] } }
        : {}),
    };
  });
  return {
    repo: parseRepository(ctx.repository),
    pr: ctx.pr,
    headSha: ctx.headSha,
    baseRef: ctx.baseRef,
    fork: false,
    environment: ctx.environment,
    diagnostics: set.diagnostics.map(toReportDiagnostic),
    plans: ctx.plans ?? [],
    workflows,
    ...(ctx.detailsUrl ? { detailsUrl: ctx.detailsUrl } : {}),
    ...(ctx.replay ? { replay: ctx.replay } : {}),
  };
}
