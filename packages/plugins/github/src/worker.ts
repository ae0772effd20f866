/**
 * Worker side of the `github` plugin: GitHub REST through octokit. `baseUrl` points at GitHub
 * Enterprise Server (`https://ghe.example.com/api/v3`); `token` arrives resolved (the worker
 * resolves `secret('GITHUB_TOKEN')` before calling the handler) and never appears in errors.
 *
 * Octokit's own retry and throttling are off: Temporal owns retries. Rate limits (429, or 403
 * with `retry-after` / `x-ratelimit-remaining: 0`) and 5xx are retryable — rate limits with
 * `nextRetryDelay` set to GitHub's delay; other 4xx are not retryable.
 * Write actions are simulated in dry-runs (no request). Created issues and comments carry the
 * step's idempotency key in a hidden marker; a retried attempt reuses what an earlier one created
 * (see `dedupe.ts`).
 * @module
 */
import { type ActionContext, implementPlugin } from '@flowops/sdk';
import { ApplicationFailure } from '@temporalio/common';
import { Octokit, RequestError } from 'octokit';
import { plugin } from './contract';
import { findMarkedComment, findMarkedIssue, withMarker } from './dedupe';

export const MAX_RETRY_AFTER_MS = 3_600_000;

interface RepoInput {
  owner: string;
  repo: string;
  token: string;
  baseUrl?: string | undefined;
}

/** An octokit client for one call: no built-in retries/throttling, logs to the activity log. */
export function client(input: RepoInput, ctx: Pick<ActionContext, 'log'>): Octokit {
  return new Octokit({
    auth: input.token,
    ...(input.baseUrl ? { baseUrl: input.baseUrl.replace(/\/+$/, '') } : {}),
    userAgent: 'flowops-plugin-github',
    throttle: { enabled: false },
    retry: { enabled: false },
    log: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => ctx.log('warn', message),
      error: (message: string) => ctx.log('error', message),
    },
  });
}

/** How long GitHub asks us to wait, from `retry-after` or the rate-limit reset time. */
export function rateLimitDelay(status: number, headers: Record<string, string | number | undefined>, now = Date.now()): number | undefined {
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS);
  if ((status === 403 || status === 429) && String(headers['x-ratelimit-remaining']) === '0') {
    const reset = Number(headers['x-ratelimit-reset']) * 1000;
    if (Number.isFinite(reset)) return Math.min(Math.max(reset - now, 1000), MAX_RETRY_AFTER_MS);
  }
  return status === 429 ? 60_000 : undefined;
}

/** Maps an octokit error to a coded ApplicationFailure (never includes the token). */
export function githubFailure(what: string, err: unknown): unknown {
  if (!(err instanceof RequestError)) {
    if (err instanceof Error && err.name === 'AbortError') return err;
    const reason = err instanceof Error ? err.message : String(err);
    return ApplicationFailure.create({
      type: 'FLOW_PLUGIN_ERROR',
      message: `GitHub ${what} failed: ${reason} — To fix: check that the worker reaches the GitHub API (baseUrl) [FLOW_PLUGIN_ERROR]`,
      nonRetryable: false,
    });
  }
  const headers = (err.response?.headers ?? {}) as Record<string, string | number | undefined>;
  const delay = rateLimitDelay(err.status, headers);
  const retryable = delay !== undefined || err.status >= 500 || err.status === 408;
  const reason = err.message.split(' - ')[0] ?? err.message;
  const hint =
    err.status === 401
      ? 'the token is invalid or expired: update the secret'
      : err.status === 403 && delay === undefined
        ? 'the token lacks a permission this action needs (issues/pull-requests/actions write)'
        : err.status === 404
          ? 'check owner, repo and number, and that the token can see the repository'
          : err.status === 422
            ? 'GitHub rejected the input (labels, assignees, ref or workflow inputs)'
            : 'nothing to fix if it is transient: the step retries';
  return ApplicationFailure.create({
    type: 'FLOW_PLUGIN_ERROR',
    message: `GitHub ${what} answered ${err.status}: ${reason} — To fix: ${hint} [FLOW_PLUGIN_ERROR]`,
    nonRetryable: !retryable,
    ...(delay !== undefined ? { nextRetryDelay: delay } : {}),
    details: [{ status: err.status, ...(delay !== undefined ? { retryAfterMs: delay } : {}) }],
  });
}

async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw githubFailure(what, err);
  }
}

/** The web URL matching an API base URL (for simulated results). */
export function webBase(baseUrl: string | undefined): string {
  if (!baseUrl) return 'https://github.com';
  return baseUrl.replace(/\/+$/, '').replace(/\/api\/v3$/, '');
}

const labelName = (l: string | { name?: string }) => (typeof l === 'string' ? l : (l.name ?? ''));

/** The github plugin implementation to register on a worker. */
export const implementation = implementPlugin(plugin, {
  createIssue: {
    async run(input, ctx) {
      const { owner, repo, title, body, labels, assignees } = input;
      const octokit = client(input, ctx);
      if (ctx.attempt > 1) {
        const earlier = await call(`look for an issue of this step in ${owner}/${repo}`, () =>
          findMarkedIssue(octokit, { owner, repo }, ctx.idempotencyKey, ctx.signal),
        );
        if (earlier) return { id: earlier.id, number: earlier.number, url: earlier.html_url };
      }
      const res = await call(`create issue in ${owner}/${repo}`, () =>
        octokit.rest.issues.create({ owner, repo, title, body: withMarker(body, ctx.idempotencyKey), labels, assignees, request: { signal: ctx.signal } }),
      );
      return { id: res.data.id, number: res.data.number, url: res.data.html_url };
    },
    dryRun: async (input) => ({ id: 0, number: 0, url: `${webBase(input.baseUrl)}/${input.owner}/${input.repo}/issues` }),
  },
  createComment: {
    async run(input, ctx) {
      const { owner, repo, issueNumber, body } = input;
      const octokit = client(input, ctx);
      const where = { owner, repo, issue_number: issueNumber };
      if (ctx.attempt > 1) {
        const earlier = await call(`look for a comment of this step on ${owner}/${repo}#${issueNumber}`, () =>
          findMarkedComment(octokit, where, ctx.idempotencyKey, ctx.signal),
        );
        if (earlier) return { id: earlier.id, url: earlier.html_url };
      }
      const res = await call(`comment on ${owner}/${repo}#${issueNumber}`, () =>
        octokit.rest.issues.createComment({ ...where, body: withMarker(body, ctx.idempotencyKey), request: { signal: ctx.signal } }),
      );
      return { id: res.data.id, url: res.data.html_url };
    },
    dryRun: async (input) => ({ id: 0, url: `${webBase(input.baseUrl)}/${input.owner}/${input.repo}/issues/${input.issueNumber}` }),
  },
  getPullRequest: {
    async run(input, ctx) {
      const { owner, repo, pullNumber } = input;
      const { data: pr } = await call(`read pull request ${owner}/${repo}#${pullNumber}`, () =>
        client(input, ctx).rest.pulls.get({ owner, repo, pull_number: pullNumber, request: { signal: ctx.signal } }),
      );
      return {
        number: pr.number,
        title: pr.title,
        state: pr.state === 'closed' ? ('closed' as const) : ('open' as const),
        merged: pr.merged ?? pr.merged_at != null,
        draft: pr.draft ?? false,
        author: pr.user?.login ?? '',
        headRef: pr.head.ref,
        headSha: pr.head.sha,
        baseRef: pr.base.ref,
        labels: pr.labels.map(labelName),
        url: pr.html_url,
      };
    },
  },
  addLabels: {
    async run(input, ctx) {
      const { owner, repo, issueNumber, labels } = input;
      const res = await call(`label ${owner}/${repo}#${issueNumber}`, () =>
        client(input, ctx).rest.issues.addLabels({ owner, repo, issue_number: issueNumber, labels, request: { signal: ctx.signal } }),
      );
      return { labels: res.data.map(labelName) };
    },
    dryRun: async (input) => ({ labels: input.labels }),
  },
  dispatchWorkflow: {
    async run(input, ctx) {
      const { owner, repo, workflowId, ref, inputs } = input;
      const stringInputs = inputs ? Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, String(v)])) : undefined;
      await call(`dispatch workflow ${workflowId} in ${owner}/${repo}`, () =>
        client(input, ctx).rest.actions.createWorkflowDispatch({
          owner,
          repo,
          workflow_id: workflowId,
          ref,
          inputs: stringInputs,
          request: { signal: ctx.signal },
        }),
      );
      return { dispatched: true };
    },
    /** Simulates the success path (the workflow would have been dispatched). */
    dryRun: async () => ({ dispatched: true }),
  },
});
export default implementation;
