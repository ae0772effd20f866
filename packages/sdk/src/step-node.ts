/**
 * What every step builder returns, and the options all step kinds share.
 * @module
 */
import type { Condition, Step } from '@flowops/core';
import type { ActionInvocation } from './plugin';
import type { Ref } from './ref';

/**
 * A duration literal: `500ms`, `30s`, `5m`, `2h`, `1d`.
 * @example
 * ```ts
 * const t: DurationString = '30s';
 * ```
 */
export type DurationString = `${number}${'ms' | 's' | 'm' | 'h' | 'd'}`;

/**
 * A step as built by the SDK. `toIR()` gives its flowops/v1 form; `invocations` lists the plugin
 * actions it (and its children) call, for the workflow's plugin list.
 * @example
 * ```ts
 * const wait = sleep('cool-down', '10m');
 * wait.toIR(); // { id: 'cool-down', type: 'sleep', duration: '10m' }
 * ```
 */
export interface StepNode {
  readonly kind: 'flowops.step';
  readonly id: string;
  toIR(): Step;
  readonly invocations: readonly ActionInvocation[];
}

/**
 * A step that produces an output: `output` is a typed handle to it.
 * @example
 * ```ts
 * const fetch = step('fetch-user', http.get({ url: 'https://api.example.com/me' }));
 * fetch.output.status; // Ref<number>: "{{ steps.fetch-user.output.status }}"
 * ```
 */
export interface OutputStep<O> extends StepNode {
  readonly output: Ref<O>;
  /** Handle to the step's status (`succeeded`, `failed`, `skipped`…), `{{ steps.<id>.status }}`. */
  readonly status: Ref<string>;
}

/**
 * Options every step kind accepts.
 * @example
 * ```ts
 * const opts: StepOptions = { dependsOn: [fetch], if: eq(input.dryRun, false), timeout: '5m', onError: 'continue' };
 * ```
 */
export interface StepOptions {
  /** Human-readable name for dashboards. */
  name?: string;
  /** Steps (or step ids) to wait for; default: the step declared before. `[]` starts at once. */
  dependsOn?: readonly (StepNode | string)[];
  /** Run only when the condition holds (otherwise the step is skipped). */
  if?: Condition;
  timeout?: DurationString;
  onError?: 'fail' | 'continue';
}

/**
 * The IR fields shared by every step kind, from its options.
 * @example
 * ```ts
 * baseFields('notify', { dependsOn: [fetch], timeout: '30s' }); // { id: 'notify', dependsOn: ['fetch-user'], timeout: '30s' }
 * ```
 */
export function baseFields(id: string, opts: StepOptions | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { id };
  if (!opts) return out;
  if (opts.name !== undefined) out.name = opts.name;
  if (opts.dependsOn !== undefined) out.dependsOn = opts.dependsOn.map((d) => (typeof d === 'string' ? d : d.id));
  if (opts.if !== undefined) out.if = opts.if;
  if (opts.timeout !== undefined) out.timeout = opts.timeout;
  if (opts.onError !== undefined) out.onError = opts.onError;
  return out;
}

/**
 * Is this value a step built by the SDK?
 * @example
 * ```ts
 * isStepNode(sleep('pause', '1m')); // true
 * ```
 */
export function isStepNode(value: unknown): value is StepNode {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'flowops.step';
}
