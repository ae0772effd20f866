/**
 * Idempotency for GitHub writes. GitHub's REST API takes no idempotency key, so creating
 * writes carry the step's key in a hidden HTML comment, and a retried attempt (attempt > 1: the
 * first one may have reached GitHub before the worker died) looks for it before creating again:
 * - `createIssue`: the 100 newest issues of the repository (issues and pull requests);
 * - `createComment`: the comments of that issue or pull request (up to 1 000).
 * `addLabels` is idempotent by itself. `dispatchWorkflow` cannot be deduplicated: GitHub
 * returns no id for a dispatch; pass `{{ step.key }}` as a workflow input and let the
 * workflow skip a key it has seen.
 * @module
 */
import type { Octokit } from 'octokit';

/** The hidden marker carrying an idempotency key. */
export function idempotencyMarker(key: string): string {
  return `<!-- flowops:idempotency-key=${key} -->`;
}

/** `body` with the marker appended (on its own line). */
export function withMarker(body: string | undefined, key: string): string {
  const marker = idempotencyMarker(key);
  return body ? `${body}\n\n${marker}` : marker;
}

const has = (body: string | null | undefined, key: string): boolean => typeof body === 'string' && body.includes(idempotencyMarker(key));

/** An issue created earlier by the same step (same key), among the newest 100 of the repository. */
export async function findMarkedIssue(
  octokit: Octokit,
  where: { owner: string; repo: string },
  key: string,
  signal: AbortSignal,
): Promise<{ id: number; number: number; html_url: string } | undefined> {
  const { data } = await octokit.rest.issues.listForRepo({ ...where, state: 'all', sort: 'created', direction: 'desc', per_page: 100, request: { signal } });
  return data.find((i) => has(i.body, key));
}

/** A comment created earlier by the same step (same key) on that issue or pull request. */
export async function findMarkedComment(
  octokit: Octokit,
  where: { owner: string; repo: string; issue_number: number },
  key: string,
  signal: AbortSignal,
): Promise<{ id: number; html_url: string } | undefined> {
  let pages = 0;
  for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, { ...where, per_page: 100, request: { signal } })) {
    const found = page.data.find((c) => has(c.body, key));
    if (found) return found;
    if (++pages >= 10) break;
  }
  return undefined;
}
