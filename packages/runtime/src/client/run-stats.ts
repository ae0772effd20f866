/**
 * SLIs of one workflow from visibility (`flowops stats`): success rate over closed runs,
 * p50/p95 end-to-end duration, and retry rate (share of runs that re-run an earlier one, linked
 * by `retryOf`). Reads a bounded number of pages.
 * @module
 */
import type { Client } from '@temporalio/client';
import { type RunSummary, summarize } from './run-list';
import { buildRunsQuery } from './run-query';

export const STATS_PAGE_SIZE = 100;
export const DEFAULT_STATS_PAGES = 10;

export interface RunStats {
  workflow: string;
  since: string;
  /** Runs read (running ones included). */
  runs: number;
  closed: number;
  succeeded: number;
  failed: number;
  /** succeeded / closed (undefined when no run closed). */
  successRate: number | undefined;
  /** Of closed runs, in milliseconds (nearest rank). */
  p50DurationMs: number | undefined;
  p95DurationMs: number | undefined;
  /** Runs that re-run an earlier run (retry/redrive) / runs. */
  retryRate: number | undefined;
  /** True when the page bound stopped the read before the end. */
  truncated: boolean;
}

/** Nearest-rank percentile of sorted numbers. */
export function percentile(sorted: number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** The stats of a list of runs (the rule; `runStats` feeds it from visibility). */
export function computeStats(workflow: string, since: Date, runs: RunSummary[], truncated = false): RunStats {
  const closed = runs.filter((r) => r.status !== 'running' && r.status !== 'continued');
  const succeeded = closed.filter((r) => r.status === 'succeeded').length;
  const durations = closed.map((r) => r.durationMs ?? 0).sort((a, b) => a - b);
  return {
    workflow,
    since: since.toISOString(),
    runs: runs.length,
    closed: closed.length,
    succeeded,
    failed: closed.filter((r) => r.status === 'failed').length,
    successRate: closed.length ? succeeded / closed.length : undefined,
    p50DurationMs: percentile(durations, 50),
    p95DurationMs: percentile(durations, 95),
    retryRate: runs.length ? runs.filter((r) => r.retryOf).length / runs.length : undefined,
    truncated,
  };
}

/** Read at most `pages` pages of the workflow's runs since `since` and compute their stats. */
export async function runStats(client: Client, o: { workflow: string; since: Date; pages?: number | undefined }): Promise<RunStats> {
  const max = Math.max(1, o.pages ?? DEFAULT_STATS_PAGES) * STATS_PAGE_SIZE;
  const runs: RunSummary[] = [];
  let truncated = false;
  for await (const info of client.workflow.list({ query: buildRunsQuery({ workflow: o.workflow, since: o.since }), pageSize: STATS_PAGE_SIZE })) {
    if (runs.length >= max) {
      truncated = true;
      break;
    }
    runs.push(summarize(info));
  }
  return computeStats(o.workflow, o.since, runs, truncated);
}
