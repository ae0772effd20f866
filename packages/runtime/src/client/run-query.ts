/**
 * The visibility query of a run selection (`flowops runs list|redrive|delete`, `flowops stats`):
 * flowops statuses ↔ Temporal execution statuses, `--since 1d` durations, dates, and the query
 * text built over flowops' search attributes (FlowName, DryRun).
 * @module
 */
import { FlowError } from '@flowops/core';
import { parseSince } from '../versioning/replay';
import { INTERPRETER_WORKFLOW_TYPE } from '../workflows/types';

/** Run statuses as flowops names them. */
export const RUN_STATUSES = ['running', 'succeeded', 'failed', 'cancelled', 'terminated', 'timed_out'] as const;
export type RunListStatus = (typeof RUN_STATUSES)[number];

const TO_TEMPORAL: Record<RunListStatus, string> = {
  running: 'Running',
  succeeded: 'Completed',
  failed: 'Failed',
  cancelled: 'Canceled',
  terminated: 'Terminated',
  timed_out: 'TimedOut',
};

/** A Temporal execution status name (`COMPLETED`, `Completed`, …) as a flowops status. */
export function runStatusOf(temporal: string): RunListStatus | 'continued' {
  const key = temporal.toUpperCase().replace(/_/g, '').replace('CANCELLED', 'CANCELED'); // status names say CANCELLED, queries Canceled
  if (key === 'CONTINUEDASNEW') return 'continued';
  for (const [mine, theirs] of Object.entries(TO_TEMPORAL)) if (theirs.toUpperCase() === key) return mine as RunListStatus;
  return 'running';
}

/** `--since 1d` (s, m, h, d: the one duration syntax of `flowops replay`) → the time that long ago; FLOW_USAGE otherwise. */
export function sinceDate(text: string, now = Date.now()): Date {
  const ms = parseSince(text);
  if (ms === undefined) {
    throw new FlowError({ code: 'FLOW_USAGE', message: `--since "${text}" is not a duration`, hint: 'write a number and a unit: 90s, 30m, 12h or 7d' });
  }
  return new Date(now - ms);
}

/** `2026-01-31` or an ISO timestamp → Date; FLOW_USAGE otherwise. */
export function parseDate(text: string, flag = '--before'): Date {
  const d = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(text.trim()) ? new Date(text.trim()) : new Date(Number.NaN);
  if (Number.isNaN(d.getTime())) {
    throw new FlowError({
      code: 'FLOW_USAGE',
      message: `${flag} "${text}" is not a date`,
      hint: 'write a date (2026-01-31) or an ISO timestamp (2026-01-31T12:00:00Z)',
    });
  }
  return d;
}

/** A selection of runs. */
export interface RunSelection {
  /** Workflow name (FlowName). */
  workflow?: string | undefined;
  status?: RunListStatus | undefined;
  /** Only runs started at or after this time. */
  since?: Date | undefined;
  /** Only runs that closed before this time (closed runs only). */
  closedBefore?: Date | undefined;
  /** Include dry runs (default false). */
  dryRuns?: boolean | undefined;
}

/** Check a `--status` value; FLOW_USAGE with the known statuses otherwise. */
export function parseStatus(text: string): RunListStatus {
  if ((RUN_STATUSES as readonly string[]).includes(text)) return text as RunListStatus;
  throw new FlowError({ code: 'FLOW_USAGE', message: `unknown --status "${text}"`, hint: `use one of ${RUN_STATUSES.join(', ')}` });
}

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The visibility query of a selection (interpreter runs only; dry runs left out unless asked). */
export function buildRunsQuery(s: RunSelection): string {
  const parts = [`WorkflowType = ${quote(INTERPRETER_WORKFLOW_TYPE)}`];
  if (s.workflow) parts.push(`FlowName = ${quote(s.workflow)}`);
  if (!s.dryRuns) parts.push('DryRun = false');
  if (s.status) parts.push(`ExecutionStatus = ${quote(TO_TEMPORAL[s.status])}`);
  if (s.since) parts.push(`StartTime >= ${quote(s.since.toISOString())}`);
  if (s.closedBefore) parts.push(`CloseTime < ${quote(s.closedBefore.toISOString())}`, `ExecutionStatus != 'Running'`);
  return parts.join(' AND ');
}
