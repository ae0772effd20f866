/**
 * The policy waivers a merged pull request carried, for `flowops publish` on the commit it merged
 * into: the pull request whose merge commit is `sha` (`GET /repos/{o}/{r}/commits/{sha}/pulls`),
 * the latest `flowops` check run of its head written by the flowops App itself (`app.slug`: a CI
 * job's token can write check runs too, under another app), and the waivers that check run's
 * output text records (`waiversFromCheckRunText`), each bound to that head commit. Reads only;
 * a token that may read pull requests and checks is enough (`GITHUB_TOKEN` in Actions).
 * @module
 */
import { Octokit } from 'octokit';
import { CHECK_NAME } from '../render/index';
import { waiversFromCheckRunText } from '../policy/waivers';
import type { PolicyWaiver } from '../report/types';

export interface MergedWaiversQuery {
  /** GitHub's REST API, e.g. `https://api.github.com` (`GITHUB_API_URL` in Actions). */
  apiUrl: string;
  token: string;
  owner: string;
  repo: string;
  /** The commit being published (a merge commit of the base branch). */
  sha: string;
  /** Slug of the flowops App whose check runs count (default `flowops`). */
  appSlug?: string | undefined;
}

export interface MergedWaivers {
  waivers: PolicyWaiver[];
  /** The merged pull request, when one merged into `sha`. */
  pr?: number | undefined;
  /** Its head commit, whose check run recorded the waivers. */
  headSha?: string | undefined;
}

/** The waivers recorded on the pull request merged as `sha`; none when no pull request merged into it. */
export async function policyWaiversForCommit(q: MergedWaiversQuery): Promise<MergedWaivers> {
  const api = new Octokit({ auth: q.token, baseUrl: q.apiUrl, userAgent: 'flowops-publish' });
  const slug = q.appSlug ?? 'flowops';
  const pulls = await api.rest.repos.listPullRequestsAssociatedWithCommit({ owner: q.owner, repo: q.repo, commit_sha: q.sha, per_page: 100 });
  const merged = pulls.data.find((p) => p.merged_at && p.merge_commit_sha === q.sha);
  if (!merged) return { waivers: [] };
  const headSha = merged.head.sha;
  const runs = await api.rest.checks.listForRef({ owner: q.owner, repo: q.repo, ref: headSha, check_name: CHECK_NAME, filter: 'latest', per_page: 100 });
  const ours = runs.data.check_runs.filter((r) => r.name === CHECK_NAME && r.app?.slug === slug).sort((a, b) => b.id - a.id)[0];
  const waivers = waiversFromCheckRunText(ours?.output.text).filter((w) => w.sha === headSha);
  return { waivers, pr: merged.number, headSha };
}
