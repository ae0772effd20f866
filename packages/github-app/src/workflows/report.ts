/**
 * The pull-request report: the `flowops` check run (annotations in batches of 50) and the
 * sticky comment edited in place. Fed by CI (`flowops dry-run --changed --report <pr>`), by
 * `pull_request` events (placeholder check, fork note) and by `check_run` rerequests (rebuilt
 * by the App: changed workflows, dry-runs on staging with their first fixture, plan).
 * @module
 */
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { FORK_NOTE, REPORT_MARKER, annotationBatches, renderCheckRun, renderReportComment } from '../render/index';
import { type DryRunSummary, ReportInput, type ReportInputIn } from '../report/types';
import type { PullRequestArgs, RerequestArgs } from '../webhooks/route';
import { defs, gh, runs } from './activities';

async function publishReport(input: ReportInput): Promise<{ commentId: number; checkRunId: number }> {
  const sticky = await gh.upsertStickyComment({ repo: input.repo, issueNumber: input.pr, body: renderReportComment(input) });
  const check = renderCheckRun(input);
  const checkRunId = await gh.publishCheckRun({
    repo: input.repo,
    headSha: input.headSha,
    status: 'completed',
    conclusion: check.conclusion,
    title: check.title,
    summary: check.summary,
    annotationBatches: annotationBatches(input.diagnostics),
    ...(input.detailsUrl ? { detailsUrl: input.detailsUrl } : {}),
  });
  return { commentId: sticky.commentId, checkRunId };
}

export async function flowopsGithubReport(raw: ReportInputIn): Promise<{ commentId: number; checkRunId: number }> {
  const parsed = ReportInput.safeParse(raw);
  if (!parsed.success) {
    throw ApplicationFailure.nonRetryable(`report input is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, 'FLOW_USAGE');
  }
  return publishReport(parsed.data);
}

function forkComment(sha: string): string {
  return [REPORT_MARKER, `## flowops report for \`${sha.slice(0, 7)}\``, '', FORK_NOTE].join('\n');
}

export async function flowopsGithubPullRequest(a: PullRequestArgs): Promise<{ fork: boolean }> {
  if (a.fork) {
    await gh.upsertStickyComment({ repo: a.repo, issueNumber: a.pr, body: forkComment(a.headSha) });
    await gh.publishCheckRun({ repo: a.repo, headSha: a.headSha, status: 'completed', conclusion: 'neutral', title: 'Fork pull request: no automatic dry-run', summary: 'Definitions from forks are not dry-run automatically. A maintainer can comment `/flowops dry-run <workflow>`.' });
    return { fork: true };
  }
  await gh.publishCheckRun({
    repo: a.repo,
    headSha: a.headSha,
    status: 'in_progress',
    title: 'Waiting for the CI report',
    summary: 'CI runs `flowops check`, `flowops plan` and `flowops dry-run --changed --env staging --report <pr>`; the result appears here and in the sticky comment.',
  });
  return { fork: false };
}

export async function flowopsGithubRerequest(a: RerequestArgs): Promise<{ reports: number }> {
  let reports = 0;
  for (const pr of a.pulls) {
    const pull = await gh.getPull({ repo: a.repo, pr });
    if (pull.fork) {
      await flowopsGithubPullRequest({ repo: a.repo, delivery: a.delivery, pr, headSha: pull.headSha, baseRef: pull.baseRef, headRepo: pull.headRepo, fork: true, action: 'rerequested' });
      reports++;
      continue;
    }
    await gh.publishCheckRun({ repo: a.repo, headSha: pull.headSha, status: 'in_progress', title: 'Re-running the report', summary: 'Requested from the Checks tab.', checkRunId: a.checkRunId });
    const changed = await defs.changedWorkflows({ repo: a.repo, headSha: pull.headSha, baseRef: pull.baseRef });
    const workflows = [];
    for (const w of changed.workflows) {
      let dryRun: DryRunSummary | undefined;
      const fixture = changed.fixtures[w.name];
      if (w.change === 'removed') dryRun = undefined;
      else if (changed.diagnostics.some((d) => d.severity === 'error' && d.workflow === w.name)) dryRun = { status: 'not-run', reason: 'does not compile', steps: [] };
      else {
        const prepared = await defs.prepareRun({ repo: a.repo, sha: pull.headSha, workflow: w.name, env: 'staging', args: {} });
        if (!prepared.ok) dryRun = { status: 'not-run', reason: prepared.reason.slice(0, 300), steps: [] };
        else {
          try {
            const o = await runs.executeRun({ env: 'staging', kind: 'dry-run', ir: prepared.ir, input: fixture ?? prepared.input, id: `gh-rerun-${a.checkRunId}-${w.name}`, triggeredBy: 'github:rerequest', gitSha: pull.headSha });
            dryRun = { status: o.status === 'succeeded' ? 'succeeded' : 'failed', url: o.url, workflowId: o.workflowId, durationMs: o.durationMs, failedStep: o.failedStep, error: o.error, steps: o.steps };
          } catch (err) {
            if (!(err instanceof ActivityFailure)) throw err;
            dryRun = { status: 'not-run', reason: err.cause?.message ?? err.message, steps: [] };
          }
        }
      }
      workflows.push({ ...w, ...(dryRun ? { dryRun } : {}) });
    }
    const plan = await defs.plan({ repo: a.repo, sha: pull.headSha, env: 'staging' });
    await publishReport(ReportInput.parse({ repo: a.repo, pr, headSha: pull.headSha, baseRef: pull.baseRef, diagnostics: changed.diagnostics, plans: [plan], workflows }));
    reports++;
  }
  return { reports };
}
