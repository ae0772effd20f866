/**
 * The interpreter's metrics events, sent through a Temporal sink (`flowopsMetrics`): a run started,
 * a run ended (with its status), an approval started or stopped waiting. Sinks add nothing to
 * history; the worker side (`metrics/workflow-metrics.ts`) turns them into Prometheus series
 * labelled by workflow name and version. Sandbox code.
 * @module
 */
import { ContinueAsNew, type Sinks, isCancellation, proxySinks, workflowInfo } from '@temporalio/workflow';
import type { InterpreterArgs } from './types';

/** The labels of a run's series. */
export interface RunLabels {
  workflow: string;
  version: string;
}

/** How a run ended, as the metrics name it. */
export type RunEndStatus = 'succeeded' | 'failed' | 'cancelled';

/** The sink the interpreter calls; the worker injects it (`workflowMetricsSinks`). */
export interface FlowopsMetricsSinks extends Sinks {
  flowopsMetrics: {
    /** A run's first workflow task (not after continue-as-new). */
    runStarted(labels: RunLabels): void;
    /** Every workflow task, replays included: tells the worker which run has which labels. */
    runSeen(labels: RunLabels): void;
    /** The run completed, failed or was cancelled (continue-as-new is not an end). */
    runEnded(labels: RunLabels, status: RunEndStatus): void;
    /** An approval step started (`waiting: true`) or stopped waiting for a decision. */
    approvalWaiting(labels: RunLabels, step: string, waiting: boolean): void;
  };
}

const { flowopsMetrics } = proxySinks<FlowopsMetricsSinks>();

let current: RunLabels | undefined;

/** Run the interpreter with start/end events around it. */
export async function observeRun<T>(args: InterpreterArgs, run: () => Promise<T>): Promise<T> {
  current = { workflow: args.ir?.name ?? 'unknown', version: args.ir?.version ?? 'unknown' };
  const labels = current;
  flowopsMetrics.runSeen(labels);
  if (args.state === undefined) flowopsMetrics.runStarted(labels);
  try {
    const result = await run();
    flowopsMetrics.runEnded(labels, 'succeeded');
    return result;
  } catch (err) {
    // continue-as-new is thrown too: the chain goes on
    if (!(err instanceof ContinueAsNew)) flowopsMetrics.runEnded(labels, isCancellation(err) ? 'cancelled' : 'failed');
    throw err;
  }
}

/** Tell the worker an approval step started or stopped waiting (`step`: its key in this run). */
export function approvalWaiting(step: string, waiting: boolean): void {
  flowopsMetrics.approvalWaiting(current ?? { workflow: 'unknown', version: 'unknown' }, `${workflowInfo().workflowId}/${step}`, waiting);
}
