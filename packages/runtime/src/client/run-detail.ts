/**
 * One run in detail (`flowops runs show`): its summary and a per-step table (status, attempt,
 * duration, input/output/error passed through the redactor once more) with the first failing
 * step named — the debugging routine's "identify the failed step, read its error" in one answer.
 * @module
 */
import { FlowError } from '@flowops/core';
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { createRedactor } from '../redaction';
import type { StepKind } from '@flowops/core';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow/index.js';
import type { ActionRequest, StepError, StepStatus } from '../workflows/types';
import { type RunSummary, summarize } from './run-list';
import { getProgress, waitForResult } from './runs';

/** One row of a run's step table. */
export interface StepRow {
  step: string;
  kind: StepKind;
  status: StepStatus;
  attempt: number | undefined;
  durationMs: number | undefined;
  input?: unknown;
  output?: unknown;
  error?: StepError | undefined;
}

export interface RunDetail extends RunSummary {
  /** The run's failure (code and message), when it failed. */
  failure?: { code: string; message: string } | undefined;
  /** The first step that failed (the likely root cause). */
  firstFailingStep: string | undefined;
  steps: StepRow[];
  /** The run's output, when it succeeded. */
  output?: unknown;
}

/** FLOW_RUN_NOT_FOUND for an id the namespace does not know. */
export function runNotFound(id: string, namespace: string): FlowError {
  return new FlowError({
    code: 'FLOW_RUN_NOT_FOUND',
    message: `no run "${id}" in namespace ${namespace}`,
    hint: 'copy the id from `flowops runs list` (it looks like flowops-<name>-…)',
  });
}

/** Describe a run, FLOW_RUN_NOT_FOUND when it does not exist. */
export async function describeRun(client: Client, id: string): Promise<RunSummary> {
  try {
    return summarize((await client.workflow.getHandle(id).describe()) as unknown as WorkflowExecutionInfo);
  } catch {
    throw runNotFound(id, client.options.namespace);
  }
}

/** The last attempt of each action step (by step key) from a run's history (activity started events). */
export async function attemptsFromHistory(client: Client, id: string): Promise<Map<string, number>> {
  const history = await client.workflow.getHandle(id).fetchHistory();
  const stepOf = new Map<string, string>();
  const attempts = new Map<string, number>();
  for (const e of history.events ?? []) {
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled && e.eventId != null) {
      const req = await decodeFromPayloadsAtIndex<ActionRequest | undefined>(client.options.loadedDataConverter, 0, scheduled.input?.payloads).catch(
        () => undefined,
      );
      if (req?.stepId) stepOf.set(String(e.eventId), req.stepId);
    }
    const started = e.activityTaskStartedEventAttributes;
    if (started?.scheduledEventId != null) {
      const step = stepOf.get(String(started.scheduledEventId));
      if (step) attempts.set(step, started.attempt ?? 1);
    }
  }
  return attempts;
}

/** A run's summary and step table; values redacted (sensitive keys blanked) before they are returned. */
export async function showRun(client: Client, id: string): Promise<RunDetail> {
  const summary = await describeRun(client, id);
  const redactor = createRedactor([]);
  if (summary.status === 'running') {
    const progress = await getProgress(client, id);
    const steps = progress.steps.map<StepRow>((s) => ({
      step: s.step,
      kind: s.kind,
      status: s.status,
      attempt: s.attempt,
      durationMs: s.startedAt && s.endedAt ? Date.parse(s.endedAt) - Date.parse(s.startedAt) : undefined,
      ...(s.error ? { error: redactor.redact(s.error) } : {}),
    }));
    return { ...summary, firstFailingStep: steps.find((s) => s.status === 'failed')?.step, steps };
  }
  const outcome = await waitForResult(client, id);
  const steps = outcome.steps.map<StepRow>((t) => ({
    step: t.step,
    kind: t.kind,
    status: t.status,
    attempt: t.attempt,
    durationMs: t.durationMs,
    ...(t.input !== undefined ? { input: redactor.redact(t.input) } : {}),
    ...(t.output !== undefined ? { output: redactor.redact(t.output) } : {}),
    ...(t.error ? { error: { code: t.error.code, message: redactor.redactText(t.error.message) } } : {}),
  }));
  if (steps.some((s) => s.kind === 'action' && s.attempt === undefined)) {
    // a step that failed for good records no attempt: take it from the run's history
    const attempts = await attemptsFromHistory(client, id).catch(() => new Map<string, number>());
    for (const s of steps) if (s.attempt === undefined && attempts.has(s.step)) s.attempt = attempts.get(s.step);
  }
  const firstFailingStep = steps.find((s) => s.status === 'failed')?.step ?? (outcome.status === 'failed' ? outcome.failedStep : undefined);
  if (outcome.status === 'failed') {
    return { ...summary, failure: { code: outcome.code, message: redactor.redactText(outcome.message) }, firstFailingStep, steps };
  }
  return { ...summary, firstFailingStep, steps, output: redactor.redact(outcome.output) };
}
