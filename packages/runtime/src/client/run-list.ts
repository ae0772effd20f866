/**
 * Listing runs from Temporal visibility (bounded): one summary per run with its flowops search
 * attributes and the `retryOf` link a retried or redriven run carries in its memo.
 * @module
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { type RunListStatus, type RunSelection, buildRunsQuery, runStatusOf } from './run-query';
import { FlowName, FlowVersion, TriggeredBy } from './search-attributes';

/** The memo key that links a retried/redriven run to the run it re-runs. */
export const RETRY_OF_MEMO = 'retryOf';

/** Default and hard limit of runs one listing reads. */
export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 10_000;

/** One run as `flowops runs list` shows it. */
export interface RunSummary {
  workflowId: string;
  runId: string;
  workflow: string | undefined;
  version: string | undefined;
  status: RunListStatus | 'continued';
  startTime: string;
  closeTime: string | undefined;
  durationMs: number | undefined;
  triggeredBy: string | undefined;
  /** The run this one re-runs (`runs retry` / `runs redrive`). */
  retryOf: string | undefined;
}

/** A visibility row as a RunSummary. */
export function summarize(info: WorkflowExecutionInfo): RunSummary {
  const sa = info.typedSearchAttributes;
  const retryOf = info.memo?.[RETRY_OF_MEMO];
  return {
    workflowId: info.workflowId,
    runId: info.runId,
    workflow: sa.get(FlowName),
    version: sa.get(FlowVersion),
    status: runStatusOf(info.status.name),
    startTime: info.startTime.toISOString(),
    closeTime: info.closeTime?.toISOString(),
    durationMs: info.closeTime ? info.closeTime.getTime() - info.startTime.getTime() : undefined,
    triggeredBy: sa.get(TriggeredBy),
    retryOf: typeof retryOf === 'string' ? retryOf : undefined,
  };
}

/** Runs matching `selection`, newest first, at most `limit` (default 100, at most 10 000). */
export async function listRuns(client: Client, selection: RunSelection, limit = DEFAULT_LIST_LIMIT): Promise<RunSummary[]> {
  const max = Math.max(1, Math.min(limit, MAX_LIST_LIMIT));
  const out: RunSummary[] = [];
  for await (const info of client.workflow.list({ query: buildRunsQuery(selection), pageSize: Math.min(max, 1000) })) {
    out.push(summarize(info));
    if (out.length >= max) break;
  }
  return out;
}
