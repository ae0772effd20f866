/**
 * `/flowops approve-policy <set>` inside the comment workflow. The set and its owners come from the
 * BASE branch's `flowops.policy.ts` (the pull request cannot name itself an owner); an owner entry
 * `@org/team` is checked with GitHub's team membership API, `@login` by login. An owner's approval
 * is recorded as the App's reply (a waiver of that set on the current head: `policy/waivers.ts`)
 * and the report is rebuilt, so the `flowops` check run lists the waiver and passes when every
 * violation is waived. Anyone else gets a refusal naming who may approve, and nothing changes; on
 * a pull request the App does not compile on its own (a fork, an author below write access)
 * nothing is compiled or waived.
 * Workflow code: activities only.
 * @module
 */
import { waiverRecord } from '../policy/waivers';
import type { RepoRef } from '../report/types';
import { defs, gh } from './activities';
import { appReport, trustOf } from './report';

export interface ApprovePolicyArgs {
  repo: RepoRef;
  pr: number;
  login: string;
  set: string;
  pull: { headSha: string; baseRef: string; fork: boolean; author?: string | undefined };
}

/** Record the waiver and rebuild the report; the refusal's reason when the command changes nothing. */
export async function approvePolicy(o: ApprovePolicyArgs): Promise<string | undefined> {
  const { headSha, baseRef } = o.pull;
  // Evaluating the policy compiles the head: only where the App compiles it on its own (not a
  // fork's, not an author's below write access), whoever the commenter is.
  if (await trustOf(o.repo, o.pull.fork, o.pull.author)) {
    return 'this pull request gets no automatic flowops report (it comes from a fork, or its author has no write access), so it has no policy check to waive — To fix: push the branch to this repository from an account with write access [FLOW_NOT_ALLOWED]';
  }
  const verdict = await defs.policy({ repo: o.repo, baseRef, headSha, changedSteps: {}, waivers: [] });
  if (!verdict) return `\`${baseRef}\` has no flowops.policy.ts, so there is no policy set to approve [FLOW_POLICY_UNKNOWN_SET]`;
  const set = verdict.sets.find((s) => s.name === o.set);
  if (!set) {
    const names = verdict.sets.map((s) => `\`${s.name}\``).join(', ') || 'none (the policy file does not load)';
    return `no policy set "${o.set}" in ${verdict.file} of \`${baseRef}\` — To fix: approve one of its sets: ${names} [FLOW_POLICY_UNKNOWN_SET]`;
  }
  const owner = await gh.matchRunner({ repo: o.repo, login: o.login, runners: set.owners });
  if (!owner) {
    return `@${o.login} is not an owner of policy set \`${set.name}\`; only ${set.owners.join(', ')} may approve it (a member of an owner team, or an owner login) — To fix: ask one of them to comment \`/flowops approve-policy ${set.name}\` [FLOW_POLICY_NOT_OWNER]`;
  }
  await gh.postComment({ repo: o.repo, issueNumber: o.pr, body: waiverRecord({ set: set.name, approvedBy: `@${o.login}`, sha: headSha }) });
  await appReport({ repo: o.repo, pr: o.pr, headSha, baseRef }, undefined);
  return undefined;
}
