/**
 * Ending and removing runs: `cancelRun` (a running run only), `deleteRuns` (closed runs that
 * closed before a date, bounded, with a dry run), and the namespace's retention (read and set).
 * @module
 */
import { FlowError } from '@flowops/core';
import type { Client } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { describeRun } from './run-detail';
import { type RunSummary, listRuns } from './run-list';

/** Request cancellation of a running run (FLOW_RUN_NOT_FOUND; FLOW_RUN_NOT_RUNNING when it has ended). */
export async function cancelRun(client: Client, id: string): Promise<RunSummary> {
  const run = await describeRun(client, id);
  if (run.status !== 'running') {
    throw new FlowError({
      code: 'FLOW_RUN_NOT_RUNNING',
      message: `${id} is not running (it ${run.status === 'continued' ? 'continued as new' : `ended ${run.status}`})`,
      hint: 'cancel a run that `flowops runs list --status running` shows',
    });
  }
  await client.workflow.getHandle(id).cancel();
  return run;
}

/** Default and maximum number of runs one `runs delete` removes. */
export const DEFAULT_DELETE_LIMIT = 100;
export const MAX_DELETE_LIMIT = 1000;

export interface DeleteResult {
  /** The closed runs selected. */
  selected: RunSummary[];
  /** Ids deleted (empty for a dry run). */
  deleted: string[];
  errors: { workflowId: string; message: string }[];
}

/** Delete closed runs that closed before `before` (optionally of one workflow), at most `limit`. */
export async function deleteRuns(
  client: Client,
  o: { before: Date; workflow?: string | undefined; limit?: number | undefined; dryRun?: boolean | undefined },
): Promise<DeleteResult> {
  const limit = Math.max(1, Math.min(o.limit ?? DEFAULT_DELETE_LIMIT, MAX_DELETE_LIMIT));
  const selected = (await listRuns(client, { workflow: o.workflow, closedBefore: o.before, dryRuns: true }, limit)).filter((r) => r.status !== 'running');
  const result: DeleteResult = { selected, deleted: [], errors: [] };
  if (o.dryRun) return result;
  for (const run of selected) {
    try {
      await client.workflowService.deleteWorkflowExecution({
        namespace: client.options.namespace,
        workflowExecution: { workflowId: run.workflowId, runId: run.runId },
      });
      result.deleted.push(run.workflowId);
    } catch (err) {
      result.errors.push({ workflowId: run.workflowId, message: err instanceof Error ? err.message.split('\n')[0]! : String(err) });
    }
  }
  return result;
}

const DAY_MS = 86_400_000;

/** `30d`, `72h` → milliseconds (at least 1 day, as Temporal requires); FLOW_CONFIG_INVALID otherwise. */
export function parseRetention(text: string): number {
  const m = /^(\d+)\s*(h|d)$/.exec(text.trim());
  const ms = m ? Number(m[1]) * (m[2] === 'h' ? 3_600_000 : DAY_MS) : Number.NaN;
  if (!(ms >= DAY_MS)) {
    throw new FlowError({
      code: 'FLOW_CONFIG_INVALID',
      message: `retention "${text}" is not a duration of at least 1 day`,
      hint: 'write it in days or hours, e.g. retention: "30d" or "72h"',
    });
  }
  return ms;
}

/** Days of a retention in milliseconds (`30d`), for display. */
export function formatRetention(ms: number): string {
  return ms % DAY_MS === 0 ? `${ms / DAY_MS}d` : `${Math.round(ms / 3_600_000)}h`;
}

/** The namespace's workflow execution retention, in milliseconds. */
export async function getRetention(client: Client): Promise<number | undefined> {
  const ns = await client.workflowService.describeNamespace({ namespace: client.options.namespace });
  const ttl = ns.config?.workflowExecutionRetentionTtl;
  if (!ttl) return undefined;
  return Number(ttl.seconds ?? 0) * 1000 + Math.round((ttl.nanos ?? 0) / 1e6);
}

/** Set the namespace's workflow execution retention. */
export async function setRetention(client: Client, ms: number): Promise<void> {
  await client.workflowService.updateNamespace({
    namespace: client.options.namespace,
    config: { workflowExecutionRetentionTtl: msToTs(ms) },
  });
}
