/**
 * What a verified webhook should start: a pure decision from the event name, delivery id and
 * payload. Workflow ids derive from the delivery, PR, comment or commit so a redelivery maps
 * to the same id and Temporal refuses to start it twice.
 * @module
 */
import { parseCommands } from '../comments/parse-command';
import type { RepoRef } from '../report/types';

export const WORKFLOW_TYPES = {
  comment: 'flowopsGithubComment',
  pullRequest: 'flowopsGithubPullRequest',
  report: 'flowopsGithubReport',
  rerequest: 'flowopsGithubRerequest',
  drift: 'flowopsGithubDrift',
} as const;

export interface CommentArgs {
  repo: RepoRef;
  delivery: string;
  issueNumber: number;
  commentId: number;
  login: string;
  body: string;
}
export interface PullRequestArgs {
  repo: RepoRef;
  delivery: string;
  pr: number;
  headSha: string;
  baseRef: string;
  headRepo: string;
  fork: boolean;
  action: string;
  /** Login of the PR's author: without write access nothing is dry-run automatically. */
  author?: string | undefined;
}
export interface RerequestArgs {
  repo: RepoRef;
  delivery: string;
  checkRunId: number;
  headSha: string;
  pulls: number[];
}
export interface DriftArgs {
  repo: RepoRef;
  /** Commit to put the failing check on (absent for the scheduled check: default branch head). */
  sha?: string | undefined;
  /** Branch to read when no commit is given (scheduled checks). */
  branch?: string | undefined;
  trigger: 'push' | 'schedule';
}

export type Work = { kind: 'start'; workflowType: string; workflowId: string; args: unknown } | { kind: 'ignore'; reason: string };

// biome-ignore lint/suspicious/noExplicitAny: webhook payloads are untyped JSON
type Json = Record<string, any>;

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');

function repoRef(p: Json): RepoRef | undefined {
  const owner = p.repository?.owner?.login;
  const repo = p.repository?.name;
  if (typeof owner !== 'string' || typeof repo !== 'string') return undefined;
  return { owner, repo, ...(typeof p.installation?.id === 'number' ? { installationId: p.installation.id } : {}) };
}

export function routeWebhook(event: string, delivery: string, payload: Json, ctx: { botLogin?: string | undefined }): Work {
  const repo = repoRef(payload);
  if (event === 'ping') return { kind: 'ignore', reason: 'ping' };
  if (!repo) return { kind: 'ignore', reason: `${event} without a repository` };
  if (repo.installationId === undefined) return { kind: 'ignore', reason: 'no installation in the payload' };
  const key = `${safe(repo.owner)}-${safe(repo.repo)}`;
  switch (event) {
    case 'issue_comment': {
      if (payload.action !== 'created') return { kind: 'ignore', reason: `issue_comment ${payload.action}: only new comments are read` };
      if (!payload.issue?.pull_request) return { kind: 'ignore', reason: 'comment on an issue that is not a pull request' };
      const user = payload.comment?.user ?? payload.sender;
      if (user?.type === 'Bot' || (ctx.botLogin && user?.login === ctx.botLogin) || String(user?.login ?? '').endsWith('[bot]')) {
        return { kind: 'ignore', reason: 'comment by a bot' };
      }
      const body = String(payload.comment?.body ?? '');
      if (parseCommands(body).length === 0) return { kind: 'ignore', reason: 'no /flowops command' };
      const args: CommentArgs = { repo, delivery, issueNumber: payload.issue.number, commentId: payload.comment.id, login: user.login, body };
      return { kind: 'start', workflowType: WORKFLOW_TYPES.comment, workflowId: `gh-comment-${key}-${args.commentId}`, args };
    }
    case 'pull_request': {
      if (!['opened', 'synchronize', 'reopened'].includes(payload.action)) return { kind: 'ignore', reason: `pull_request ${payload.action}` };
      const pr = payload.pull_request;
      const headRepo = String(pr?.head?.repo?.full_name ?? '');
      const args: PullRequestArgs = {
        repo,
        delivery,
        pr: payload.number ?? pr.number,
        headSha: pr.head.sha,
        baseRef: pr.base.ref,
        headRepo,
        fork: pr.head.repo?.fork === true || headRepo.toLowerCase() !== `${repo.owner}/${repo.repo}`.toLowerCase(),
        action: payload.action,
        ...(typeof pr.user?.login === 'string' ? { author: pr.user.login } : {}),
      };
      return { kind: 'start', workflowType: WORKFLOW_TYPES.pullRequest, workflowId: `gh-pr-${key}-${args.pr}-${safe(args.headSha)}`, args };
    }
    case 'check_run': {
      if (payload.action !== 'rerequested') return { kind: 'ignore', reason: `check_run ${payload.action}` };
      if (payload.check_run?.name !== 'flowops') return { kind: 'ignore', reason: `check run "${payload.check_run?.name}" is not flowops'` };
      const args: RerequestArgs = {
        repo,
        delivery,
        checkRunId: payload.check_run.id,
        headSha: payload.check_run.head_sha,
        pulls: (payload.check_run.pull_requests ?? []).map((p: Json) => p.number),
      };
      // One rerun per check run and commit: redeliveries and repeated clicks (each a new delivery id)
      // map to the same id. GitHub sends no rerun counter; the rerun creates a new check run, whose
      // own "Re-run" is the next id.
      return { kind: 'start', workflowType: WORKFLOW_TYPES.rerequest, workflowId: `gh-rerun-${key}-${args.checkRunId}-${safe(String(args.headSha))}`, args };
    }
    case 'push': {
      const branch = payload.repository?.default_branch ?? 'main';
      if (payload.ref !== `refs/heads/${branch}`) return { kind: 'ignore', reason: `push to ${payload.ref}, not the default branch` };
      if (payload.deleted || /^0+$/.test(String(payload.after))) return { kind: 'ignore', reason: 'branch deleted' };
      const args: DriftArgs = { repo, sha: payload.after, branch, trigger: 'push' };
      return { kind: 'start', workflowType: WORKFLOW_TYPES.drift, workflowId: `gh-drift-${key}-${safe(payload.after)}`, args };
    }
    default:
      return { kind: 'ignore', reason: `event ${event} is not handled` };
  }
}
