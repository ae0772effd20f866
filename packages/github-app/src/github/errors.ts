/**
 * GitHub API errors as Temporal activity failures: 5xx and rate limits are retryable (rate
 * limits with `nextRetryDelay` from `retry-after` / `x-ratelimit-reset`), other 4xx are not.
 * @module
 */
import { ApplicationFailure } from '@temporalio/common';

interface HttpLikeError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

export function rateLimitDelayMs(status: number, headers: Record<string, string | number | undefined>, nowMs = Date.now()): number | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined && Number.isFinite(Number(retryAfter))) return Math.max(1000, Number(retryAfter) * 1000);
  if (String(headers['x-ratelimit-remaining']) === '0' && headers['x-ratelimit-reset'] !== undefined) {
    return Math.max(1000, Number(headers['x-ratelimit-reset']) * 1000 - nowMs);
  }
  // 429 without headers is still a rate limit (GitHub's secondary limits): wait a minute.
  return status === 429 ? 60_000 : undefined;
}

/** Convert anything an octokit call threw into the failure an activity should throw. */
export function toActivityFailure(err: unknown, what: string): Error {
  if (err instanceof ApplicationFailure) return err;
  const e = err as HttpLikeError;
  const status = typeof e?.status === 'number' ? e.status : undefined;
  const message = `${what}: ${e?.message ?? String(err)}`;
  if (status === undefined) return ApplicationFailure.retryable(message, 'GITHUB_UNREACHABLE');
  const delay = rateLimitDelayMs(status, e.response?.headers ?? {});
  if (delay !== undefined) return ApplicationFailure.create({ message: `${message} (rate limited)`, type: 'GITHUB_RATE_LIMITED', nextRetryDelay: delay });
  if (status >= 500) return ApplicationFailure.retryable(message, `GITHUB_${status}`);
  return ApplicationFailure.nonRetryable(message, `GITHUB_${status}`);
}

/** Run an octokit call, mapping failures. */
export async function gh<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toActivityFailure(err, what);
  }
}
