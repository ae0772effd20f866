/**
 * Map a step's `retry`, `timeout`, `heartbeatTimeout` and the workflow `defaults` to Temporal
 * activity options.
 *
 * - `maxAttempts` → `maximumAttempts`; `exponential` → `backoffCoefficient` = `coefficient`
 *   (default 2); `fixed` → 1. `maxInterval` → `maximumInterval`; `nonRetryable` →
 *   `nonRetryableErrorTypes`. (`linear` is not in the IR: Temporal has no linear backoff.)
 * - `timeout` bounds ONE attempt → `startToCloseTimeout` (default 10m when neither the step nor
 *   the defaults set one).
 * - `totalTimeout` bounds the step as a whole — all attempts and the waits between them →
 *   `scheduleToCloseTimeout` (unset: no total bound, only `maxAttempts` ends the retries).
 * - `heartbeatTimeout` → `heartbeatTimeout` (default 20s). The runtime heartbeats for every
 *   plugin while it runs, so a killed worker's attempt is declared lost within ~20 s instead
 *   of at the step timeout.
 * - No `retry` anywhere: 2 attempts, 1 s apart, and the request says `failuresFinal` — every
 *   failure the action raises is non-retryable, so the second attempt happens only when the
 *   first one was lost (worker gone: heartbeat timeout, or the step timeout with no worker to
 *   report it). A worker crash is not a step failure. A live worker reports the step timeout
 *   itself just before it (non-retryable FLOW_STEP_TIMEOUT, `activities/liveness.ts`), so a slow
 *   action without `retry` is not tried twice.
 * @module
 */
import { type Defaults, type Retry, durationToMs } from '@flowops/core';
import type { ActivityOptions } from '@temporalio/workflow';

export const DEFAULT_ACTION_TIMEOUT_MS = 10 * 60_000;
/** Default heartbeat timeout of action activities. */
export const DEFAULT_HEARTBEAT_TIMEOUT_MS = 20_000;
/** Attempts of a step without `retry`: the first, and one more only if the first was lost. */
export const LOST_WORKER_ATTEMPTS = 2;

export interface RetrySource {
  retry?: Retry | undefined;
  timeout?: string | undefined;
  heartbeatTimeout?: string | undefined;
  totalTimeout?: string | undefined;
}

/** True when neither the step nor the defaults set `retry`: the action's failures are final. */
export function failuresFinal(step: RetrySource, defaults: Defaults | undefined): boolean {
  return (step.retry ?? defaults?.retry) === undefined;
}

export function activityOptionsFor(step: RetrySource, defaults: Defaults | undefined): ActivityOptions {
  const retry = step.retry ?? defaults?.retry;
  const timeout = step.timeout ?? defaults?.timeout;
  const startToCloseTimeout = (timeout ? durationToMs(timeout) : undefined) ?? DEFAULT_ACTION_TIMEOUT_MS;
  const heartbeatTimeout = (step.heartbeatTimeout ? durationToMs(step.heartbeatTimeout) : undefined) ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
  const total = step.totalTimeout ?? defaults?.totalTimeout;
  // only when set: the options (and so the commands) of definitions without it do not change
  const scheduleToClose = total ? { scheduleToCloseTimeout: durationToMs(total) ?? undefined } : {};
  if (!retry) {
    return {
      startToCloseTimeout,
      ...scheduleToClose,
      heartbeatTimeout,
      retry: { maximumAttempts: LOST_WORKER_ATTEMPTS, initialInterval: 1000, backoffCoefficient: 1 },
    };
  }
  const backoff = retry.backoff ?? 'exponential';
  const initialInterval = durationToMs(retry.initialInterval ?? '1s') ?? 1000;
  const maximumInterval = retry.maxInterval ? durationToMs(retry.maxInterval) : undefined;
  return {
    startToCloseTimeout,
    ...scheduleToClose,
    heartbeatTimeout,
    retry: {
      maximumAttempts: retry.maxAttempts,
      initialInterval,
      backoffCoefficient: backoff === 'exponential' ? (retry.coefficient ?? 2) : 1,
      ...(maximumInterval !== undefined ? { maximumInterval: Math.max(maximumInterval, initialInterval) } : {}),
      ...(retry.nonRetryable?.length ? { nonRetryableErrorTypes: [...retry.nonRetryable] } : {}),
    },
  };
}
