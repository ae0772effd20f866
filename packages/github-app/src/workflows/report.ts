/**
 * The pull-request report workflows. One `flowops` check run per commit and one sticky comment
 * per PR, edited in place, come from three doors:
 * - `flowopsGithubReport`: CI's `flowops dry-run --changed --env staging --report <pr>` hands over
 *   the changed workflows (compiled in CI) with their fixtures, the diagnostics and the plans;
 *   this workflow starts the dry-runs, waits for them and posts the results, with the base
 *   branch's policy evaluated by the App (as in its own report; CI hands over none).
 * - `flowopsGithubPullRequest` (`pull_request` opened, synchronize, reopened): the App builds the
 *   same report itself from the head commit. Forks, and authors below write access, get a note
 *   and nothing is compiled or dry-run.
 * - `flowopsGithubRerequest` (`check_run` rerequested): rebuilds it, dry-runs included.
 * Dry-run ids derive from the PR and commit, so CI's report and the App's share the runs.
 * @module
 */
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { FORK_NOTE, REPORT_MARKER, untrustedAuthorNote } from '../render/index';
import { ReportInput, type ReportInputIn, type ReportResult } from '../report/types';
import type { PullRequestArgs, RerequestArgs } from '../webhooks/route';
import { gh } from './activities';
import { type PullRef, buildReport, policyVerdict } from './report-build';
import { completeReport } from './report-complete';

export async function flowopsGithubReport(raw: ReportInputIn): Promise<ReportResult> {
  const parsed = ReportInput.safeParse(raw);
  if (!parsed.success) {
    throw ApplicationFailure.nonRetryable(
      `report input is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      'FLOW_USAGE',
    );
  }
  return completeReport(await withPolicy(parsed.data));
}

/**
 * CI's report gets the base branch's policy exactly as the App's own report does (CI evaluates
 * none it could hand over: a `policy` in the input is ignored), when the App would compile the pull
 * request itself — not a fork's, not an author's below write access. A PR the App cannot read
 * (gone, never known) gets none; a policy that cannot be evaluated is an error, never a pass.
 */
async function withPolicy(raw: ReportInput): Promise<ReportInput> {
  const { policy: _fromCi, ...input } = raw;
  if (input.fork) return input;
  let pull: Awaited<ReturnType<typeof gh.getPull>>;
  try {
    pull = await gh.getPull({ repo: input.repo, pr: input.pr });
  } catch (err) {
    if (err instanceof ActivityFailure) return input;
    throw err;
  }
  if (await trustOf(input.repo, pull.fork, pull.author)) return input;
  try {
    const policy = await policyVerdict({ repo: input.repo, pr: input.pr, headSha: input.headSha, baseRef: input.baseRef }, input.workflows);
    return policy ? { ...input, diagnostics: [...input.diagnostics, ...policy.diagnostics], policy } : input;
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const why = err.cause?.message ?? err.message;
    return {
      ...input,
      diagnostics: [
        ...input.diagnostics,
        {
          code: 'FLOW_POLICY_INVALID',
          severity: 'error',
          message: `the policy of ${input.baseRef} could not be evaluated: ${why}`.slice(0, 1000),
          hint: 'Re-run the check once the repository can be cloned',
        },
      ],
    };
  }
}

/** Why a PR gets no automatic report with dry-runs: a fork, or an author without write access. */
type Untrusted = { kind: 'fork' } | { kind: 'author'; login: string; access: string };

function untrustedComment(sha: string, why: Untrusted): string {
  const note = why.kind === 'fork' ? FORK_NOTE : untrustedAuthorNote(why.login, why.access);
  return [REPORT_MARKER, `## flowops report for \`${sha.slice(0, 7)}\``, '', note].join('\n');
}

async function untrustedReport(
  a: { repo: PullRequestArgs['repo']; pr: number; headSha: string; checkRunId?: number | undefined },
  why: Untrusted,
): Promise<void> {
  await gh.upsertStickyComment({ repo: a.repo, issueNumber: a.pr, body: untrustedComment(a.headSha, why) });
  await gh.publishCheckRun({
    repo: a.repo,
    headSha: a.headSha,
    status: 'completed',
    conclusion: 'neutral',
    title: why.kind === 'fork' ? 'Fork pull request: no automatic dry-run' : `Author without write access: no automatic dry-run`,
    summary: `Definitions from ${why.kind === 'fork' ? 'forks' : 'authors without write access'} are not compiled or dry-run automatically. A maintainer can comment \`/flowops dry-run <workflow>\`.`,
    ...(a.checkRunId !== undefined ? { checkRunId: a.checkRunId } : {}),
  });
}

/** Forks, and authors below write access (DESIGN: not dry-run automatically); undefined when trusted. */
export async function trustOf(repo: PullRequestArgs['repo'], fork: boolean, author: string | undefined): Promise<Untrusted | undefined> {
  if (fork) return { kind: 'fork' };
  if (!author) return undefined; // a same-repository branch needs write access to push
  const { access } = await gh.getAccess({ repo, login: author });
  return access === 'write' || access === 'admin' ? undefined : { kind: 'author', login: author, access };
}

/**
 * The App's report of a commit; when the commit cannot be read (clone refused, repository gone)
 * the check says so — neutral, since the pull request is not at fault — instead of spinning.
 */
export async function appReport(p: PullRef, checkRunId: number | undefined, attempt?: string): Promise<ReportResult | undefined> {
  let built: Awaited<ReturnType<typeof buildReport>>;
  try {
    built = await buildReport(p);
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const noSandbox = err.cause instanceof ApplicationFailure && err.cause.type === 'FLOW_COMPILE_SANDBOX';
    await gh.publishCheckRun({
      repo: p.repo,
      headSha: p.headSha,
      status: 'completed',
      conclusion: 'neutral',
      title: noSandbox ? 'flowops does not compile pull-request code on this host' : 'flowops could not read this commit',
      summary: `The App could not load the definitions at \`${p.headSha.slice(0, 7)}\`: ${err.cause?.message ?? err.message}\n\nRe-run this check once the repository can be cloned.`,
      ...(checkRunId !== undefined ? { checkRunId } : {}),
    });
    return undefined;
  }
  return completeReport(built.input, { checkRunId, driftEnvs: built.envs, ...(attempt ? { attempt } : {}) });
}

export async function flowopsGithubPullRequest(a: PullRequestArgs): Promise<{ fork: boolean; report?: ReportResult }> {
  const untrusted = await trustOf(a.repo, a.fork, a.author);
  if (untrusted) {
    await untrustedReport(a, untrusted);
    return { fork: a.fork };
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
    const untrusted = await trustOf(a.repo, pull.fork, pull.author);
    if (untrusted) {
      await untrustedReport({ repo: a.repo, pr, headSha: pull.headSha, checkRunId: a.checkRunId }, untrusted);
      reports++;
      continue;
    }
    // A new check run per rerun (as GitHub asks of Apps): its "Re-run" is a new check run id, so
    // the next click starts a new rerun while redeliveries of this one stay duplicates.
    const checkRunId = await gh.publishCheckRun({
      repo: a.repo,
      headSha: pull.headSha,
      status: 'in_progress',
      title: 'Re-running the report',
      summary: 'Requested from the Checks tab.',
      create: true,
    });
    await appReport({ repo: a.repo, pr, headSha: pull.headSha, baseRef: pull.baseRef }, checkRunId, `rr${a.checkRunId}`);
    reports++;
  }
  return { reports };
}
