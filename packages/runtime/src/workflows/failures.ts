/**
 * Turning whatever a step throws into a flowops failure (code + message), and the final
 * `ApplicationFailure` a failed run ends with. Sandbox-safe.
 * @module
 */
import type { FlowIssue } from '@flowops/core';
import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  ChildWorkflowFailure,
  ContinueAsNew,
  TemporalFailure,
  TimeoutFailure,
} from '@temporalio/workflow';
import type { StepError } from './types';

/** A step failure inside the interpreter. */
export class StepFailure extends Error {
  /** Key of the step that failed first (set when recorded). */
  step?: string;
  constructor(
    readonly code: string,
    message: string,
    /** The underlying code (e.g. FLOW_PLUGIN_ERROR under FLOW_STEP_FAILED). */
    readonly detailCode?: string,
  ) {
    super(message);
    this.name = 'StepFailure';
  }
  toStepError(): StepError {
    return { code: this.detailCode ?? this.code, message: this.message };
  }
}

/** Failure from resolve/evaluate issues (FLOW_INVALID_TEMPLATE, FLOW_INVALID_REFERENCE, …). */
export function issuesFailure(stepKey: string, what: string, issues: FlowIssue[], code?: string): StepFailure {
  const first = issues[0];
  const detail = issues.map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}${i.hint ? ` — To fix: ${i.hint}` : ''}`).join('; ');
  return new StepFailure(code ?? first?.code ?? 'FLOW_INTERNAL', `Step "${stepKey}": could not ${what}: ${detail}`);
}

/** Errors the interpreter must never swallow. */
export function mustPropagate(err: unknown): boolean {
  return err instanceof ContinueAsNew;
}

/** The first error of class `type` along `err`'s cause chain (`err` itself included; at most 10 deep). */
function findCause<T>(err: unknown, type: abstract new (...args: never[]) => T): T | undefined {
  let cur: unknown = err;
  for (let i = 0; i < 10 && cur; i++) {
    if (cur instanceof type) return cur;
    cur = cur instanceof Error ? (cur as { cause?: unknown }).cause : undefined;
  }
  return undefined;
}

/** Map anything a step threw to a StepFailure with a flowops code. */
export function toStepFailure(stepKey: string, err: unknown): StepFailure {
  if (err instanceof StepFailure) return err;
  if (err instanceof ActivityFailure || err instanceof ChildWorkflowFailure) {
    const timeout = findCause(err, TimeoutFailure);
    if (timeout) {
      return new StepFailure('FLOW_STEP_TIMEOUT', `Step "${stepKey}" timed out (${String(timeout.timeoutType ?? 'timeout')})`);
    }
    const app = findCause(err, ApplicationFailure);
    // a live worker reporting the step timeout itself (a step without retry: see activities/liveness.ts)
    if (app?.type === 'FLOW_STEP_TIMEOUT') return new StepFailure('FLOW_STEP_TIMEOUT', `Step "${stepKey}" timed out: ${app.message}`);
    const code = app?.type ?? 'FLOW_PLUGIN_ERROR';
    const message = app?.message ?? err.cause?.message ?? err.message;
    if (err instanceof ChildWorkflowFailure && app?.type) {
      return new StepFailure('FLOW_STEP_FAILED', `Step "${stepKey}" (child workflow) failed: ${message}`, code);
    }
    // the code once: an activity's message already ends with it (formatIssue)
    const coded = message.trimEnd().endsWith(`[${code}]`) ? message : `${message} [${code}]`;
    return new StepFailure('FLOW_STEP_FAILED', `Step "${stepKey}" failed: ${coded}`, code);
  }
  if (err instanceof CancelledFailure) return new StepFailure('FLOW_STEP_FAILED', `Step "${stepKey}" was cancelled`);
  if (err instanceof TemporalFailure) return new StepFailure('FLOW_STEP_FAILED', `Step "${stepKey}" failed: ${err.message}`);
  const message = err instanceof Error ? err.message : String(err);
  return new StepFailure('FLOW_INTERNAL', `Step "${stepKey}" hit an internal error: ${message}`);
}
