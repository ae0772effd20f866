import { describe, expect, test } from 'vitest';
import { buildRunsQuery, parseDate, parseStatus, runStatusOf, sinceDate } from './run-query';
import { computeStats, percentile } from './run-stats';
import type { RunSummary } from './run-list';

describe('run selection', () => {
  test('the visibility query names the interpreter, the workflow, the status and the window; dry runs out unless asked', () => {
    const since = new Date('2026-11-29T00:00:00.000Z');
    expect(buildRunsQuery({ workflow: "it's", status: 'failed', since })).toBe(
      "WorkflowType = 'flowopsInterpreter' AND FlowName = 'it\\'s' AND DryRun = false AND ExecutionStatus = 'Failed' AND StartTime >= '2026-11-29T00:00:00.000Z'",
    );
    expect(buildRunsQuery({ closedBefore: since, dryRuns: true })).toBe(
      "WorkflowType = 'flowopsInterpreter' AND CloseTime < '2026-11-29T00:00:00.000Z' AND ExecutionStatus != 'Running'",
    );
  });

  test('statuses both ways, durations and dates; bad ones are FLOW_USAGE', () => {
    expect(runStatusOf('COMPLETED')).toBe('succeeded');
    expect(runStatusOf('TIMED_OUT')).toBe('timed_out');
    expect(runStatusOf('CONTINUED_AS_NEW')).toBe('continued');
    expect(runStatusOf('CANCELLED')).toBe('cancelled');
    expect(parseStatus('failed')).toBe('failed');
    expect(() => parseStatus('broken')).toThrow(/FLOW_USAGE/);
    expect(sinceDate('1d', Date.parse('2026-11-30T00:00:00Z')).toISOString()).toBe('2026-11-29T00:00:00.000Z');
    expect(() => sinceDate('yesterday')).toThrow(/--since "yesterday" is not a duration.*FLOW_USAGE/);
    expect(parseDate('2026-01-31').toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(() => parseDate('31/01/2026')).toThrow(/FLOW_USAGE/);
  });
});

describe('stats', () => {
  const run = (status: RunSummary['status'], durationMs: number | undefined, retryOf?: string): RunSummary => ({
    workflowId: `w${Math.random()}`,
    runId: 'r',
    workflow: 'w',
    version: '1.0.0',
    status,
    startTime: '2026-11-30T00:00:00.000Z',
    closeTime: durationMs === undefined ? undefined : '2026-11-30T00:00:01.000Z',
    durationMs,
    triggeredBy: undefined,
    retryOf,
  });

  test('nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBeUndefined();
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 95)).toBe(4);
    expect(percentile([5], 95)).toBe(5);
  });

  test('success rate over closed runs, durations of closed runs, retry rate over all runs', () => {
    const runs = [run('succeeded', 100), run('succeeded', 300, 'a'), run('failed', 200), run('cancelled', 400), run('running', undefined)];
    expect(computeStats('w', new Date(0), runs)).toMatchObject({
      runs: 5,
      closed: 4,
      succeeded: 2,
      failed: 1,
      successRate: 0.5,
      p50DurationMs: 200,
      p95DurationMs: 400,
      retryRate: 0.2,
      truncated: false,
    });
    expect(computeStats('w', new Date(0), [])).toMatchObject({ runs: 0, successRate: undefined, p50DurationMs: undefined, retryRate: undefined });
  });
});
