/**
 * Operator controls on action steps: `checkpointAfter` (an approval right after the step) and,
 * when a step fails for good, `notifyHuman` and `allowSkip` (the step waits for the `skip`
 * update and then produces its `fallbackOutput`). Active only when the step (or, for
 * notifications, the workflow) declares them, so existing definitions issue the same commands.
 * Sandbox-safe.
 * @module
 */
import { type ActionStep, type ApprovalStep, walkSteps } from '@flowops/core';
import { ApplicationFailure, condition } from '@temporalio/workflow';
import { resolve } from './expr';
import type { StepFailure } from './failures';
import { notifyConfig, notifyHuman } from './notify';
import type { Frame, RunState } from './run-state';
import type { SkipDecision, StepRecord } from './types';

/** How long a `checkpointAfter: true` approval waits before it rejects. */
export const CHECKPOINT_TIMEOUT = '1d';

/** The approval `checkpointAfter` stands for: id `<step>:checkpoint`, always `onError: fail`. */
export function checkpointStep(step: ActionStep): ApprovalStep {
  const cfg = step.checkpointAfter === true || step.checkpointAfter === undefined ? {} : step.checkpointAfter;
  const approval: ApprovalStep = {
    id: `${step.id}:checkpoint`,
    type: 'approval',
    dependsOn: [],
    message: cfg.message ?? `Checkpoint after "${step.id}": continue the run?`,
    approvers: cfg.approvers ?? [],
    timeout: cfg.timeout ?? CHECKPOINT_TIMEOUT,
    onTimeout: 'reject',
    onError: 'fail',
  };
  if (step.notifyHuman) approval.notifyHuman = step.notifyHuman;
  return approval;
}

/**
 * A step failed for good: notify (if configured); with `allowSkip`, wait for an operator's skip
 * and finish the step as `skipped` with its fallback output. True when the step was skipped.
 */
export async function operatorDecides(run: RunState, step: ActionStep, frame: Frame, r: StepRecord, f: StepFailure): Promise<boolean> {
  const error = f.toStepError();
  const waits = step.allowSkip === true && !run.args.dryRun;
  if (notifyConfig(run, step)) await notifyHuman(run, step, r, { kind: waits ? 'skip-waiting' : 'failed', error: error.message });
  if (!waits) return false;
  r.error = error;
  run.waitingSkips.set(r.key, step);
  try {
    await condition(() => run.skips.has(r.key));
  } finally {
    run.waitingSkips.delete(r.key);
  }
  const d = run.skips.get(r.key)!;
  const fallback = resolve(step.fallbackOutput ?? null, run.scope(frame));
  const output = fallback.ok ? fallback.value : null;
  run.finish(frame, r, 'skipped', { output, error, reason: `skipped by ${d.by}: ${d.reason}` });
  return true;
}

const refuse = (type: 'FLOW_USAGE' | 'FLOW_STEP_NOT_WAITING', message: string): ApplicationFailure =>
  ApplicationFailure.create({ type, message, nonRetryable: true });

/** The waiting step a skip addresses: its exact key, or a bare id matching one waiting step. */
export function skipKey(run: RunState, stepId: string): string | undefined {
  const waiting = [...run.waitingSkips.keys()].filter((k) => !run.skips.has(k));
  if (waiting.includes(stepId)) return stepId;
  const matches = waiting.filter((k) => run.records.get(k)?.id === stepId);
  return matches.length === 1 ? matches[0] : undefined;
}

/** Validator of the `skip` update: a reason, who, and a step that waits for a skip right now. */
export function validateSkip(run: RunState, d: SkipDecision): void {
  if (!d || typeof d.stepId !== 'string') throw refuse('FLOW_USAGE', 'skip needs { stepId, by, reason }');
  if (typeof d.by !== 'string' || d.by.length === 0) throw refuse('FLOW_USAGE', 'skip needs "by": who decided');
  if (typeof d.reason !== 'string' || d.reason.trim().length === 0) {
    throw refuse('FLOW_USAGE', `skip of "${d.stepId}" needs a reason`);
  }
  if (skipKey(run, d.stepId)) return;
  const waiting = [...run.waitingSkips.keys()].filter((k) => !run.skips.has(k));
  const known = run.records.get(d.stepId) ?? [...run.records.values()].find((r) => r.id === d.stepId);
  const declared = [...walkSteps(run.ir.steps)].some(({ step }) => step.id === d.stepId.replace(/^.*\]\./, ''));
  const why = known ? `is not waiting for a skip (${known.status})` : declared ? 'has not run yet' : 'is not a step of this run';
  throw refuse('FLOW_STEP_NOT_WAITING', `Step "${d.stepId}" ${why}; steps waiting for a skip: ${waiting.length ? waiting.join(', ') : 'none'}`);
}
