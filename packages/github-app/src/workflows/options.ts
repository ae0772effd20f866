/** Activity options for the App's workflows. Sandbox-safe. @module */
import type { ActivityOptions } from '@temporalio/workflow';

/** GitHub calls: short, retried on 5xx / rate limits (non-retryable 4xx stop at once). */
export const GITHUB_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 12 },
};

/** Clone + compile, registry reads. */
export const DEFINITIONS_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
};

/** Start a run and wait for it (heartbeats while waiting). */
export const RUN_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '6 hours',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumAttempts: 5 },
};
