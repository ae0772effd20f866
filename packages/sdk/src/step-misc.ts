/**
 * `approval` (human checkpoint), `sleep` and `call` (child workflow).
 * @module
 */
import type { Step } from '@flowops/core';
import type { z } from 'zod';
import type { WorkflowDefinition } from './contracts';
import { type Refable, ref } from './ref';
import { toRecord } from './serialize';
import type { NotifyHumanOptions } from './step-action';
import { baseFields, type DurationString, type OutputStep, type StepNode, type StepOptions } from './step-node';

/**
 * What an approval step records (its output). Field names follow the runtime's approval update.
 * @example
 * ```ts
 * const approver: Ref<string | undefined> = gate.output.approver;
 * ```
 */
export interface ApprovalOutput {
  approved: boolean;
  approver?: string;
  comment?: string;
}

/**
 * Options of an approval: who may decide, how long to wait and what a timeout means.
 * @example
 * ```ts
 * const opts: ApprovalOptions = { message: 'Promote to 100%?', approvers: ['@acme/sre'], timeout: '2h', onTimeout: 'reject' };
 * ```
 */
export interface ApprovalOptions extends Omit<StepOptions, 'timeout'> {
  message: string;
  /** GitHub logins or `org/team` slugs; empty means anyone allowed to run the workflow. */
  approvers?: readonly string[];
  /** Required: a human checkpoint never waits forever. */
  timeout: DurationString;
  onTimeout?: 'reject' | 'approve';
  /** Tell a human (with the run's link) that this approval waits. */
  notifyHuman?: NotifyHumanOptions;
}

/**
 * A human checkpoint: the run waits until an approver decides or the timeout passes.
 * @example
 * ```ts
 * approval('approve-promote', { message: 'Canary healthy. Promote?', approvers: ['@acme/sre'], timeout: '1h' });
 * ```
 */
export function approval(id: string, options: ApprovalOptions): OutputStep<ApprovalOutput> {
  return {
    kind: 'flowops.step',
    id,
    invocations: [],
    output: ref<ApprovalOutput>(`steps.${id}.output`),
    status: ref<string>(`steps.${id}.status`),
    toIR: () => {
      const ir: Record<string, unknown> = { ...baseFields(id, options), type: 'approval', message: options.message };
      if (options.approvers !== undefined) ir.approvers = [...options.approvers];
      ir.timeout = options.timeout;
      if (options.onTimeout !== undefined) ir.onTimeout = options.onTimeout;
      if (options.notifyHuman !== undefined) ir.notifyHuman = toRecord(options.notifyHuman, `${id}.notifyHuman`);
      return ir as Step;
    },
  };
}

/**
 * Pause the run (a durable timer).
 * @example
 * ```ts
 * sleep('bake', '10m');
 * ```
 */
export function sleep(id: string, duration: DurationString, options?: Omit<StepOptions, 'timeout'>): StepNode {
  return {
    kind: 'flowops.step',
    id,
    invocations: [],
    toIR: () => ({ ...baseFields(id, options), type: 'sleep', duration }) as Step,
  };
}

/**
 * Options of `call`.
 * @example
 * ```ts
 * const opts: CallOptions = { version: '1.2.0', timeout: '1h' };
 * ```
 */
export interface CallOptions extends StepOptions {
  /** Pin the child's version; default: the version active in the target environment. */
  version?: string;
}

type InputOf<W> = W extends WorkflowDefinition<infer S> ? z.input<S> : Record<string, unknown>;

/**
 * Run another flowops workflow as a child and wait for its result. Pass the child's definition
 * (imported) for a typed input, or its name.
 * @example
 * ```ts
 * call('backfill-orders', 'data-backfill', { dataset: 'orders', partitions: ['2024-01'] }, { version: '1.0.0' });
 * ```
 */
export function call<W extends WorkflowDefinition | string>(
  id: string,
  workflow: W,
  input: Refable<InputOf<W>>,
  options?: CallOptions,
): OutputStep<Record<string, unknown>> {
  const name = typeof workflow === 'string' ? workflow : workflow.name;
  return {
    kind: 'flowops.step',
    id,
    invocations: [],
    output: ref<Record<string, unknown>>(`steps.${id}.output`),
    status: ref<string>(`steps.${id}.status`),
    toIR: () => {
      const ir: Record<string, unknown> = { ...baseFields(id, options), type: 'call', workflow: name };
      if (options?.version !== undefined) ir.version = options.version;
      ir.with = toRecord(input, `${id}.with`);
      return ir as Step;
    },
  };
}
