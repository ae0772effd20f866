/**
 * The pull-request report workflows. One `flowops` check run per commit and one sticky comment
 * per PR, edited in place, come from three doors:
 * - `flowopsGithubReport`: CI's `flowops dry-run --changed --env staging --report <pr>` hands over
 *   the changed workflows (compiled in CI) with their fixtures, the diagnostics and the plans;
 *   this workflow starts the dry-runs, waits for them and posts the results.
 * - `flowopsGithubPullRequest` (`pull_request` opened, synchronize, reopened): the App builds the
 *   same report itself from the head commit. Forks get a note and no dry-run.
 * - `flowopsGithubRerequest` (`check_run` rerequested): rebuilds it, dry-runs included.
 * Dry-run ids derive from the PR and commit, so CI's report and the App's share the runs.
 * @module
 */
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { FORK_NOTE, REPORT_MARKER } from '../render/index';
import { ReportInput, type ReportInputIn, type ReportResult } from '../report/types';
import type { PullRequestArgs, RerequestArgs } from '../webhooks/route';
import { gh } from './activities';
import { type PullRef, buildReport } from './report-build';
import { completeReport } from './report-complete';

export async function flowopsGithubReport(raw: ReportInputIn): Promise<ReportResult> {
  const parsed = ReportInput.safeParse(raw);
  if (!parsed.success) {
    throw ApplicationFailure.nonRetryable(`report input is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, 'FLOW_USAGE');
  }
  return completeReport(parsed.data);
}

function forkComment(sha: string): string {
  return [REPORT_MARKER, `## flowops report for \`${sha.slice(0, 7)}\``, '', FORK_NOTE].join('\n');
}

async function forkReport(a: { repo: PullRequestArgs['repo']; pr: number; headSha: string; checkRunId?: number | undefined }): Promise<void> {
  await gh.upsertStickyComment({ repo: a.repo, issueNumber: a.pr, body: forkComment(a.headSha) });
  await gh.publishCheckRun({
    repo: a.repo,
    headSha: a.headSha,
    status: 'completed',
    conclusion: 'neutral',
    title: 'Fork pull request: no automatic dry-run',
    summary: 'Definitions from forks are not dry-run automatically. A maintainer can comment `/flowops dry-run <workflow>`.',
    ...(a.checkRunId !== undefined ? { checkRunId: a.checkRunId } : {}),
  });
}

/**
 * The App's report of a commit; when the commit cannot be read (clone refused, repository gone)
 * the check says so — neutral, since the pull request is not at fault — instead of spinning.
 */
async function appReport(p: PullRef, checkRunId: number | undefined, attempt?: string): Promise<ReportResult | undefined> {
  let built: Awaited<ReturnType<typeof buildReport>>;
  try {
    built = await buildReport(p);
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    await gh.publishCheckRun({
      repo: p.repo,
      headSha: p.headSha,
      status: 'completed',
      conclusion: 'neutral',
      title: 'flowops could not read this commit',
      summary: `The App could not load the definitions at \`${p.headSha.slice(0, 7)}\`: ${err.cause?.message ?? err.message}\n\nRe-run this check once the repository can be cloned.`,
      ...(checkRunId !== undefined ? { checkRunId } : {}),
    });
    return undefined;
  }
  return completeReport(built.input, { checkRunId, driftEnvs: built.envs, ...(attempt ? { attempt } : {}) });
}

export async function flowopsGithubPullRequest(a: PullRequestArgs): Promise<{ fork: boolean; report?: ReportResult }> {
  if (a.fork) {
    await forkReport(a);
    return { fork: true };
  }
  const checkRunId = await gh.publishCheckRun({
    repo: a.repo,
    headSha: a.headSha,
    status: 'in_progress',
    title: 'Compiling and planning',
    summary: 'flowops compiles the definitions at this commit, plans them against the clusters and dry-runs the changed workflows on staging.',
  });
  const report = await appReport(a, checkRunId);
  return { fork: false, ...(report ? { report } : {}) };
}

export async function flowopsGithubRerequest(a: RerequestArgs): Promise<{ reports: number }> {
  let reports = 0;
  for (const pr of a.pulls) {
    const pull = await gh.getPull({ repo: a.repo, pr });
    if (pull.fork) {
      await forkReport({ repo: a.repo, pr, headSha: pull.headSha, checkRunId: a.checkRunId });
      reports++;
      continue;
    }
    await gh.publishCheckRun({ repo: a.repo, headSha: pull.headSha, status: 'in_progress', title: 'Re-running the report', summary: 'Requested from the Checks tab.', checkRunId: a.checkRunId });
    await appReport({ repo: a.repo, pr, headSha: pull.headSha, baseRef: pull.baseRef }, a.checkRunId, `rr${a.checkRunId}-${a.delivery}`);
    reports++;
  }
  return { reports };
}
