/**
 * Re-running runs: `retryRun` starts a new run with the same definition (IR, hence version),
 * input and env values as an earlier one, linked by the memo `retryOf`; `redriveRuns` does it
 * for a selection of failed runs (the dead-letter view) in bounded batches, skipping runs that
 * were already re-run.
 * @module
 */
import { FlowError } from '@flowops/core';
import type { Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow/index.js';
import type { InterpreterArgs } from '../workflows/types';
import { runNotFound } from './run-detail';
import { MAX_LIST_LIMIT, RETRY_OF_MEMO, type RunSummary, listRuns } from './run-list';
import type { RunListStatus } from './run-query';
import { startRun } from './runs';

/** The arguments a run was started with (from the first event of its history, decoded). */
export async function startArgsOf(client: Client, id: string): Promise<InterpreterArgs> {
  let history: Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>;
  try {
    history = await client.workflow.getHandle(id).fetchHistory();
  } catch {
    throw runNotFound(id, client.options.namespace);
  }
  const payloads = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
  const args = await decodeFromPayloadsAtIndex<InterpreterArgs>(client.options.loadedDataConverter, 0, payloads);
  if (!args?.ir) throw new FlowError({ code: 'FLOW_USAGE', message: `${id} is not a flowops run`, hint: 'pass the id of a run started by flowops' });
  return args;
}

export interface RetryOptions {
  taskQueue: string;
  triggeredBy?: string | undefined;
}

export interface RetriedRun {
  /** The run that was re-run. */
  retryOf: string;
  workflowId: string;
  runId: string;
}

/** Start a new run with the same IR, input, env values and `call` definitions as `id`, linked to it. */
export async function retryRun(client: Client, id: string, o: RetryOptions): Promise<RetriedRun> {
  const args = await startArgsOf(client, id);
  const started = await startRun({
    client,
    ir: args.ir,
    input: args.input,
    env: args.env,
    childIrs: args.childIrs,
    taskQueue: o.taskQueue,
    triggeredBy: o.triggeredBy ?? args.triggeredBy,
    gitSha: args.gitSha,
    dryRun: args.dryRun,
    memo: { [RETRY_OF_MEMO]: id },
  });
  return { retryOf: id, workflowId: started.workflowId, runId: started.runId };
}

/** Default number of runs started at once by a redrive, and of runs one redrive considers. */
export const DEFAULT_REDRIVE_BATCH = 10;
export const DEFAULT_REDRIVE_LIMIT = 100;

export interface RedriveOptions extends RetryOptions {
  workflow: string;
  /** Default `failed`. */
  status?: RunListStatus | undefined;
  since: Date;
  /** Runs started at once (default 10). */
  batchSize?: number | undefined;
  /** Runs one redrive re-runs at most (default 100). */
  limit?: number | undefined;
  dryRun?: boolean | undefined;
}

export interface RedriveResult {
  /** The runs selected (not yet re-run), oldest first. */
  selected: RunSummary[];
  /** The new runs (empty for a dry run). */
  started: RetriedRun[];
  /** Runs that could not be re-run, with why. */
  errors: { workflowId: string; message: string }[];
  batches: number;
}

/**
 * Select the runs (FLOW_REDRIVE_NO_MATCH when none is left to re-run) and, unless `dryRun`,
 * re-run them `batchSize` at a time, each linked to its original.
 */
export async function redriveRuns(client: Client, o: RedriveOptions): Promise<RedriveResult> {
  const status = o.status ?? 'failed';
  const limit = Math.max(1, o.limit ?? DEFAULT_REDRIVE_LIMIT);
  const batchSize = Math.max(1, o.batchSize ?? DEFAULT_REDRIVE_BATCH);
  const candidates = await listRuns(client, { workflow: o.workflow, status, since: o.since }, MAX_LIST_LIMIT);
  // runs already re-run: any run started since then links to them
  const rerun = new Set((await listRuns(client, { workflow: o.workflow, since: o.since }, MAX_LIST_LIMIT)).map((r) => r.retryOf).filter(Boolean));
  const selected = candidates
    .filter((r) => !rerun.has(r.workflowId))
    .reverse()
    .slice(0, limit);
  if (selected.length === 0) {
    throw new FlowError({
      code: 'FLOW_REDRIVE_NO_MATCH',
      message: `no ${status} run of "${o.workflow}" since ${o.since.toISOString()} is left to redrive (${candidates.length} matched, all already re-run)`,
      hint: 'check the name with `flowops runs list --workflow <name>` and widen --since or --status',
    });
  }
  const result: RedriveResult = { selected, started: [], errors: [], batches: 0 };
  if (o.dryRun) return result;
  for (let i = 0; i < selected.length; i += batchSize) {
    const batch = selected.slice(i, i + batchSize);
    result.batches++;
    const settled = await Promise.allSettled(batch.map((r) => retryRun(client, r.workflowId, o)));
    settled.forEach((s, k) => {
      if (s.status === 'fulfilled') result.started.push(s.value);
      else result.errors.push({ workflowId: batch[k]!.workflowId, message: s.reason instanceof Error ? s.reason.message.split('\n')[0]! : String(s.reason) });
    });
  }
  return result;
}
