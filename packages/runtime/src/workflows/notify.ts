/**
 * `notifyHuman`: one activity (`slack.postMessage@1` or `log.write@1`) that tells an operator a
 * step failed for good or is waiting for them, with the run's link. Its step key is
 * `<step>:notify`, so its idempotency key follows @flowops/core's scheme; it runs once per event
 * (the interpreter calls it once; only a lost attempt is retried). Only the webhook URL is
 * resolved as a template (its secret stays in a slot); the text is data. A notification that
 * cannot be delivered never changes the step's outcome. Sandbox-safe.
 * @module
 */
import { type NotifyHuman, type Step, runUiLink } from '@flowops/core';
import { workflowInfo } from '@temporalio/workflow';
import { resolveAction } from './expr';
import { mustPropagate } from './failures';
import { callAction } from './leaf-steps';
import type { RunState } from './run-state';
import type { ActionRequest, StepRecord } from './types';

/** What happened: the step failed for good, or waits for an operator (skip or approval). */
export type NotifyEvent = { kind: 'failed'; error: string } | { kind: 'skip-waiting'; error: string } | { kind: 'approval-waiting'; message: string };

/** The notification settings that apply to a step: its own, else the workflow's. */
export function notifyConfig(run: RunState, step: Step): NotifyHuman | undefined {
  if (run.args.dryRun) return undefined;
  const own = step.type === 'action' || step.type === 'approval' ? step.notifyHuman : undefined;
  return own ?? run.ir.notifyHuman;
}

/** The message text: what happened, where, and the run's link (or its id when no UI is known). */
export function notifyText(run: RunState, stepKey: string, event: NotifyEvent): string {
  const info = workflowInfo();
  const link = runUiLink(run.args.uiUrl, info.namespace, info.workflowId) ?? `run ${info.workflowId} (namespace ${info.namespace})`;
  const what =
    event.kind === 'failed'
      ? `step "${stepKey}" failed after its retries: ${event.error}`
      : event.kind === 'skip-waiting'
        ? `step "${stepKey}" failed and waits for an operator: ${event.error}\nSkip it with: flowops runs skip ${info.workflowId} ${stepKey} --reason "…"`
        : `approval "${stepKey}" is waiting: ${event.message}`;
  return `flowops ${run.ir.name}@${run.ir.version}: ${what}\nRun: ${link}`;
}

/** Send the notification of `step` for `event`, if it has one; never throws (except continue-as-new). */
export async function notifyHuman(run: RunState, step: Step, r: StepRecord, event: NotifyEvent): Promise<void> {
  const cfg = notifyConfig(run, step);
  if (!cfg) return;
  const text = notifyText(run, r.key, event);
  const request: ActionRequest = { stepId: `${r.key}:notify`, with: {}, dryRun: false };
  let uses: string;
  if ('slack' in cfg) {
    uses = 'slack.postMessage@1';
    const hook = { webhookUrl: cfg.slack.webhookUrl };
    const res = resolveAction({ with: hook }, hook, run.scope({ prefix: '', hasItem: false, local: new Map() }));
    if (!res.ok) {
      r.notify = { status: 'failed', error: res.issues[0]?.message ?? 'could not resolve the Slack webhook' };
      return;
    }
    request.with = { ...(res.value.value as Record<string, unknown>), text, ...(cfg.slack.channel ? { channel: cfg.slack.channel } : {}) };
    if (res.value.slots.length > 0) request.secretSlots = res.value.slots;
    if (res.value.secrets.length > 0) request.secrets = res.value.secrets;
  } else {
    uses = 'log.write@1';
    request.with = { level: cfg.log.level ?? 'warn', message: text, fields: { workflowId: workflowInfo().workflowId, step: r.key } };
  }
  try {
    await callAction(run, { uses, retry: { maxAttempts: 5, backoff: 'exponential', initialInterval: '1s' }, timeout: '30s' }, request);
    r.notify = { status: 'sent' };
  } catch (err) {
    if (mustPropagate(err)) throw err;
    r.notify = { status: 'failed', error: err instanceof Error ? err.message : String(err) };
  }
}
