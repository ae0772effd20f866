/**
 * `step()`: a plugin action call as a workflow step.
 * @module
 */
import { FlowError } from '@flowops/core';
import { type ActionInvocation, isActionInvocation } from './plugin';
import { type Ref, ref } from './ref';
import { toRecord, toValue } from './serialize';
import { baseFields, type DurationString, type OutputStep, type StepOptions } from './step-node';

/**
 * Retry policy of an action step (maps to Temporal's activity retry policy).
 * @example
 * ```ts
 * const retry: RetryOptions = { maxAttempts: 5, backoff: 'exponential', initialInterval: '2s', maxInterval: '1m' };
 * ```
 */
export interface RetryOptions {
  maxAttempts: number;
  /** `'fixed'` or `'exponential'` (default); Temporal has no linear backoff. */
  backoff?: 'fixed' | 'exponential';
  initialInterval?: DurationString;
  maxInterval?: DurationString;
  /** Multiplier for exponential backoff. */
  coefficient?: number;
  /** flowops error codes that are never retried. */
  nonRetryable?: string[];
}

/**
 * Options of an action step: the common ones plus retry, compensation and caching.
 * @example
 * ```ts
 * const opts: ActionStepOptions = { retry: { maxAttempts: 3 }, timeout: '30s', compensate: http.request({ method: 'POST', url: '…/rollback' }) };
 * ```
 */
export interface ActionStepOptions extends StepOptions {
  retry?: RetryOptions;
  /**
   * How long the worker may go silent before this attempt counts as lost and is retried
   * (default `'20s'`; the runtime heartbeats for every plugin). Raise it for actions that block
   * the worker's event loop.
   */
  heartbeatTimeout?: DurationString;
  /**
   * Bound on the step as a whole — every attempt and the waits between them (Temporal's
   * schedule-to-close timeout). `timeout` bounds one attempt.
   */
  totalTimeout?: DurationString;
  /** Undo for this step, run (in reverse completion order) when the run fails later. */
  compensate?: ActionInvocation;
  /** Reuse an earlier result of the same action and input for this long (read actions only). */
  cache?: { ttl: DurationString };
  /** Tell a human, with the run's link, once this step fails for good (after its retries). */
  notifyHuman?: NotifyHumanOptions;
  /** A failure waits for an operator's `flowops runs skip` instead of failing the run; needs `fallbackOutput`. */
  allowSkip?: boolean;
  /** What a skipped step outputs (values or handles). */
  fallbackOutput?: unknown;
  /** Pause for approval right after this step succeeds (`true`: anyone allowed to run, within 1d). */
  checkpointAfter?: true | { message?: string; approvers?: readonly string[]; timeout?: DurationString };
}

/**
 * Where `notifyHuman` sends its message: a Slack incoming webhook (a secret) or the worker log.
 * @example
 * ```ts
 * const notify: NotifyHumanOptions = { slack: { webhookUrl: secret('SLACK_WEBHOOK_URL'), channel: '#ops' } };
 * ```
 */
export type NotifyHumanOptions = { slack: { webhookUrl: unknown; channel?: string } } | { log: { level?: 'info' | 'warn' | 'error' } };

/**
 * Cache metadata of a step with `cache`, readable downstream (`steps.<id>.cache.hit`).
 * @example
 * ```ts
 * const meta: CacheInfo = { hit: true, cachedAt: '2026-01-01T00:00:00.000Z' };
 * ```
 */
export interface CacheInfo {
  hit: boolean;
  /** When the reused result was produced (null on a miss). */
  cachedAt: string | null;
}

/**
 * A step that runs one plugin action. Its `output` is a typed handle to the action's output.
 * @example
 * ```ts
 * const fetch = step('fetch-user', http.get({ url: tpl`${input.apiBase}/users/${input.userId}` }), {
 *   retry: { maxAttempts: 3 },
 *   timeout: '30s',
 * });
 * fetch.output.body; // "{{ steps.fetch-user.output.body }}"
 * ```
 */
export function step<O>(id: string, action: ActionInvocation<O>, options?: ActionStepOptions): OutputStep<O> & { readonly cache: Ref<CacheInfo> } {
  if (!isActionInvocation(action)) {
    throw new FlowError({
      code: 'FLOW_SCHEMA_INVALID',
      message: `Step ${JSON.stringify(id)} was given something that is not a plugin action call`,
      hint: 'pass an action call such as http.get({ url: "…" }) as the second argument of step()',
      path: id,
    });
  }
  const compensate = options?.compensate;
  if (compensate !== undefined && !isActionInvocation(compensate)) {
    throw new FlowError({
      code: 'FLOW_SCHEMA_INVALID',
      message: `Step ${JSON.stringify(id)} has a compensate that is not a plugin action call`,
      hint: 'set compensate to an action call such as http.request({ method: "POST", url: "…/rollback" })',
      path: `${id}.compensate`,
    });
  }
  const invocations = compensate ? [action, compensate] : [action];
  return {
    kind: 'flowops.step',
    id,
    invocations,
    output: ref<O>(`steps.${id}.output`),
    status: ref<string>(`steps.${id}.status`),
    cache: ref<CacheInfo>(`steps.${id}.cache`),
    toIR: () => {
      const ir: Record<string, unknown> = {
        ...baseFields(id, options),
        type: 'action',
        uses: action.uses,
        with: toRecord(action.input, `${id}.with`),
        effect: action.effect,
      };
      if (options?.retry !== undefined) ir.retry = { ...options.retry };
      if (options?.heartbeatTimeout !== undefined) ir.heartbeatTimeout = options.heartbeatTimeout;
      if (options?.totalTimeout !== undefined) ir.totalTimeout = options.totalTimeout;
      if (compensate) {
        ir.compensate = { uses: compensate.uses, with: toRecord(compensate.input, `${id}.compensate.with`), effect: compensate.effect };
      }
      if (options?.cache !== undefined) ir.cache = { ttl: options.cache.ttl };
      if (options?.notifyHuman !== undefined) ir.notifyHuman = toRecord(options.notifyHuman, `${id}.notifyHuman`);
      if (options?.allowSkip !== undefined) ir.allowSkip = options.allowSkip;
      if (options?.fallbackOutput !== undefined) ir.fallbackOutput = toValue(options.fallbackOutput, `${id}.fallbackOutput`);
      if (options?.checkpointAfter !== undefined) ir.checkpointAfter = toValue(options.checkpointAfter, `${id}.checkpointAfter`);
      return ir as never;
    },
  };
}
