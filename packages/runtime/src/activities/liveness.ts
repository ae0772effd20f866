/**
 * What the runtime adds around every plugin action, without plugin code: heartbeats while the
 * handler runs (so a killed worker's attempt is declared lost at the heartbeat timeout, ~20 s,
 * instead of at the step timeout), the step's idempotency key, and final failures and a
 * self-reported step timeout for steps without `retry` (their second attempt is only for a lost
 * first one).
 * @module
 */
import { stepIdempotencyKey } from '@flowops/core';
import type { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ActionRequest } from '../workflows/types';

/** Longest pause between two heartbeats (shorter when the heartbeat timeout is under 20 s). */
export const HEARTBEAT_INTERVAL_MS = 5_000;

/** The interval used for a heartbeat timeout: a quarter of it, at most 5 s, at least 100 ms. */
export function heartbeatInterval(heartbeatTimeoutMs: number | undefined): number {
  if (!heartbeatTimeoutMs || heartbeatTimeoutMs <= 0) return HEARTBEAT_INTERVAL_MS;
  return Math.max(100, Math.min(HEARTBEAT_INTERVAL_MS, Math.floor(heartbeatTimeoutMs / 4)));
}

/** How long before the step timeout a live worker reports it itself: 20% of it, at most 2 s. */
export function selfTimeoutMs(startToCloseTimeoutMs: number): number {
  return startToCloseTimeoutMs - Math.min(2_000, Math.floor(startToCloseTimeoutMs * 0.2));
}

/**
 * Run `work` while heartbeating the activity every `heartbeatInterval` ms (and once at once).
 * With `finalTimeout` (a step without `retry`), a live worker that is still working just before
 * the step timeout fails the attempt itself with a non-retryable FLOW_STEP_TIMEOUT: only a
 * *lost* attempt (worker gone: the server's heartbeat or step timeout) gets the second attempt.
 * @example
 * const output = await withHeartbeats(Context.current(), () => spec.run(input, actx));
 */
export async function withHeartbeats<T>(ctx: Pick<Context, 'heartbeat' | 'info'>, work: () => Promise<T>, finalTimeout = false): Promise<T> {
  const beat = (): void => {
    try {
      ctx.heartbeat();
    } catch {
      /* heartbeats are best effort */
    }
  };
  beat();
  const timer = setInterval(beat, heartbeatInterval(ctx.info.heartbeatTimeoutMs));
  let deadline: NodeJS.Timeout | undefined;
  const limit = ctx.info.startToCloseTimeoutMs;
  const timedOut =
    finalTimeout && limit > 0
      ? new Promise<never>((_, reject) => {
          deadline = setTimeout(
            () =>
              reject(
                ApplicationFailure.create({
                  type: 'FLOW_STEP_TIMEOUT',
                  message: `${ctx.info.activityType} did not finish within the step timeout (${limit} ms) — To fix: raise the step's timeout, or add retry to try again [FLOW_STEP_TIMEOUT]`,
                  nonRetryable: true,
                }),
              ),
            selfTimeoutMs(limit),
          );
        })
      : undefined;
  try {
    return await (timedOut ? Promise.race([work(), timedOut]) : work());
  } finally {
    clearInterval(timer);
    if (deadline) clearTimeout(deadline);
  }
}

/** The idempotency key of the step an activity serves (the same value as `{{ step.key }}`). */
export function requestIdempotencyKey(workflowId: string, req: Pick<ActionRequest, 'stepId'>): string {
  return stepIdempotencyKey(workflowId, req.stepId);
}

/**
 * A step without `retry` (`req.failuresFinal`): the failure is made non-retryable, so only a
 * lost attempt (worker gone) is tried again. Other failures pass through unchanged.
 */
export function finalFailure(req: Pick<ActionRequest, 'failuresFinal'>, f: ApplicationFailure): ApplicationFailure {
  if (!req.failuresFinal || f.nonRetryable) return f;
  return ApplicationFailure.create({ type: f.type ?? undefined, message: f.message, nonRetryable: true, details: f.details ? [...f.details] : undefined });
}
