/**
 * Map a step's `retry`, `timeout` and the workflow `defaults` to Temporal activity options.
 *
 * - `maxAttempts` → `maximumAttempts`; no retry anywhere → 1 attempt (flowops never retries forever).
 * - `exponential` → `backoffCoefficient` = `coefficient` (default 2); `fixed` and `linear` → 1.
 *   Temporal has no linear backoff: `linear` is approximated by a fixed interval of `initialInterval`.
 * - `maxInterval` → `maximumInterval`; `nonRetryable` → `nonRetryableErrorTypes`.
 * - `timeout` → `startToCloseTimeout` (default 10m when neither the step nor the defaults set one).
 * @module
 */
import { type Defaults, type Retry, durationToMs } from '@flowops/core';
import type { ActivityOptions } from '@temporalio/workflow';

export const DEFAULT_ACTION_TIMEOUT_MS = 10 * 60_000;

export interface RetrySource {
  retry?: Retry | undefined;
  timeout?: string | undefined;
}

export function activityOptionsFor(step: RetrySource, defaults: Defaults | undefined): ActivityOptions {
  const retry = step.retry ?? defaults?.retry;
  const timeout = step.timeout ?? defaults?.timeout;
  const startToCloseTimeout = (timeout ? durationToMs(timeout) : undefined) ?? DEFAULT_ACTION_TIMEOUT_MS;
  if (!retry) return { startToCloseTimeout, retry: { maximumAttempts: 1 } };
  const backoff = retry.backoff ?? 'exponential';
  const initialInterval = durationToMs(retry.initialInterval ?? '1s') ?? 1000;
  const maximumInterval = retry.maxInterval ? durationToMs(retry.maxInterval) : undefined;
  return {
    startToCloseTimeout,
    retry: {
      maximumAttempts: retry.maxAttempts,
      initialInterval,
      backoffCoefficient: backoff === 'exponential' ? (retry.coefficient ?? 2) : 1,
      ...(maximumInterval !== undefined ? { maximumInterval: Math.max(maximumInterval, initialInterval) } : {}),
      ...(retry.nonRetryable?.length ? { nonRetryableErrorTypes: [...retry.nonRetryable] } : {}),
    },
  };
}
